#pragma once
#include "ops/OpTraits.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace miniflow {

/// Nodes that produce values without computing them from inputs.
enum class SourceKind { None, Input, Parameter, Constant };

/// Everything the engine, the inspectors, the exporters and the editor need to know about one
/// op kind (NOTE [Op traits]). Code outside an op's own file asks these fields; it never
/// compares kind strings.
struct OpInfo {
    std::string kind;                    ///< "Linear"
    std::string category;                ///< palette group: "Sources", "Layers", ...
    std::string summary;                 ///< one line for tooltips
    std::vector<std::string> inputNames; ///< port labels; for variadic ops the repeated one
    bool variadic = false;               ///< n-ary (Add, Mul): attribute "inputs" ports (>= 2)
    bool isLoss = false;
    SourceKind source = SourceKind::None;
    nlohmann::json defaultAttributes = nlohmann::json::object();
    /// Builds the op from a node's attributes; throws AttributeError on bad values.
    std::function<std::unique_ptr<Op>(const nlohmann::json& attributes)> create;
    /// What the rest of the program needs to know about the kind, beyond running it.
    OpTraits traits = {};

    /// Number of input ports of a node of this kind with these attributes.
    int portCount(const nlohmann::json& attributes) const;
};

/// The table of every op kind. Read-only after start-up, safe from any thread.
const std::vector<OpInfo>& allOps();
/// The info for `kind`, or nullptr. Searches allOps(), then the registered extra ops.
const OpInfo* findOp(const std::string& kind);
/// The first kind (in registry order) for which `wanted` holds, or nullptr: code that must
/// create a node of some role ("the loss that takes class logits") asks by trait.
const OpInfo* findOpWhere(const std::function<bool(const OpInfo&)>& wanted);
/// Adds an op kind that is not in allOps() (tests plant ops with a deliberate bug through
/// it). Call at start-up, before any other thread uses the registry; the info's address
/// stays valid for the program's lifetime. Throws std::invalid_argument when `kind` exists.
void registerExtraOp(OpInfo info);

/// Reads attributes with defaults and range checks; throws AttributeError.
double numberAttribute(const nlohmann::json& attributes, const std::string& key, double fallback);
Index sizeAttribute(const nlohmann::json& attributes, const std::string& key, Index fallback);
std::string stringAttribute(const nlohmann::json& attributes, const std::string& key,
                            const std::string& fallback);

} // namespace miniflow
