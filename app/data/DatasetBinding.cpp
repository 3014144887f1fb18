#include "app/data/DatasetBinding.h"

#include "ops/OpRegistry.h"

#include <QObject>
#include <QStringList>

using miniflow::Index;

namespace {

std::vector<Index> dimsAttribute(const nlohmann::json& attributes) {
    std::vector<Index> dims;
    const auto it = attributes.find("sampleDims");
    if (it == attributes.end() || !it->is_array())
        return dims;
    for (const auto& d : *it)
        if (d.is_number_integer())
            dims.push_back(d.get<Index>());
    return dims;
}

Index columnsAttribute(const nlohmann::json& attributes) {
    const auto it = attributes.find("features");
    return it != attributes.end() && it->is_number_integer() ? it->get<Index>() : 1;
}

InputBinding bindRole(const miniflow::Graph& graph, const std::string& role, Index columns,
                      std::vector<Index> dims) {
    InputBinding binding{role, {}, {}, 0, columns, std::move(dims), 0, {}};
    for (const miniflow::Node& node : graph.nodes()) {
        const miniflow::OpInfo* info = miniflow::findOp(node.op);
        if (!info || info->source != miniflow::SourceKind::Input ||
            miniflow::stringAttribute(node.attributes, "role", "features") != role)
            continue;
        if (binding.inputsWithRole++ > 0)
            continue;
        binding.input = node.id;
        binding.inputName = node.name;
        binding.inputColumns = columnsAttribute(node.attributes);
        binding.inputDims = dimsAttribute(node.attributes);
    }
    return binding;
}

} // namespace

bool InputBinding::fits() const {
    return input.valid() && inputColumns == datasetColumns &&
           (inputDims.empty() || inputDims == datasetDims);
}

nlohmann::json InputBinding::fitted(const nlohmann::json& attributes) const {
    nlohmann::json result = attributes;
    result["features"] = datasetColumns;
    if (datasetDims.size() > 1)
        result["sampleDims"] = datasetDims;
    else
        result.erase("sampleDims");
    return result;
}

std::vector<InputBinding> bindDataset(const miniflow::Graph& graph, Index featureColumns,
                                      const std::vector<Index>& sampleDims, Index targetColumns) {
    return {bindRole(graph, "features", featureColumns,
                     sampleDims.size() > 1 ? sampleDims : std::vector<Index>{}),
            bindRole(graph, "labels", targetColumns, {})};
}

QString shapeText(Index columns, const std::vector<Index>& dims) {
    if (dims.size() < 2)
        return QStringLiteral("N x %1").arg(columns);
    QStringList parts;
    for (Index d : dims)
        parts << QString::number(d);
    return QStringLiteral("N x %1 (%2)").arg(columns).arg(parts.join(QStringLiteral(" x ")));
}

QString bindingsHtml(const std::vector<InputBinding>& bindings) {
    QStringList lines;
    for (const InputBinding& b : bindings) {
        const QString role = QString::fromStdString(b.role),
                      name = QString::fromStdString(b.inputName);
        QString line =
            QStringLiteral("<b>%1</b> %2 → ").arg(role, shapeText(b.datasetColumns, b.datasetDims));
        if (!b.input.valid())
            line +=
                QObject::tr("<span style='color:#c0392b'>no Input has role \"%1\" (add one)</span>")
                    .arg(role);
        else if (b.fits())
            line += QObject::tr("Input <i>%1</i> ✓").arg(name);
        else
            line += QObject::tr("<span style='color:#c0392b'>Input <i>%1</i> takes %2</span>")
                        .arg(name, shapeText(b.inputColumns, b.inputDims));
        if (b.inputsWithRole > 1)
            line += QObject::tr(" (%1 Inputs have this role: keep one)").arg(b.inputsWithRole);
        lines << line;
    }
    return lines.join(QStringLiteral("<br>"));
}
