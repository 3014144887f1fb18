#include "app/analysis/SampleProbe.h"

#include "train/SampleFeed.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <stdexcept>

using miniflow::Index;

QString setName(SampleRef::Set set) {
    switch (set) {
    case SampleRef::Set::Train:
        return QObject::tr("training");
    case SampleRef::Set::Validation:
        return QObject::tr("validation");
    case SampleRef::Set::Test:
        return QObject::tr("test");
    }
    return {};
}

SampleProbe::SampleProbe(const miniflow::GraphFile& file, const std::string& baseFolder)
    : probe_(miniflow::makeProbeSession(file, baseFolder, 1)) {
    for (miniflow::NodeId id : probe_.session.parameterIds())
        initial_.emplace(id, probe_.session.value(id));
}

const miniflow::Dataset& SampleProbe::set(SampleRef::Set set) const {
    switch (set) {
    case SampleRef::Set::Validation:
        return probe_.data.validation;
    case SampleRef::Set::Test:
        return probe_.data.test;
    case SampleRef::Set::Train:
        break;
    }
    return probe_.data.train;
}

SampleProbe::Output SampleProbe::run(miniflow::NodeId node, SampleRef sample,
                                     const Parameters* parameters) {
    miniflow::Session& session = probe_.session;
    const int index = session.plan().indexOf(node);
    if (index < 0)
        throw std::invalid_argument("the node is not part of the runnable graph");
    const Parameters& values = parameters ? *parameters : initial_;
    for (miniflow::NodeId id : session.parameterIds())
        if (const auto found = values.find(id); found != values.end()) {
            miniflow::Tensor& target = session.parameter(id);
            if (target.rows() == found->second.rows() && target.cols() == found->second.cols())
                target = found->second;
        }
    Output out;
    const miniflow::Dataset& data = set(sample.set);
    out.setRows = data.size();
    if (data.size() > 0) {
        if (sample.row < 0 || sample.row >= data.size())
            throw std::invalid_argument(
                QObject::tr("the %1 set has %2 samples: choose a row from 0 to %3")
                    .arg(setName(sample.set))
                    .arg(data.size())
                    .arg(data.size() - 1)
                    .toStdString());
        miniflow::feedRows(session, miniflow::findRoleInputs(session.plan()), data, {sample.row});
        out.sampleText = QObject::tr("%1 sample #%2").arg(setName(sample.set)).arg(sample.row);
        if (data.isClassification() && data.targets.rows() > sample.row) {
            const int label = static_cast<int>(data.targets(sample.row, 0));
            const QString name =
                label >= 0 && label < static_cast<int>(data.classNames.size())
                    ? QString::fromStdString(data.classNames[static_cast<size_t>(label)])
                    : QString::number(label);
            out.sampleText += QObject::tr(" · label %1").arg(name);
        }
        const auto inputs = miniflow::findRoleInputs(session.plan());
        if (inputs.features) {
            const int in = session.plan().indexOf(*inputs.features);
            if (const auto dims =
                    miniflow::imageDims(session.plan().nodes()[static_cast<size_t>(in)].shape))
                out.sample = sampleThumbnail(data, sample.row, *dims);
        }
    } else {
        out.sampleText =
            probe_.dataNote.empty() ? QString() : QString::fromStdString(probe_.dataNote);
    }
    session.forward(miniflow::Mode::Eval);
    const miniflow::PlannedNode& planned = session.plan().nodes()[static_cast<size_t>(index)];
    const miniflow::Tensor& value = session.value(node);
    out.value = value.rows() > 0 ? miniflow::Tensor(value.topRows(1)) : value;
    out.shape = planned.shape;
    out.name = planned.name;
    return out;
}

QImage sampleThumbnail(const miniflow::Dataset& data, Index row, const miniflow::ImageDims& dims) {
    if (row < 0 || row >= data.size() || data.features.cols() != dims.size())
        return {};
    const float* x = data.features.row(row).data();
    const Index area = dims.height * dims.width;
    const Index shown = dims.channels == 3 ? 3 : 1;
    const auto extremes = std::minmax_element(x, x + area * shown);
    const float lo = *extremes.first, hi = *extremes.second;
    const float range = hi > lo ? hi - lo : 1.0f;
    auto level = [lo, range](float v) {
        return std::clamp(static_cast<int>(std::lround(255.0f * (v - lo) / range)), 0, 255);
    };
    QImage image(static_cast<int>(dims.width), static_cast<int>(dims.height), QImage::Format_RGB32);
    for (Index y = 0; y < dims.height; ++y)
        for (Index w = 0; w < dims.width; ++w) {
            const Index p = y * dims.width + w;
            const int r = level(x[p]);
            const int g = shown == 3 ? level(x[area + p]) : r;
            const int b = shown == 3 ? level(x[2 * area + p]) : r;
            image.setPixel(static_cast<int>(w), static_cast<int>(y), qRgb(r, g, b));
        }
    return image;
}
