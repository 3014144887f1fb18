"""`miniflow import` of an ONNX model built elsewhere (ctest export_onnx_import_torch):
PyTorch exports an MLP (Flatten, Linear, ReLU, Dropout, Linear, Tanh, GELU, Linear, Softmax)
with torch.onnx.export (opset 13 writes GELU as Div, Erf, Add, Mul, Mul), MiniFlow imports it
(the GELU chain as one GELU node), and MiniFlow's forward pass of the imported graph
(export_reference infer: 64 seeded N(0, 1) inputs) must match the PyTorch module's logits
(the import drops the final Softmax: its loss applies softmax itself) to 1e-5.

usage: onnx_import_torch.py MINIFLOW EXPORT_REFERENCE WORK_DIR
Exits 77 (skipped) without torch.
"""
import json
import os
import sys

from export_support import fresh_folder, require_torch, run

TOLERANCE = 1e-5


def main():
    miniflow, reference, work = sys.argv[1:4]
    require_torch()
    import torch
    from torch import nn
    work = fresh_folder(os.path.abspath(work))
    torch.manual_seed(0)
    logits = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 16), nn.Tanh(),
                           nn.GELU(), nn.Linear(16, 3))
    model = nn.Sequential(logits, nn.Softmax(dim=1)).eval()
    onnx_path, graph_path = os.path.join(work, "torch-mlp.onnx"), os.path.join(work, "torch-mlp.json")
    torch.onnx.export(model, torch.randn(2, 8, 8), onnx_path, input_names=["pixels"], output_names=["probabilities"],
                      dynamic_axes={"pixels": {0: "N"}, "probabilities": {0: "N"}}, opset_version=13)
    run([miniflow, "import", onnx_path, "-o", graph_path])
    with open(graph_path) as f:
        graph = json.load(f)
    print("imported nodes: " + ", ".join(f"{n['name']} ({n['op']})" for n in graph["nodes"]))
    if [n["op"] for n in graph["nodes"]].count("GELU") != 1:
        sys.exit("FAILED: PyTorch's GELU did not import as one GELU node")
    sample_path = os.path.join(work, "sample.json")
    run([reference, "infer", graph_path, "64", sample_path])
    with open(sample_path) as f:
        sample = json.load(f)
    inputs = torch.tensor(sample["input"]).reshape(-1, *sample["inputDims"])
    with torch.no_grad():
        expected = logits.eval()(inputs)
    difference = (torch.tensor(sample["output"]) - expected).abs().max().item()
    print(f"MiniFlow (imported graph) vs PyTorch logits on 64 rows: max |difference| {difference:.3e}")
    if difference > TOLERANCE:
        sys.exit(f"FAILED: difference above {TOLERANCE}")
    print("PASSED")


if __name__ == "__main__":
    main()
