#include "onnxio/OnnxImportRules.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <map>

namespace miniflow {

namespace {

struct ChainRecipe {
    const OpInfo* info = nullptr;
    std::vector<OnnxStep> steps;
};

struct Rules {
    std::multimap<std::string, ImportRule> single;
    std::vector<ChainRecipe> chains;
};

const Rules& rules() {
    static const Rules table = [] {
        Rules r;
        for (const OpInfo& info : allOps()) {
            const OnnxForm& onnx = info.traits.onnx;
            if (onnx.recipe.empty())
                continue;
            std::vector<std::string> recipes{onnx.recipe};
            recipes.insert(recipes.end(), onnx.importAlso.begin(), onnx.importAlso.end());
            for (const std::string& recipe : recipes) {
                std::vector<OnnxStep> steps = parseRecipe(recipe);
                if (steps.size() == 1)
                    r.single.emplace(steps.front().op, ImportRule{&info, steps.front()});
                else
                    r.chains.push_back({&info, std::move(steps)});
            }
        }
        return r;
    }();
    return table;
}

bool matchesConstant(const std::string& value, const std::string& literal,
                     const std::unordered_map<std::string, Tensor>& constants) {
    const auto found = constants.find(value);
    if (found == constants.end() || found->second.size() != 1)
        return false;
    const double expected = std::stod(literal);
    return std::abs(found->second(0, 0) - expected) <= 1e-6 * std::max(1.0, std::abs(expected));
}

/// Binds the step's arguments to the node's inputs in the given order; false on a mismatch.
bool bindArguments(const OnnxStep& step, const std::vector<std::string>& values,
                   const std::string& previous,
                   const std::unordered_map<std::string, Tensor>& constants,
                   std::map<int, std::string>& bound) {
    for (size_t i = 0; i < step.args.size(); ++i) {
        const std::string& arg = step.args[i];
        if (arg == "_") {
            if (values[i] != previous)
                return false;
        } else if (isConstantArg(arg)) {
            if (!matchesConstant(values[i], arg, constants))
                return false;
        } else {
            const int port = inputPortOf(arg);
            if (port < 0)
                return false;
            const auto [it, added] = bound.emplace(port, values[i]);
            if (!added && it->second != values[i])
                return false;
        }
    }
    return true;
}

std::optional<ChainMatch> matchRecipe(const onnx::GraphProto& graph, int start,
                                      const ChainRecipe& recipe,
                                      const std::unordered_map<std::string, Tensor>& constants) {
    std::map<int, std::string> bound;
    ChainMatch match{recipe.info, {}, {}};
    std::string previous;
    int at = start;
    for (size_t s = 0; s < recipe.steps.size(); ++s) {
        const OnnxStep& step = recipe.steps[s];
        const onnx::NodeProto& node = graph.node(at);
        if (node.op_type() != step.op || node.input_size() != static_cast<int>(step.args.size()) ||
            node.output_size() != 1)
            return std::nullopt;
        std::vector<std::string> values(node.input().begin(), node.input().end());
        std::map<int, std::string> tried = bound;
        if (!bindArguments(step, values, previous, constants, tried)) {
            if (!isCommutative(step.op) || values.size() != 2)
                return std::nullopt;
            std::swap(values[0], values[1]);
            tried = bound;
            if (!bindArguments(step, values, previous, constants, tried))
                return std::nullopt;
        }
        bound = std::move(tried);
        match.nodes.push_back(at);
        previous = node.output(0);
        if (s + 1 == recipe.steps.size())
            break;
        int consumer = -1, consumers = 0;
        for (int i = 0; i < graph.node_size(); ++i)
            for (const std::string& input : graph.node(i).input())
                if (input == previous) {
                    consumer = i;
                    ++consumers;
                }
        for (const onnx::ValueInfoProto& output : graph.output())
            if (output.name() == previous)
                ++consumers;
        if (consumers != 1)
            return std::nullopt;
        at = consumer;
    }
    for (const auto& [port, value] : bound) {
        if (port != static_cast<int>(match.inputs.size()))
            return std::nullopt;
        match.inputs.push_back(value);
    }
    return match;
}

} // namespace

std::set<std::string> importableOnnxOps() {
    std::set<std::string> ops{"Identity", "Dropout", "Constant", "Pad"}; // Pad: of zeros
    for (const auto& [op, rule] : rules().single)
        ops.insert(op);
    for (const ChainRecipe& chain : rules().chains)
        for (const OnnxStep& step : chain.steps)
            ops.insert(step.op);
    return ops;
}

std::vector<const ImportRule*> findImportRules(const std::string& op, int inputs) {
    std::vector<const ImportRule*> found;
    const auto [from, to] = rules().single.equal_range(op);
    for (auto it = from; it != to; ++it) {
        const std::vector<std::string>& args = it->second.step.args;
        const bool variadic = args.size() == 1 && args.front() == "*";
        if (variadic ? inputs >= 1 : static_cast<int>(args.size()) == inputs)
            found.push_back(&it->second);
    }
    return found;
}

const ImportRule* findImportRule(const std::string& op, int inputs) {
    const std::vector<const ImportRule*> found = findImportRules(op, inputs);
    return found.empty() ? nullptr : found.front();
}

std::optional<ChainMatch> matchChain(const onnx::GraphProto& graph, int start,
                                     const std::unordered_map<std::string, Tensor>& constants) {
    for (const ChainRecipe& recipe : rules().chains)
        if (auto match = matchRecipe(graph, start, recipe, constants))
            return match;
    return std::nullopt;
}

} // namespace miniflow
