"""Agreement of an exported PyTorch model with MiniFlow (ctest export_torch_agreement_*).

usage: torch_agreement.py GRAPH_NAME EXAMPLES_DIR MINIFLOW EXPORT_REFERENCE WORK_DIR

Exports the example graph (or a conv_graphs.py graph), lets MiniFlow train 100 steps (export_reference trace), then
trains the exported model.py with train.py's own data loading, batch order and optimizer
from the exported parameters (train.py's l1 terms join the update as in train.py), and compares: each step's loss (relative error, absolute below
LOSS_FLOOR) and every parameter gradient of the first step (max |difference| / max |MiniFlow
gradient|, or / the step's largest gradient where that gradient is mathematically zero: ZERO_GRADIENT).
Both must be <= 1e-4. Exits 77 (skipped) without torch or without the shared data.
"""
import importlib
import json
import os
import re
import sys

from export_support import prepared_graph, require_torch, run, fresh_folder

STEPS = 100
TOLERANCE = 1e-4
# A float32 loss computed from O(1) logits carries ~1e-7 absolute rounding whatever its size,
# so losses below this are compared absolutely (TOLERANCE * LOSS_FLOOR): a loss trained down to
# 7e-4 otherwise fails on summation order alone (an -O1 sanitizer build does).
LOSS_FLOOR = 1e-2
# A gradient that is mathematically zero (a conv bias right before BatchNorm: the batch mean
# cancels it) comes out as float32 rounding noise on both sides, e.g. 6e-8 (MiniFlow) vs 5e-6
# (PyTorch) next to weight gradients of 1e-2; relative to its own noise that reads as 92. Where
# MiniFlow's gradient is below ZERO_GRADIENT times the step's largest one, PyTorch's must be
# within TOLERANCE of zero relative to that largest gradient instead.
ZERO_GRADIENT = 1e-5


def main():
    name, examples, miniflow, reference, work = sys.argv[1:6]
    require_torch()
    import torch
    work = fresh_folder(os.path.abspath(work))
    graph = prepared_graph(name, examples, work)
    import conv_graphs
    if name in conv_graphs.GRAPHS:
        conv_graphs.require_ops(miniflow, graph)
    export = os.path.join(work, "torch")
    run([miniflow, "export", graph, "--to", "pytorch", export])
    run([reference, "trace", graph, str(STEPS), os.path.join(work, "trace.json")])
    with open(os.path.join(work, "trace.json")) as f:
        trace = json.load(f)

    sys.path.insert(0, export)
    train = importlib.import_module("train")
    blas = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS_INFO={blas.group(1) if blas else '?'}")
    torch.manual_seed(0)
    data = train.load_data()
    x, y = (torch.from_numpy(a) for a in data["train"])
    model = train.load_parameters(train.Model())
    optimizer = train.make_optimizer(model)
    config = train.CONFIG["training"]
    batcher = train.Batcher(len(x), config["batch_size"], config["sampling"], config["seed"] + 2,
                            config["steps_per_epoch"])
    worst_loss, worst_step, worst_gradient = 0.0, 0, {}
    for step, expected in enumerate(trace["steps"]):
        rows = batcher.next()
        if rows != expected["rows"]:
            sys.exit(f"FAILED: train.py's batch {step + 1} differs from MiniFlow's: {rows[:8]}... vs "
                     f"{expected['rows'][:8]}...")
        optimizer.zero_grad()
        loss = model.compute_loss(model(x[rows]), y[rows])
        loss.backward()
        if step == 0:
            # MiniFlow's rows x cols (a conv weight Cout x Cin*kH*kW) in torch's shape
            mine = {parameter_name: torch.tensor(trace["gradients"][parameter_name]).reshape(parameter.grad.shape)
                    for parameter_name, parameter in model.named_parameters()}
            largest = max(gradient.abs().max().item() for gradient in mine.values()) or 1.0
            for parameter_name, parameter in model.named_parameters():
                scale = mine[parameter_name].abs().max().item()
                if scale < ZERO_GRADIENT * largest:
                    print(f"{name}: step-1 gradient of {parameter_name} is zero up to rounding "
                          f"({scale:.1e} vs largest {largest:.1e}): compared relative to the largest")
                    scale = largest
                worst_gradient[parameter_name] = (parameter.grad - mine[parameter_name]).abs().max().item() / scale
        penalty = train.penalty(model)  # l1 terms: MiniFlow adds them to the update, not the gradient
        if torch.is_tensor(penalty):
            penalty.backward()
        optimizer.step()
        error = abs(loss.item() - expected["loss"]) / max(abs(expected["loss"]), LOSS_FLOOR)
        if error > worst_loss:
            worst_loss, worst_step = error, step + 1
    print(f"{name}: losses over {STEPS} steps: first {trace['steps'][0]['loss']:.6f} (MiniFlow), "
          f"last {trace['steps'][-1]['loss']:.6f} (MiniFlow) vs {loss.item():.6f} (PyTorch)")
    print(f"{name}: largest loss relative error {worst_loss:.3e} (step {worst_step})")
    for parameter_name, error in worst_gradient.items():
        print(f"{name}: step-1 gradient of {parameter_name}: relative error {error:.3e}")
    largest_gradient = max(worst_gradient.values())
    print(f"{name}: largest gradient relative error {largest_gradient:.3e}")
    if worst_loss > TOLERANCE or largest_gradient > TOLERANCE:
        sys.exit(f"FAILED: differences above {TOLERANCE}")
    print("PASSED")


if __name__ == "__main__":
    main()
