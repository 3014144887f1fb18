#pragma once
/// NOTE [Sample probe]
/// The feature-map view looks at one sample inside the model while it trains, without
/// slowing the training: a ProbeSession of its own (the document's graph and data, loaded
/// once per structure or dataset change), run off the GUI thread by a BackgroundJob, one
/// sample forward in evaluation mode with the parameters the view was last given (the
/// worker's live parameters while a run trains, NOTE [Live parameters]; the document's
/// otherwise; the seed's initial values when it holds none). The training worker never
/// runs a probe.
#include "inspect/ImageLayout.h"
#include "inspect/ProbeSession.h"

#include <QImage>
#include <QString>
#include <map>
#include <memory>

/// Which sample a view looks at: a row of one of the data's sets.
struct SampleRef {
    enum class Set { Train, Validation, Test };
    Set set = Set::Train;
    miniflow::Index row = 0;
    bool operator==(const SampleRef&) const = default;
};

QString setName(SampleRef::Set set);

/// A model to look into, owned by one job at a time (not thread-safe by itself).
class SampleProbe {
  public:
    using Parameters = std::map<miniflow::NodeId, miniflow::Tensor>;

    struct Output {
        miniflow::Tensor value; ///< the node's output for the sample: 1 x F
        miniflow::Shape shape;  ///< the node's planned shape (sampleDims say the image)
        std::string name;
        QImage sample;               ///< the sample as a picture (image data only)
        QString sampleText;          ///< "training sample #12 · label 7"
        miniflow::Index setRows = 0; ///< rows in the sample's set
    };

    /// Builds the session and loads the data (seconds for MNIST). Throws what
    /// makeProbeSession throws.
    SampleProbe(const miniflow::GraphFile& file, const std::string& baseFolder);

    /// Runs `sample` forward with `parameters` (the initial values when null) and returns
    /// `node`'s output. Throws std::invalid_argument for an unknown node or a row outside
    /// the set (the message says which), and what Session::forward throws.
    Output run(miniflow::NodeId node, SampleRef sample, const Parameters* parameters);

    const miniflow::Dataset& set(SampleRef::Set set) const;

  private:
    miniflow::ProbeSession probe_;
    Parameters initial_;
};

/// The features row `row` of `data` as a picture of `dims` (channel-major: one channel
/// gray, three RGB, more: the first), scaled to its own min..max.
QImage sampleThumbnail(const miniflow::Dataset& data, miniflow::Index row,
                       const miniflow::ImageDims& dims);
