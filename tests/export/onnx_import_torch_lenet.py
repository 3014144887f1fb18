"""`miniflow import` of a convolutional network exported by another tool (ctest
export_onnx_import_torch_lenet): torch.onnx.export writes a LeNet (Conv2d 5x5 6, ReLU,
BatchNorm2d, MaxPool2d 2, Conv2d 5x5 16 padding 1, ReLU, AvgPool2d 2, Flatten, Linear 120,
ReLU, Linear 84, ReLU, Linear 10) with running statistics other than 0 and 1; MiniFlow
imports it and
 1. its forward pass of the imported graph (export_reference infer: 64 seeded N(0, 1)
    images, BatchNorm on running statistics) matches the PyTorch module in eval mode to 1e-5;
 2. trained for 30 steps on a small MNIST folder (export_reference trace; generated images
    without the shared data), the mean loss of the last 5 steps is below the first loss, and
    the first step gives every edge but the labels' a finite gradient (non-zero on the
    convolutions' weight edges).

usage: onnx_import_torch_lenet.py MINIFLOW EXPORT_REFERENCE WORK_DIR
Exits 77 (skipped) without torch.
"""
import json
import os
import sys

from export_support import fresh_folder, require_torch, run, skip, small_mnist

TOLERANCE = 1e-5
STEPS = 30


def main():
    miniflow, reference, work = sys.argv[1:4]
    require_torch()
    import torch
    from torch import nn
    work = fresh_folder(os.path.abspath(work))
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.BatchNorm2d(6), nn.MaxPool2d(2),
                          nn.Conv2d(6, 16, 5, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
                          nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    with torch.no_grad():
        model[2].running_mean.copy_(torch.linspace(-0.2, 0.3, 6))
        model[2].running_var.copy_(torch.linspace(0.5, 2.0, 6))
    model.eval()
    onnx_path, graph_path = os.path.join(work, "torch-lenet.onnx"), os.path.join(work, "torch-lenet.json")
    torch.onnx.export(model, torch.randn(2, 1, 28, 28), onnx_path, input_names=["images"], output_names=["logits"],
                      dynamic_axes={"images": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
    import subprocess
    probe = subprocess.run([miniflow, "import", onnx_path, "-o", graph_path], capture_output=True, text=True)
    if probe.returncode != 0 and "cannot import these ONNX ops: Conv" in probe.stdout + probe.stderr:
        skip("this build lacks Conv2D (the conv work): " + (probe.stdout + probe.stderr).strip()[-160:])
    run([miniflow, "import", onnx_path, "-o", graph_path])
    with open(graph_path) as f:
        graph = json.load(f)
    print("imported nodes: " + ", ".join(f"{n['name']} ({n['op']})" for n in graph["nodes"]))

    sample_path = os.path.join(work, "sample.json")
    run([reference, "infer", graph_path, "64", sample_path])
    with open(sample_path) as f:
        sample = json.load(f)
    inputs = torch.tensor(sample["input"]).reshape(-1, *sample["inputDims"])
    with torch.no_grad():
        expected = model(inputs)
    difference = (torch.tensor(sample["output"]) - expected).abs().max().item()
    print(f"MiniFlow (imported LeNet) vs PyTorch logits on 64 images: max |difference| {difference:.3e}")
    if difference > TOLERANCE:
        sys.exit(f"FAILED: difference {difference:.3e} above {TOLERANCE}")

    origin = small_mnist(os.path.join(work, "mnist"), train_rows=1000, test_rows=200)
    graph["dataset"] = {"source": "mnist", "path": os.path.join(work, "mnist"), "normalization": "minmax",
                        "validationFraction": 0.0, "seed": 1}
    graph["training"] = {"optimizer": "adam", "learningRate": 0.001, "batchSize": 32, "epochs": 1, "seed": 1,
                         "sampling": "shuffle", "stepsPerEpoch": 0}
    trained_path = os.path.join(work, "torch-lenet-mnist.json")
    with open(trained_path, "w") as f:
        json.dump(graph, f, indent=1)
    trace_path = os.path.join(work, "trace.json")
    run([reference, "trace", trained_path, str(STEPS), trace_path])
    with open(trace_path) as f:
        trace = json.load(f)
    losses = [step["loss"] for step in trace["steps"]]
    last = sum(losses[-5:]) / 5
    print(f"training {STEPS} steps on {origin}: first loss {losses[0]:.4f}, mean of the last 5 {last:.4f}")
    if not last < losses[0]:
        sys.exit("FAILED: the imported LeNet's loss did not decrease")
    edges = [e for e in trace["edges"] if e["from"] != "labels"]
    missing = [f"{e['from']} -> {e['to']}:{e['port']}" for e in edges if not e["gradient"] or not e["finite"]]
    if missing:
        sys.exit("FAILED: edges without a finite gradient: " + ", ".join(missing))
    conv_weights = [e for e in edges if e["to"] in {n["name"] for n in graph["nodes"] if n["op"] == "Conv2D"}
                    and e["port"] == 1]
    if len(conv_weights) != 2 or any(e["maxAbs"] == 0 for e in conv_weights):
        sys.exit(f"FAILED: expected two conv weight edges with non-zero gradients: {conv_weights}")
    print(f"every one of {len(edges)} edges (labels' excluded) has a finite gradient; conv weight edges max |g| "
          + ", ".join(f"{e['maxAbs']:.3e}" for e in conv_weights))
    print("PASSED")


if __name__ == "__main__":
    main()
