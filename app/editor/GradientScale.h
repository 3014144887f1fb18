#pragma once
/// NOTE [Edge colours]
/// During training the canvas draws each Edge with a colour and a width that grow with one
/// number per edge, on a log scale over a range: cool grey (small) -> amber -> red (large);
/// non-finite values are magenta and dashed. What the number is (the quantity: gradient L2
/// norm, forward value L2 norm, or ||ΔW||/||W|| of a Parameter edge) and how the range is
/// chosen (the mode) are the user's choice. GradientScale is the one place that knows the
/// quantity, the range and the colour map: EdgeItem and GradientLegend both read it, so the
/// legend always states what the edges show.
#include "inspect/GradientSummary.h"

#include <QColor>
#include <QString>

#include <optional>
#include <vector>

/// How the range of an edge scale follows the data.
enum class EdgeScaleMode {
    RunWide,     ///< the smallest and largest value seen since the run started: it only grows
    PerSnapshot, ///< the smallest and largest value of the latest snapshot
    Fixed,       ///< a range the user set
};

/// What an edge's colour and width show.
enum class EdgeQuantity {
    Gradient,     ///< L2 norm of the gradient flowing back along the edge
    ForwardValue, ///< L2 norm of the value flowing forward along the edge (its source's output)
    UpdateRatio,  ///< ||ΔW|| / ||W|| of one step, on edges leaving a Parameter
};

/// Everything a snapshot says about one edge (each part may be missing).
struct EdgeReading {
    std::optional<miniflow::GradientSummary> gradient;
    std::optional<miniflow::GradientSummary> value; ///< the source node's output
    std::optional<double> updateRatio;              ///< only when the source is a Parameter
};

/// The edge scale model (NOTE [Edge colours]): quantity, mode, range and colour map.
class GradientScale {
  public:
    static constexpr double kMinWidth = 1.5; ///< pen width in pixels at the bottom of the range
    static constexpr double kMaxWidth = 6.0; ///< ... and at the top

    GradientScale() = default;
    /// A fixed scale over [minValue, maxValue] (tests, previews); both must be > 0.
    GradientScale(double minValue, double maxValue);

    EdgeQuantity quantity() const { return quantity_; }
    EdgeScaleMode mode() const { return mode_; }
    /// Changing the quantity forgets the range (it measured something else).
    void setQuantity(EdgeQuantity quantity);
    /// Changing the mode forgets the range, except Fixed, which takes the fixed range.
    void setMode(EdgeScaleMode mode);
    /// The range Fixed mode uses. Refused (false, *error says why) unless 0 < min < max and
    /// both are finite; the previous range is kept then.
    bool setFixedRange(double minValue, double maxValue, QString* error = nullptr);
    double fixedMin() const { return fixedMin_; }
    double fixedMax() const { return fixedMax_; }

    /// The number the current quantity reads from `reading`; NaN for a non-finite one,
    /// nullopt when the reading does not have it (e.g. update ratio on a non-Parameter edge).
    std::optional<double> pick(const EdgeReading& reading) const;
    /// Takes in one snapshot's picked values (finite, > 0 ones count) at `step`: Per-snapshot
    /// mode replaces the range, run-wide mode widens it, fixed mode ignores them.
    void observe(const std::vector<double>& values, long step);
    /// Forgets the range (a new run after Reset, another graph).
    void reset();

    /// True once a range exists (always in Fixed mode).
    bool hasRange() const { return mode_ == EdgeScaleMode::Fixed || hasData_; }
    double minValue() const;
    double maxValue() const;
    /// Run-wide: the step of the first snapshot the range covers; per-snapshot: the latest.
    long sinceStep() const { return since_; }
    long latestStep() const { return latest_; }

    /// 0 at minValue (or below), 1 at maxValue (or above), log-linear in between; 0 for
    /// values <= 0; 1 for NaN/Inf.
    double position(double value) const;
    /// The colour for `value`; magenta for NaN/Inf.
    QColor colour(double value) const;
    /// Pen width in pixels, from kMinWidth to kMaxWidth.
    double width(double value) const;

    /// The colour at position t in [0, 1] of the ramp (grey -> amber -> red).
    static QColor rampColour(double t);
    /// The ramp's stops (position, colour), for painting it as a gradient.
    static std::vector<std::pair<double, QColor>> rampStops();

    /// "gradient L2 norm", "forward value L2 norm", "update ratio ||ΔW||/||W||".
    static QString quantityName(EdgeQuantity quantity);
    /// "run-wide", "per snapshot", "fixed".
    static QString modeName(EdgeScaleMode mode);
    /// The mode and where the range comes from, e.g. "run-wide since step 12 (only grows)",
    /// "per snapshot (step 340 only)", "fixed range 1e-06 .. 0.5", "run-wide: no data yet"
    /// (the legend's ticks give the range's ends).
    QString modeText() const;

  private:
    EdgeQuantity quantity_ = EdgeQuantity::Gradient;
    EdgeScaleMode mode_ = EdgeScaleMode::RunWide;
    double min_ = 1e-4, max_ = 1.0; ///< the data range (run-wide, per snapshot)
    bool hasData_ = false;
    long since_ = 0, latest_ = 0;
    double fixedMin_ = 1e-4, fixedMax_ = 1.0;
};
