#include "inspect/ImageLayout.h"

#include <cmath>

namespace miniflow {

std::optional<ImageDims> imageDims(const Shape& shape) {
    const std::vector<Index>& d = shape.sampleDims;
    ImageDims dims;
    if (d.size() == 3)
        dims = {d[0], d[1], d[2]};
    else if (d.size() == 2)
        dims = {1, d[0], d[1]};
    else
        return std::nullopt;
    if (dims.channels <= 0 || dims.height <= 0 || dims.width <= 0 || dims.size() != shape.cols)
        return std::nullopt;
    return dims;
}

namespace {

Index numberOr(const nlohmann::json& attributes, const char* key, Index fallback) {
    const auto found = attributes.find(key);
    if (found == attributes.end() || !found->is_number())
        return fallback;
    const double v = found->get<double>();
    return v >= 1 && v == std::floor(v) ? static_cast<Index>(v) : -1;
}

/// The kernel layout of a Parameter of `rows` x `cols` feeding `consumer`, or nullopt.
std::optional<KernelDims> kernelFor(const Graph& graph, const ShapeInference& shapes,
                                    const Node& consumer, NodeId parameter, Index rows,
                                    Index cols) {
    const auto out = shapes.shapes.find(consumer.id);
    if (out == shapes.shapes.end())
        return std::nullopt;
    const auto output = imageDims(out->second);
    if (!output || output->channels != rows)
        return std::nullopt;
    std::optional<ImageDims> input;
    for (const Edge& e : graph.edges()) {
        if (e.to != consumer.id || e.from == parameter)
            continue;
        if (const auto s = shapes.shapes.find(e.from); s != shapes.shapes.end())
            if ((input = imageDims(s->second)))
                break;
    }
    if (!input)
        return std::nullopt;
    const Index groups = numberOr(consumer.attributes, "groups", 1);
    if (groups <= 0 || input->channels % groups != 0)
        return std::nullopt;
    const Index perGroup = input->channels / groups;
    if (cols % perGroup != 0)
        return std::nullopt;
    const Index area = cols / perGroup;
    Index kh = numberOr(consumer.attributes, "kernelH", 0);
    Index kw = numberOr(consumer.attributes, "kernelW", 0);
    if (kh == 0 || kw == 0) {
        const auto side = static_cast<Index>(std::lround(std::sqrt(static_cast<double>(area))));
        kh = kw = side;
    }
    if (kh <= 0 || kw <= 0 || kh * kw != area)
        return std::nullopt;
    return KernelDims{rows, perGroup, kh, kw};
}

} // namespace

std::optional<KernelDims> kernelDims(const Graph& graph, const ShapeInference& shapes,
                                     NodeId parameter) {
    const Node* node = graph.find(parameter);
    const OpInfo* info = node ? findOp(node->op) : nullptr;
    const auto shape = shapes.shapes.find(parameter);
    if (!info || info->source != SourceKind::Parameter || shape == shapes.shapes.end() ||
        shape->second.isBatched())
        return std::nullopt;
    for (const Edge& e : graph.edgesFrom(parameter))
        if (const Node* consumer = graph.find(e.to))
            if (auto dims = kernelFor(graph, shapes, *consumer, parameter, shape->second.rows,
                                      shape->second.cols))
                return dims;
    return std::nullopt;
}

std::string shapeText(const Shape& shape) {
    const auto dims = imageDims(shape);
    if (!dims || shape.sampleDims.size() != 3)
        return toString(shape);
    const std::string rows = shape.isBatched() ? "N" : std::to_string(shape.rows);
    return rows + " x " + std::to_string(dims->channels) + " x " + std::to_string(dims->height) +
           " x " + std::to_string(dims->width);
}

} // namespace miniflow
