#include "io/Sweep.h"

#include "autograd/ShapeRepair.h"
#include "tensor/Rng.h"

#include <set>
#include <stdexcept>

namespace miniflow {

namespace {

std::string trim(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t begin = 0;
    for (;;) {
        const size_t end = text.find(separator, begin);
        parts.push_back(trim(text.substr(begin, end == std::string::npos ? end : end - begin)));
        if (end == std::string::npos)
            return parts;
        begin = end + 1;
    }
}

double parseNumber(const std::string& key, const std::string& value) {
    size_t used = 0;
    double number = 0;
    try {
        number = std::stod(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != value.size())
        throw std::invalid_argument("sweep setting " + key + ": \"" + value + "\" is not a number");
    return number;
}

long long parseInteger(const std::string& key, const std::string& value, long long min) {
    const double number = parseNumber(key, value);
    if (number != static_cast<double>(static_cast<long long>(number)) || number < double(min))
        throw std::invalid_argument("sweep setting " + key + ": \"" + value +
                                    "\" must be a whole number >= " + std::to_string(min));
    return static_cast<long long>(number);
}

double parseRate(const std::string& key, const std::string& value) {
    const double rate = parseNumber(key, value);
    if (rate < 0 || rate >= 1)
        throw std::invalid_argument("sweep setting " + key +
                                    ": a dropout rate must be in [0, 1), "
                                    "not " +
                                    value);
    return rate;
}

} // namespace

std::vector<SweepAxis> parseSweepAxes(const std::string& text) {
    std::vector<SweepAxis> axes;
    std::set<std::string> keys;
    for (const std::string& part : split(text, ';')) {
        if (part.empty())
            continue;
        const size_t equals = part.find('=');
        if (equals == std::string::npos)
            throw std::invalid_argument("sweep \"" + part +
                                        "\": expected SETTING=VALUE,VALUE (e.g. batchSize=32,128)");
        SweepAxis axis{trim(part.substr(0, equals)), {}};
        if (axis.key.empty())
            throw std::invalid_argument("sweep \"" + part + "\": no setting name before '='");
        if (!keys.insert(axis.key).second)
            throw std::invalid_argument("sweep setting " + axis.key + " is given twice");
        for (const std::string& value : split(part.substr(equals + 1), ','))
            if (!value.empty())
                axis.values.push_back(value);
        if (axis.values.empty())
            throw std::invalid_argument("sweep setting " + axis.key + " has no values");
        axes.push_back(std::move(axis));
    }
    if (axes.empty())
        throw std::invalid_argument("the sweep names no settings (e.g. "
                                    "\"learningRate=1e-3,1e-2;batchSize=32,128\")");
    return axes;
}

std::vector<SweepPoint> sweepPoints(const SweepSpec& spec) {
    if (spec.axes.empty())
        throw std::invalid_argument("the sweep names no settings");
    std::vector<SweepPoint> points;
    if (spec.randomDraws > 0) {
        Rng rng(spec.seed);
        for (int i = 0; i < spec.randomDraws; ++i) {
            SweepPoint point;
            for (const SweepAxis& axis : spec.axes)
                point.emplace_back(axis.key, axis.values[rng.below(axis.values.size())]);
            points.push_back(std::move(point));
        }
        return points;
    }
    std::vector<size_t> at(spec.axes.size(), 0);
    for (;;) {
        SweepPoint point;
        for (size_t a = 0; a < spec.axes.size(); ++a)
            point.emplace_back(spec.axes[a].key, spec.axes[a].values[at[a]]);
        points.push_back(std::move(point));
        // The last axis varies fastest.
        size_t a = spec.axes.size();
        while (a > 0) {
            --a;
            if (++at[a] < spec.axes[a].values.size())
                break;
            at[a] = 0;
            if (a == 0)
                return points;
        }
    }
}

GraphFile applySweepPoint(GraphFile file, const SweepPoint& point) {
    TrainingConfig& t = file.training;
    for (const auto& [key, value] : point) {
        if (key == "learningRate") {
            t.learningRate = parseNumber(key, value);
            if (!(t.learningRate > 0))
                throw std::invalid_argument("sweep setting learningRate: must be > 0, not " +
                                            value);
        } else if (key == "batchSize") {
            t.batchSize = parseInteger(key, value, 1);
        } else if (key == "momentum") {
            t.momentum = parseNumber(key, value);
        } else if (key == "epochs") {
            t.epochs = static_cast<int>(parseInteger(key, value, 1));
        } else if (key == "seed") {
            t.seed = static_cast<std::uint64_t>(parseInteger(key, value, 0));
        } else if (key == "optimizer") {
            if (value != "sgd" && value != "momentum" && value != "adam")
                throw std::invalid_argument("sweep setting optimizer: \"" + value +
                                            "\" is not one of sgd, momentum, adam");
            t.optimizer = value;
        } else if (key == "dropout") {
            const double rate = parseRate(key, value);
            bool any = false;
            Graph& graph = file.graph;
            for (const Node& n : graph.nodes())
                if (n.attributes.is_object() && n.attributes.contains("rate")) {
                    graph.find(n.id)->attributes["rate"] = rate;
                    any = true;
                }
            if (!any)
                throw std::invalid_argument("sweep setting dropout: the graph has no node with a "
                                            "dropout rate (add a Dropout node)");
        } else if (const size_t dot = key.rfind('.'); dot != std::string::npos) {
            const std::string nodeName = key.substr(0, dot), field = key.substr(dot + 1);
            const Node* node = file.graph.findByName(nodeName);
            if (!node)
                throw std::invalid_argument("sweep setting " + key + ": the graph has no node \"" +
                                            nodeName + "\"");
            if (field == "units") {
                const Index units = parseInteger(key, value, 1);
                const auto edits = resizeOutput(file.graph, node->id, units);
                if (!edits)
                    throw std::invalid_argument("sweep setting " + key + ": node \"" + nodeName +
                                                "\" has no width that can be resized (choose a "
                                                "layer such as a Linear node)");
                file.graph = applyEdits(std::move(file.graph), *edits);
            } else if (field == "rate") {
                file.graph.find(node->id)->attributes["rate"] = parseRate(key, value);
            } else {
                throw std::invalid_argument("sweep setting " + key +
                                            ": only NODE.units and "
                                            "NODE.rate can be swept on a node");
            }
        } else {
            throw std::invalid_argument("unknown sweep setting \"" + key +
                                        "\" (known: learningRate, batchSize, optimizer, momentum, "
                                        "epochs, seed, dropout, NODE.units, NODE.rate)");
        }
    }
    file.parameters.clear(); // trained values of another configuration do not apply
    return file;
}

std::string sweepPointName(const SweepPoint& point) {
    std::string name;
    for (const auto& [key, value] : point)
        name += (name.empty() ? "" : " ") + key + "=" + value;
    return name;
}

std::string toString(const std::vector<SweepAxis>& axes) {
    std::string text;
    for (const SweepAxis& axis : axes) {
        text += (text.empty() ? "" : ";") + axis.key + "=";
        for (size_t i = 0; i < axis.values.size(); ++i)
            text += (i ? "," : "") + axis.values[i];
    }
    return text;
}

} // namespace miniflow
