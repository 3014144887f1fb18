"""Convolutional test graphs for the export tests, built here (no example file needed) on a
small MNIST folder (export_support.small_mnist: the shared MNIST's first rows, else
generated digit-like images), so they run without the shared data.

lenet:          LeNet-5 as the issue's benchmark has it: conv 5x5 6 -> ReLU -> max pool 2 ->
                conv 5x5 16 -> ReLU -> max pool 2 -> flatten -> dense 120 -> 84 -> 10, Adam.
conv-bn-concat: conv 3x3 'same' 4 -> BatchNorm -> ReLU -> avg pool 2, concatenated (channels)
                with a max pool 2 of the image -> conv 3x3 stride 2 explicit pad 1 (8) ->
                BatchNorm -> ReLU -> conv 3x3 dilation 2 groups 2 'same' -> global avg pool ->
                Reshape "8" -> dense 10; momentum SGD, l2 on one conv weight and l1 on another.
"""

STEPS_DATA = {"source": "mnist", "path": "", "normalization": "minmax", "validationFraction": 0.0, "seed": 1}


class GraphBuilder:
    def __init__(self):
        self.nodes, self.edges = [], []

    def node(self, op, name, **attributes):
        node_id = len(self.nodes) + 1
        self.nodes.append({"id": node_id, "op": op, "name": name, "attributes": attributes,
                           "position": [120 * node_id, 100]})
        return node_id

    def connect(self, inputs, to):
        for port, source in enumerate(inputs):
            self.edges.append({"from": source, "fromPort": 0, "to": to, "toPort": port})
        return to

    def op(self, op, name, sources, **attributes):
        return self.connect(sources, self.node(op, name, **attributes))

    def parameter(self, name, rows, cols, initializer, **attributes):
        return self.node("Parameter", name, rows=rows, cols=cols, initializer=initializer, **attributes)

    def conv(self, name, x, channels_in, channels_out, k, weight_attributes=None, **attributes):
        groups = attributes.get("groups", 1)
        w = self.parameter("W_" + name, channels_out, channels_in // groups * k * k, "kaiming_normal",
                           **(weight_attributes or {}))
        b = self.parameter("b_" + name, 1, channels_out, "zeros")
        return self.op("Conv2D", name, [x, w, b], outChannels=channels_out, kernelH=k, kernelW=k, **attributes)

    def dense(self, name, x, n_in, n_out):
        w = self.parameter("W_" + name, n_in, n_out, "glorot_uniform")
        b = self.parameter("b_" + name, 1, n_out, "zeros")
        return self.op("Linear", name, [x, w, b], units=n_out)

    def batch_norm(self, name, x, channels):
        scale = self.parameter("scale_" + name, 1, channels, "constant", value=1.0)
        shift = self.parameter("shift_" + name, 1, channels, "zeros")
        mean = self.parameter("mean_" + name, 1, channels, "zeros", trainable=False)
        variance = self.parameter("var_" + name, 1, channels, "constant", value=1.0, trainable=False)
        return self.op("BatchNorm", name, [x, scale, shift, mean, variance], momentum=0.1, epsilon=1e-5)

    def graph(self, description, training):
        return {"format": "miniflow-graph", "version": 1, "description": description, "nodes": self.nodes,
                "edges": self.edges, "dataset": dict(STEPS_DATA), "training": training}


def finish(g, logits):
    labels = g.node("Input", "labels", role="labels", features=1)
    g.op("SoftmaxCrossEntropy", "loss", [logits, labels])


def lenet(optimizer="adam"):
    g = GraphBuilder()
    x = g.node("Input", "images", role="features", features=784, sampleDims=[1, 28, 28])
    x = g.op("ReLU", "relu1", [g.conv("conv1", x, 1, 6, 5)])
    x = g.op("MaxPool2D", "pool1", [x], kernelH=2, kernelW=2, strideH=2, strideW=2)
    x = g.op("ReLU", "relu2", [g.conv("conv2", x, 6, 16, 5)])
    x = g.op("MaxPool2D", "pool2", [x], kernelH=2, kernelW=2, strideH=2, strideW=2)
    x = g.op("Flatten", "flatten", [x])
    x = g.op("ReLU", "relu3", [g.dense("dense1", x, 256, 120)])
    x = g.op("ReLU", "relu4", [g.dense("dense2", x, 120, 84)])
    finish(g, g.dense("dense3", x, 84, 10))
    training = {"optimizer": optimizer, "learningRate": 0.001, "batchSize": 32, "epochs": 1, "seed": 1,
                "sampling": "shuffle", "stepsPerEpoch": 0}
    if optimizer == "adamw":
        training["weightDecay"] = 0.05
    return g.graph("LeNet-5 on 28 x 28 images (tests/export/conv_graphs.py)", training)


def conv_bn_concat():
    g = GraphBuilder()
    image = g.node("Input", "images", role="features", features=784, sampleDims=[1, 28, 28])
    a = g.conv("conva", image, 1, 4, 3, weight_attributes={"l2": 0.01}, padding="same")
    a = g.op("ReLU", "relua", [g.batch_norm("bna", a, 4)])
    a = g.op("AvgPool2D", "avg", [a], kernelH=2, kernelW=2, strideH=2, strideW=2)
    b = g.op("MaxPool2D", "maxb", [image], kernelH=2, kernelW=2, strideH=2, strideW=2)
    x = g.op("Concat", "concat", [a, b], inputs=2, axis="channels")
    x = g.conv("convc", x, 5, 8, 3, weight_attributes={"l1": 0.001}, strideH=2, strideW=2,
               padding="explicit", padH=1, padW=1)
    x = g.op("ReLU", "reluc", [g.batch_norm("bnc", x, 8)])
    x = g.conv("convd", x, 8, 8, 3, padding="same", dilationH=2, dilationW=2, groups=2)
    x = g.op("GlobalAvgPool", "gap", [x])
    x = g.op("Reshape", "rows", [x], shape="8")
    finish(g, g.dense("dense", x, 8, 10))
    training = {"optimizer": "momentum", "learningRate": 0.05, "momentum": 0.9, "batchSize": 32, "epochs": 1,
                "seed": 1, "sampling": "shuffle", "stepsPerEpoch": 0}
    return g.graph("conv + BatchNorm + avg pool + concat (tests/export/conv_graphs.py)", training)


GRAPHS = {"lenet": lenet, "lenet-adamw": lambda: lenet("adamw"), "conv-bn-concat": conv_bn_concat}


def require_ops(miniflow, graph_path):
    """Skips (77) when this build's registry lacks an op of the graph (Conv2D comes with the
    conv work): `miniflow export` then says the op is unknown."""
    import subprocess
    import tempfile
    from export_support import skip
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([miniflow, "export", graph_path, "--to", "onnx", folder + "/probe.onnx"],
                                capture_output=True, text=True)
    if result.returncode != 0 and "unknown op" in (result.stdout + result.stderr).lower():
        skip("this build lacks an op of the graph: " + (result.stdout + result.stderr).strip()[-200:])
