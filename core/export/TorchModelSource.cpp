#include "export/TorchModelSource.h"

#include "export/ExportError.h"
#include "export/ExportTemplate.h"
#include "ops/SourceOps.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace miniflow {

namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

/// A nested Python list literal of a matrix's values.
std::string listLiteral(const Tensor& t) {
    std::string text = "[";
    for (Index r = 0; r < t.rows(); ++r) {
        text += r ? ", [" : "[";
        for (Index c = 0; c < t.cols(); ++c)
            text += (c ? ", " : "") + number(t(r, c));
        text += "]";
    }
    return text + "]";
}

/// Writes model.py piece by piece: constructor lines, forward lines, the loss.
class ModelWriter {
  public:
    ModelWriter(const GraphFile& file, const ModelRoles& roles, const PythonNames& names)
        : file_(file), roles_(roles), names_(names) {}

    std::string source() {
        for (size_t i = 0; i < roles_.plan.nodes().size(); ++i)
            addNode(static_cast<int>(i));
        return header() + classText() + loaderText();
    }

  private:
    const std::string& name(const PlannedNode& p) const { return names_[p.id]; }

    /// How forward() refers to a producer's value: self.<name> for stored tensors.
    std::string ref(int index, int port) const {
        const PlannedNode& from = roles_.producer(index, port);
        const bool stored =
            from.info->source == SourceKind::Parameter || from.info->source == SourceKind::Constant;
        return stored ? "self." + name(from) : name(from);
    }

    std::string joined(int index, const char* op) const {
        std::string text;
        for (size_t port = 0; port < roles_.node(index).inputEdges.size(); ++port)
            text += (port ? op : "") + ref(index, static_cast<int>(port));
        return text;
    }

    void module(const PlannedNode& p, const std::string& construct) {
        init_ << "        self." << name(p) << " = " << construct << "  # " << p.info->kind << "\n";
    }

    void compute(const PlannedNode& p, const std::string& expression) {
        forward_ << "        " << name(p) << " = " << expression << "  # " << p.info->kind << ", "
                 << toString(p.shape) << "\n";
    }

    void addNode(int index) {
        const PlannedNode& p = roles_.node(index);
        const std::string& kind = p.info->kind;
        if (p.info->source == SourceKind::Input)
            return;
        if (index == roles_.loss)
            return addLoss(p);
        if (p.info->source == SourceKind::Parameter) {
            const std::string init = stringAttribute(p.attributes, "initializer", "glorot_uniform");
            const std::string zeros =
                "torch.zeros(" + joinDims(exportedDims(roles_, roles_.plan.indexOf(p.id))) + ")";
            if (trainable(p))
                init_ << "        self." << name(p) << " = nn.Parameter(" << zeros << ")";
            else
                init_ << "        self.register_buffer(\"" << name(p) << "\", " << zeros << ")";
            init_ << "  # Parameter (" << init << (trainable(p) ? "" : ", trainable=false")
                  << "), values from parameters/" << name(p) << ".npy\n";
            penalties(p);
            return;
        }
        if (p.info->source == SourceKind::Constant) {
            init_ << "        self.register_buffer(\"" << name(p) << "\", torch.tensor("
                  << listLiteral(constantValue(p.attributes)) << "))  # Constant\n";
            return;
        }
        const TorchForm& torch = p.info->traits.torch;
        if (!torch.module.empty()) {
            module(p, expand(torch.module, index));
            shareInputs(index);
            return compute(
                p, expand(torch.expression.empty() ? "{module}({0})" : torch.expression, index));
        }
        if (!torch.expression.empty())
            return compute(p, expand(torch.expression, index));
        throw ExportError("node \"" + p.name + "\": PyTorch export does not know the op " + kind);
    }

    /// The template context of node `index`: its inputs, PyTorch values for {k}, {module},
    /// {inputs:SEP}, {prediction} and {labels} (NOTE [Export templates]).
    TemplateContext context(int index) const {
        TemplateContext c = templateContext(roles_, index);
        const int inputs = static_cast<int>(c.inputs.size());
        c.custom = [this, index, inputs](const std::string& key) -> std::optional<std::string> {
            if (key == "prediction")
                return name(roles_.node(roles_.prediction));
            if (key == "labels")
                return name(roles_.node(roles_.labels));
            if (key == "module")
                return "self." + name(roles_.node(index));
            if (key.rfind("inputs:", 0) == 0)
                return joined(index, key.substr(7).c_str());
            const size_t digits = key.find_first_not_of("0123456789");
            if (digits == 0 || (digits != std::string::npos && key.substr(digits) != ".image"))
                return std::nullopt;
            const int port = std::stoi(key.substr(0, digits));
            if (port >= inputs)
                return std::nullopt; // the common keys report it
            if (digits == std::string::npos)
                return ref(index, port);
            const std::string k = std::to_string(port);
            return ref(index, port) + ".view(-1, " +
                   expandTemplate("{" + k + ".C}, {" + k + ".H}, {" + k + ".W}",
                                  templateContext(roles_, index)) +
                   ")";
        };
        return c;
    }

    std::string expand(const std::string& text, int index) const {
        return expandTemplate(text, context(index));
    }

    static bool trainable(const PlannedNode& p) {
        return !(p.attributes.contains("trainable") && p.attributes["trainable"].is_boolean() &&
                 !p.attributes["trainable"].get<bool>());
    }

    /// The module of node `index` shares the Parameters on its TorchForm::moduleInputs
    /// ports: self.conv1.weight = self.W1.
    void shareInputs(int index) {
        const PlannedNode& p = roles_.node(index);
        const std::vector<std::string>& members = p.info->traits.torch.moduleInputs;
        for (size_t port = 0; port < members.size() && port < p.inputEdges.size(); ++port) {
            if (members[port].empty())
                continue;
            const PlannedNode& from = roles_.producer(index, static_cast<int>(port));
            if (from.info->source != SourceKind::Parameter)
                throw ExportError("node \"" + p.name + "\": PyTorch export needs a Parameter on " +
                                  "its input " + std::to_string(port) + " (the module's " +
                                  members[port] + "), not \"" + from.name + "\"");
            init_ << "        self." << name(p) << "." << members[port] << " = self." << name(from)
                  << "\n";
        }
    }

    /// The Parameter's l1 and l2 attributes (NOTE in train_template.py: l2 is the optimizer's
    /// weight decay of its parameter group, l1 a term of the training loss).
    void penalties(const PlannedNode& p) {
        for (const char* key : {"l1", "l2"}) {
            const double value = numberAttribute(p.attributes, key, 0.0);
            if (value != 0.0)
                (key[1] == '1' ? l1_ : l2_) += "\"" + name(p) + "\": " + number(value) + ", ";
        }
    }

    void addLoss(const PlannedNode& p) {
        const TorchForm& torch = p.info->traits.torch;
        if (torch.module.empty())
            throw ExportError("node \"" + p.name + "\": PyTorch export does not know the loss " +
                              p.info->kind);
        module(p, expand(torch.module, roles_.loss));
        loss_ = "self." + name(p) + "(" + expand(torch.expression, roles_.loss) + ")";
    }

    std::string header() const {
        std::ostringstream text;
        text << "\"\"\"The MiniFlow graph as a PyTorch module, op for op (written by `miniflow "
                "export`).\n\n";
        if (!file_.description.empty())
            text << file_.description << "\n\n";
        text << "Values are float32 rows, one sample per row, as in MiniFlow: a Linear computes\n"
                "X @ W + b with W stored in x out (not nn.Linear's out x in).\n\"\"\"\n"
                "import os\n\nimport numpy as np\nimport torch\nfrom torch import nn\n\n"
                "# The graph's Input nodes: the features the model reads and the labels the loss "
                "reads.\n"
             << "FEATURES = \"" << roles_.node(roles_.features).name << "\"\n"
             << "FEATURE_COUNT = " << roles_.node(roles_.features).shape.cols << "\n"
             << "LABELS = \"" << roles_.node(roles_.labels).name << "\"\n"
             << "LOSS = \"" << roles_.node(roles_.loss).info->kind << "\"\n"
             << "# Per-Parameter penalties (Parameter attributes l1, l2): train.py adds l1 * "
                "|W|.sum() to\n# the loss and gives l2 as the weight decay of W's parameter "
                "group (coupled L2).\n"
             << "L1 = {" << l1_ << "}\nL2 = {" << l2_ << "}\n\n\n";
        return text.str();
    }

    std::string classText() const {
        const std::string features = name(roles_.node(roles_.features));
        const std::string prediction = name(roles_.node(roles_.prediction));
        std::ostringstream text;
        text << "class Model(nn.Module):\n"
             << "    \"\"\"" << features << " (N x " << roles_.node(roles_.features).shape.cols
             << ") -> " << prediction << " (" << toString(roles_.node(roles_.prediction).shape)
             << "), trained with the loss node \"" << roles_.node(roles_.loss).name << "\" ("
             << roles_.node(roles_.loss).info->kind << ").\"\"\"\n\n"
             << "    def __init__(self):\n        super().__init__()\n"
             << init_.str() << "\n"
             << "    def forward(self, " << features << "):\n"
             << forward_.str() << "        return " << prediction << "\n\n"
             << "    def compute_loss(self, " << prediction << ", "
             << name(roles_.node(roles_.labels)) << "):\n"
             << "        \"\"\"The graph's loss node \"" << roles_.node(roles_.loss).name << "\" ("
             << roles_.node(roles_.loss).info->kind << ").\"\"\"\n"
             << "        return " << loss_ << "\n\n\n";
        return text.str();
    }

    std::string loaderText() const {
        std::ostringstream text;
        text << "def load_parameters(model, "
                "folder=os.path.join(os.path.dirname(os.path.abspath(__file__)), "
                "\"parameters\")):\n"
                "    \"\"\"Copies parameters/<name>.npy (float32, MiniFlow's rows x cols values) "
                "into "
                "the model's\n"
                "    parameters and into its buffers that have a file (trainable=false "
                "Parameters such as\n"
                "    running statistics); a conv weight is shaped Cout x Cin x kH x kW from its "
                "rows.\"\"\"\n"
                "    with torch.no_grad():\n"
                "        buffers = [(name, b) for name, b in model.named_buffers()\n"
                "                   if os.path.exists(os.path.join(folder, name + \".npy\"))]\n"
                "        for name, parameter in list(model.named_parameters()) + buffers:\n"
                "            values = np.load(os.path.join(folder, name + \".npy\"))\n"
                "            if values.size != parameter.numel():\n"
                "                raise ValueError(f\"{name}.npy has shape {values.shape}, the "
                "model expects \"\n"
                "                                 f\"{tuple(parameter.shape)}\")\n"
                "            parameter.copy_(torch.from_numpy(values).reshape(parameter.shape))\n"
                "    return model\n";
        return text.str();
    }

    const GraphFile& file_;
    const ModelRoles& roles_;
    const PythonNames& names_;
    std::ostringstream init_, forward_;
    std::string loss_, l1_, l2_;
};

} // namespace

std::string torchModelSource(const GraphFile& file, const ModelRoles& roles,
                             const PythonNames& names) {
    return ModelWriter(file, roles, names).source();
}

} // namespace miniflow
