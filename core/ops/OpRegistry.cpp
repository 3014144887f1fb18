#include "ops/OpRegistry.h"

#include <deque>

/// NOTE [Op files]
/// Every op file in ops/ defines one `void NAME(std::vector<OpInfo>&)` that appends its kinds
/// with their traits (NOTE [Op traits]); it is listed here once, in palette order. Adding an
/// op kind is one op file and one line in this list.
#define MINIFLOW_OP_FILES(X)                                                                       \
    X(registerSourceOps)                                                                           \
    X(registerArithmeticOps)                                                                       \
    X(registerConvOps)                                                                             \
    X(registerActivationOps)                                                                       \
    X(registerGeluOp)                                                                              \
    X(registerBatchNormOp)                                                                         \
    X(registerPoolOps)                                                                             \
    X(registerShapeOps)                                                                            \
    X(registerLossOps)

namespace miniflow {

#define MINIFLOW_DECLARE_OP_FILE(name) void name(std::vector<OpInfo>& table);
MINIFLOW_OP_FILES(MINIFLOW_DECLARE_OP_FILE)
#undef MINIFLOW_DECLARE_OP_FILE

int OpInfo::portCount(const nlohmann::json& attributes) const {
    if (!variadic)
        return static_cast<int>(inputNames.size());
    return static_cast<int>(sizeAttribute(attributes, "inputs", 2));
}

const std::vector<OpInfo>& allOps() {
    static const std::vector<OpInfo> table = [] {
        std::vector<OpInfo> t;
#define MINIFLOW_CALL_OP_FILE(name) name(t);
        MINIFLOW_OP_FILES(MINIFLOW_CALL_OP_FILE)
#undef MINIFLOW_CALL_OP_FILE
        return t;
    }();
    return table;
}

namespace {
/// A deque keeps the addresses Plans hold stable while ops are added.
std::deque<OpInfo>& extraOps() {
    static std::deque<OpInfo> extras;
    return extras;
}
} // namespace

const OpInfo* findOp(const std::string& kind) {
    for (const OpInfo& info : allOps())
        if (info.kind == kind)
            return &info;
    for (const OpInfo& info : extraOps())
        if (info.kind == kind)
            return &info;
    return nullptr;
}

const OpInfo* findOpWhere(const std::function<bool(const OpInfo&)>& wanted) {
    for (const OpInfo& info : allOps())
        if (wanted(info))
            return &info;
    for (const OpInfo& info : extraOps())
        if (wanted(info))
            return &info;
    return nullptr;
}

void registerExtraOp(OpInfo info) {
    if (findOp(info.kind))
        throw std::invalid_argument("op kind \"" + info.kind + "\" is already registered");
    extraOps().push_back(std::move(info));
}

double numberAttribute(const nlohmann::json& attributes, const std::string& key, double fallback) {
    const auto it = attributes.find(key);
    if (it == attributes.end())
        return fallback;
    if (!it->is_number())
        throw AttributeError("attribute \"" + key + "\" must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v))
        throw AttributeError("attribute \"" + key + "\" must be finite");
    return v;
}

Index sizeAttribute(const nlohmann::json& attributes, const std::string& key, Index fallback) {
    const auto it = attributes.find(key);
    if (it == attributes.end())
        return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 ||
        it->get<std::int64_t>() > (1 << 24))
        throw AttributeError("attribute \"" + key +
                             "\" must be a positive integer (at most 16777216)");
    return it->get<Index>();
}

std::string stringAttribute(const nlohmann::json& attributes, const std::string& key,
                            const std::string& fallback) {
    const auto it = attributes.find(key);
    if (it == attributes.end())
        return fallback;
    if (!it->is_string())
        throw AttributeError("attribute \"" + key + "\" must be a string");
    return it->get<std::string>();
}

} // namespace miniflow
