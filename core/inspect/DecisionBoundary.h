#pragma once
#include "autograd/Session.h"
#include "data/Dataset.h"

#include <map>

namespace miniflow {

/// The model over the input plane of a 2-feature dataset (TensorFlow Playground's view).
/// Grid point (i, j) is row i * resolution + j; i = 0 is the top (yMax), j = 0 the left (xMin).
struct BoundaryMap {
    int resolution = 0;
    double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
    /// resolution^2 x k. Softmax cross-entropy: class probabilities (k = classes);
    /// binary cross-entropy: P(class 1) (k = 1); MSE: the prediction itself.
    Tensor output;
    bool probabilities = true;      ///< false for MSE (any range)
    std::map<NodeId, Tensor> units; ///< hidden nodes' outputs, resolution^2 x their units
    Tensor points;                  ///< training features shown on the map, M x 2
    Tensor labels;                  ///< their targets, M x 1
    long step = 0;
};

/// Evaluates the grid in its own Session (never touching the training session's values),
/// with the trained parameters copied in. Built once per run, on the training thread.
class DecisionBoundary {
  public:
    static constexpr Index kMaxPoints = 600;  ///< training points drawn on the map
    static constexpr Index kMaxUnitCols = 32; ///< wider hidden nodes get no unit maps

    /// True when the Input with role "features" takes exactly 2 columns.
    static bool applies(const Plan& plan);
    /// The grid covers the training points with a 10% margin. Throws std::invalid_argument
    /// when !applies(plan).
    DecisionBoundary(const Plan& plan, const Dataset& train, int resolution = 40);

    /// Copies `trained`'s parameters, runs the grid forward (Mode::Eval).
    BoundaryMap evaluate(const Session& trained, long step);

  private:
    void placeGrid(const Dataset& train);
    Tensor outputOf(const Tensor& prediction) const;

    Session session_;
    NodeId features_, labels_, prediction_;
    LossPrediction lossPrediction_ = LossPrediction::None; ///< what the loss's prediction means
    std::vector<NodeId> unitNodes_;
    BoundaryMap layout_; ///< ranges and points; output and units filled per evaluation
    Tensor grid_;        ///< resolution^2 x 2
};

} // namespace miniflow
