#include "export/TorchModelSource.h"

#include "export/ExportError.h"
#include "ops/SourceOps.h"

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
        if (kind == "Linear")
            return compute(p, ref(index, 0) + " @ " + ref(index, 1) + " + " + ref(index, 2));
        if (kind == "MatMul")
            return compute(p, ref(index, 0) + " @ " + ref(index, 1));
        if (kind == "Add")
            return compute(p, joined(index, " + "));
        if (kind == "Mul")
            return compute(p, joined(index, " * "));
        if (kind == "Sigmoid")
            module(p, "nn.Sigmoid()");
        else if (kind == "ReLU")
            module(p, "nn.ReLU()");
        else if (kind == "Tanh")
            module(p, "nn.Tanh()");
        else if (kind == "LeakyReLU")
            module(p, "nn.LeakyReLU(" + number(numberAttribute(p.attributes, "alpha", 0.01)) + ")");
        else if (kind == "Softmax")
            module(p, "nn.Softmax(dim=1)");
        else if (kind == "Dropout")
            module(p, "nn.Dropout(p=" + number(numberAttribute(p.attributes, "rate", 0.5)) + ")");
        else if (kind == "Flatten")
            module(p, "nn.Flatten()");
        else
            throw ExportError("node \"" + p.name + "\": PyTorch export does not know the op " +
                              kind);
        compute(p, "self." + name(p) + "(" + ref(index, 0) + ")");
    }

    void addLoss(const PlannedNode& p) {
        const std::string& kind = p.info->kind;
        const std::string prediction = name(roles_.node(roles_.prediction));
        const std::string labels = name(roles_.node(roles_.labels));
        if (kind == "MSE") {
            module(p, "nn.MSELoss()");
            loss_ = "self." + name(p) + "(" + prediction + ", " + labels + ")";
        } else if (kind == "SoftmaxCrossEntropy") {
            module(p, "nn.CrossEntropyLoss()");
            loss_ = "self." + name(p) + "(" + prediction + ", " + labels + ".reshape(-1).long())";
        } else if (kind == "BinaryCrossEntropy") {
            module(p, "nn.BCEWithLogitsLoss()");
            loss_ = "self." + name(p) + "(" + prediction + ", " + labels + ")";
        } else {
            throw ExportError("node \"" + p.name + "\": PyTorch export does not know the loss " +
                              kind);
        }
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
