"""Writes the fuzz_onnx seeds into tests/fuzz/seeds/onnx/ (committed; rerun after changing).

Small valid models in other tools' spellings (an MLP with Gemm, a tiny LeNet-like conv net,
a conv + BatchNormalization + AveragePool + Concat + GlobalAveragePool net) and broken ones:
truncated bytes, dimensions that lie about the data, a node without an output, Gemm with one
input, a value used before it is produced, and an image input so large that one batch of conv
activations cannot fit (the importer must refuse it by the memory budget, not allocate).
usage: /usr/bin/python3 tests/fuzz/make_onnx_seeds.py   (needs python3-onnx and numpy)
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "onnx")
RNG = np.random.default_rng(3)


def weight(name, *shape):
    return numpy_helper.from_array(RNG.normal(0, 0.3, shape).astype(np.float32), name)


def model(nodes, inputs, outputs, initializers, opset=13):
    graph = helper.make_graph(nodes, "seed", inputs, outputs, initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def image_input(name, c, h, w):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", c, h, w])


def output(name, *dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", *dims])


def mlp():
    nodes = [helper.make_node("Gemm", ["x", "W1", "b1"], ["h"], transB=1),
             helper.make_node("Relu", ["h"], ["r"]),
             helper.make_node("Gemm", ["r", "W2", "b2"], ["y"], transB=1)]
    return model(nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])], [output("y", 3)],
                 [weight("W1", 5, 4), weight("b1", 5), weight("W2", 3, 5), weight("b2", 3)])


def lenet(size=8):
    """Conv 3x3 (2 channels) -> Relu -> MaxPool 2 -> Conv 3x3 pads 1 (3) -> Relu -> Reshape -> Gemm."""
    half = (size - 2) // 2
    nodes = [helper.make_node("Conv", ["x", "c1.weight", "c1.bias"], ["c1"], kernel_shape=[3, 3]),
             helper.make_node("Relu", ["c1"], ["r1"]),
             helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("Conv", ["p1", "c2.weight", "c2.bias"], ["c2"], kernel_shape=[3, 3],
                              pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c2"], ["r2"]),
             helper.make_node("Reshape", ["r2", "shape"], ["flat"]),
             helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["y"], transB=1)]
    inits = [weight("c1.weight", 2, 1, 3, 3), weight("c1.bias", 2), weight("c2.weight", 3, 2, 3, 3),
             weight("c2.bias", 3), numpy_helper.from_array(np.array([-1, 3 * half * half], np.int64), "shape"),
             weight("fc.weight", 4, 3 * half * half), weight("fc.bias", 4)]
    return model(nodes, [image_input("x", 1, size, size)], [output("y", 4)], inits)


def conv_bn_concat():
    nodes = [helper.make_node("Conv", ["x", "a.weight"], ["a"], kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
             helper.make_node("BatchNormalization", ["a", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["bn"],
                              epsilon=1e-5, momentum=0.9),
             helper.make_node("AveragePool", ["bn"], ["avg"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("MaxPool", ["x"], ["mp"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("Concat", ["avg", "mp"], ["cat"], axis=1),
             helper.make_node("GlobalAveragePool", ["cat"], ["g"]),
             helper.make_node("Flatten", ["g"], ["f"], axis=1),
             helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["y"], transB=1)]
    inits = [weight("a.weight", 2, 1, 3, 3), weight("bn.scale", 2), weight("bn.bias", 2), weight("bn.mean", 2),
             numpy_helper.from_array(np.array([1.0, 2.0], np.float32), "bn.var"), weight("fc.weight", 3, 3),
             weight("fc.bias", 3)]
    return model(nodes, [image_input("x", 1, 6, 6)], [output("y", 3)], inits)


def huge_conv():
    """A 3 x 8192 x 8192 image through a 64-channel conv: one batch needs hundreds of GiB."""
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], kernel_shape=[1, 1]),
             helper.make_node("GlobalAveragePool", ["c"], ["g"]),
             helper.make_node("Flatten", ["g"], ["y"])]
    return model(nodes, [image_input("x", 3, 8192, 8192)], [output("y", 64)], [weight("w", 64, 3, 1, 1)])


def lying_dims():
    m = mlp()
    m.graph.initializer[0].dims[0] = 1 << 40
    return m


def negative_dims():
    m = lenet()
    m.graph.initializer[0].dims[1] = -7
    return m


def no_output():
    m = mlp()
    del m.graph.node[1].output[:]
    return m


def gemm_one_input():
    m = mlp()
    del m.graph.node[2].input[1:]
    return m


def used_before_produced():
    m = mlp()
    nodes = list(m.graph.node)
    del m.graph.node[:]
    m.graph.node.extend(reversed(nodes))
    return m


def bad_conv_attributes():
    m = lenet()
    conv = m.graph.node[0]
    del conv.attribute[:]
    conv.attribute.extend([helper.make_attribute("kernel_shape", [3, 3, 3]),
                           helper.make_attribute("strides", [0, 0]),
                           helper.make_attribute("pads", [1, 1])])
    return m


def main():
    os.makedirs(HERE, exist_ok=True)
    valid = {"mlp-gemm": mlp(), "lenet-tiny": lenet(), "conv-bn-concat": conv_bn_concat()}
    for name, m in valid.items():
        onnx.checker.check_model(m, full_check=True)
    broken = {"huge-conv-activations": huge_conv(), "dims-lie": lying_dims(), "dims-negative": negative_dims(),
              "node-without-output": no_output(), "gemm-one-input": gemm_one_input(),
              "used-before-produced": used_before_produced(), "conv-bad-attributes": bad_conv_attributes()}
    for name, m in {**valid, **broken}.items():
        with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
            f.write(m.SerializeToString())
    data = lenet().SerializeToString()
    for cut in (7, len(data) // 2, len(data) - 3):
        with open(os.path.join(HERE, f"lenet-tiny-cut{cut}.onnx"), "wb") as f:
            f.write(data[:cut])
    print(f"wrote {len(valid) + len(broken) + 3} seeds into {HERE}")


if __name__ == "__main__":
    main()
