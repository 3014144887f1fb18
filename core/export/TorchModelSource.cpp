#include "export/TorchModelSource.h"

#include "export/ExportError.h"
#include "ops/SourceOps.h"

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
            init_ << "        self." << name(p) << " = nn.Parameter(torch.zeros(" << p.shape.rows
                  << ", " << p.shape.cols << "))  # Parameter (" << init
                  << "), values from parameters/" << name(p) << ".npy\n";
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
            return compute(p, "self." + name(p) + "(" + ref(index, 0) + ")");
        }
        if (!torch.expression.empty())
            return compute(p, expand(torch.expression, index));
        throw ExportError("node \"" + p.name + "\": PyTorch export does not know the op " + kind);
    }

    /// A TorchForm template of node `index` with its inputs and attributes filled in
    /// (NOTE [Export templates]); {prediction} and {labels} for the loss.
    std::string expand(const std::string& text, int index) const {
        const PlannedNode& p = roles_.node(index);
        std::string out;
        for (size_t i = 0; i < text.size(); ++i) {
            const size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            const std::string key = text.substr(i + 1, close - i - 1);
            i = close;
            if (key == "prediction")
                out += name(roles_.node(roles_.prediction));
            else if (key == "labels")
                out += name(roles_.node(roles_.labels));
            else if (key.rfind("inputs:", 0) == 0)
                out += joined(index, key.substr(7).c_str());
            else if (!key.empty() && std::isdigit(static_cast<unsigned char>(key[0])))
                out += ref(index, std::stoi(key));
            else if (p.info->defaultAttributes.contains(key))
                out += number(numberAttribute(p.attributes, key,
                                              p.info->defaultAttributes[key].get<double>()));
            else
                throw ExportError("node \"" + p.name + "\": the PyTorch template of " +
                                  p.info->kind + " names {" + key + "}, which it does not have");
        }
        return out;
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
             << "LOSS = \"" << roles_.node(roles_.loss).info->kind << "\"\n\n\n";
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
                "    \"\"\"Copies parameters/<name>.npy (float32, MiniFlow's values) into the "
                "model.\"\"\"\n"
                "    with torch.no_grad():\n"
                "        for name, parameter in model.named_parameters():\n"
                "            values = np.load(os.path.join(folder, name + \".npy\"))\n"
                "            if values.shape != tuple(parameter.shape):\n"
                "                raise ValueError(f\"{name}.npy has shape {values.shape}, the "
                "model expects \"\n"
                "                                 f\"{tuple(parameter.shape)}\")\n"
                "            parameter.copy_(torch.from_numpy(values))\n"
                "    return model\n";
        return text.str();
    }

    const GraphFile& file_;
    const ModelRoles& roles_;
    const PythonNames& names_;
    std::ostringstream init_, forward_;
    std::string loss_;
};

} // namespace

std::string torchModelSource(const GraphFile& file, const ModelRoles& roles,
                             const PythonNames& names) {
    return ModelWriter(file, roles, names).source();
}

} // namespace miniflow
