"""PyTorch side of the benchmark: the same workload as miniflow-bench, same data files,
same batch order, same hyperparameters. Prints one JSON object.

usage: bench_torch.py train|infer|infer-mkldnn|accuracy DATA_DIR THREADS RUNS
       bench_torch.py gemm|config THREADS

torch's best CPU configuration: denormals flushed (torch.set_flush_denormal(True), as MiniFlow
does), convolutions on oneDNN (torch's default CPU path), the BLAS its build maps (the bench
checks it is OpenBLAS's OpenMP build, sharing torch's OpenMP pool).
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def read(folder, name, rows, cols, dtype=np.float32):
    return torch.from_numpy(np.fromfile(f"{folder}/{name}", dtype=dtype).reshape(rows, cols).copy())


def load(folder):
    meta = json.load(open(f"{folder}/meta.json"))
    data = {"meta": meta}
    for split in ("train", "test"):
        if meta[f"{split}Rows"]:
            data[f"{split}_x"] = read(folder, f"{split}_x.f32", meta[f"{split}Rows"], meta["features"])
            data[f"{split}_y"] = read(folder, f"{split}_y.f32", meta[f"{split}Rows"], 1)
    if meta["steps"]:
        order = np.fromfile(f"{folder}/order.i32", dtype=np.int32).reshape(meta["steps"], meta["batch"])
        data["order"] = torch.from_numpy(order.astype(np.int64))
    return data


def initialize(layer, spec):
    """Weights as the graph's Parameter says (Glorot / Kaiming / normal with its stddev), zero bias."""
    init = spec.get("init", "glorot_uniform")
    if init == "kaiming_normal":
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    elif init == "normal":
        nn.init.normal_(layer.weight, std=spec.get("stddev", 1.0))
    else:
        nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


def model_for(meta):
    """The example graph as a torch module; image rows (sampleDims C, H, W) unflatten to N x C x H x W."""
    layers, width = [], meta["features"]
    dims = meta.get("sampleDims") or []
    if len(dims) == 3 and any(spec["op"] == "conv" for spec in meta["layers"]):
        layers.append(nn.Unflatten(1, tuple(dims)))
    for spec in meta["layers"]:
        if spec["op"] == "linear":
            layers.append(initialize(nn.Linear(spec.get("in", width), spec["units"]), spec))
            width = spec["units"]
        elif spec["op"] == "conv":
            padding = spec["padding"] if isinstance(spec["padding"], str) else tuple(spec["padding"])
            layers.append(initialize(nn.Conv2d(spec["in"], spec["out"], tuple(spec["kernel"]), tuple(spec["stride"]),
                                               padding, tuple(spec["dilation"]), spec["groups"]), spec))
        elif spec["op"] == "maxpool":
            layers.append(nn.MaxPool2d(tuple(spec["kernel"]), tuple(spec["stride"]), tuple(spec["padding"])))
        elif spec["op"] == "flatten":
            layers.append(nn.Flatten())
        elif spec["op"] == "relu":
            layers.append(nn.ReLU())
        elif spec["op"] == "sigmoid":
            layers.append(nn.Sigmoid())
        elif spec["op"] == "dropout":
            layers.append(nn.Dropout(spec["rate"]))
    return nn.Sequential(*layers)


def optimizer_for(meta, model):
    if meta["optimizer"] == "adam":
        return torch.optim.Adam(model.parameters(), lr=meta["learningRate"], eps=1e-7)
    return torch.optim.SGD(model.parameters(), lr=meta["learningRate"])


def loss_for(meta):
    if meta["loss"] == "mse":
        return lambda out, y: torch.mean((y - out) ** 2)
    ce = nn.CrossEntropyLoss()
    return lambda out, y: ce(out, y[:, 0].long())


def run_steps(data, model, optimizer, loss_fn, steps):
    x, y, order = data["train_x"], data["train_y"], data["order"]
    loss = None
    for s in range(steps):
        rows = order[s]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[rows]), y[rows])
        loss.backward()
        optimizer.step()
    return float(loss)


def fresh(meta):
    model = model_for(meta)
    return model, optimizer_for(meta, model), loss_for(meta)


def train(data, runs):
    meta = data["meta"]
    model, optimizer, loss_fn = fresh(meta)
    run_steps(data, model, optimizer, loss_fn, min(meta["steps"], 20))  # warm-up
    times, loss = [], 0.0
    for _ in range(runs):
        model, optimizer, loss_fn = fresh(meta)
        start = time.perf_counter()
        loss = run_steps(data, model, optimizer, loss_fn, meta["steps"])
        times.append(time.perf_counter() - start)
    return {"times": times, "finalLoss": loss}


def evaluate(model, x, y, convert=lambda t: t, back=lambda t: t):
    correct = 0
    with torch.no_grad():
        for start in range(0, x.shape[0], 1000):
            out = back(model(convert(x[start:start + 1000])))
            correct += int((out.argmax(1) == y[start:start + 1000, 0].long()).sum())
    return correct / x.shape[0]


def infer(data, runs, mkldnn):
    meta = data["meta"]
    model = model_for(meta).eval()
    convert, back = (lambda t: t), (lambda t: t)
    if mkldnn:
        from torch.utils import mkldnn as mkldnn_utils
        model = mkldnn_utils.to_mkldnn(model)
        convert, back = (lambda t: t.to_mkldnn()), (lambda t: t.to_dense())
    evaluate(model, data["test_x"], data["test_y"], convert, back)  # warm-up
    times, accuracy = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        accuracy = evaluate(model, data["test_x"], data["test_y"], convert, back)
        times.append(time.perf_counter() - start)
    return {"times": times, "accuracy": accuracy}


def accuracy(data, epochs):
    meta = data["meta"]
    model, optimizer, loss_fn = fresh(meta)
    per_epoch, total = [], 0.0
    for _ in range(epochs):
        model.train()
        start = time.perf_counter()
        run_steps(data, model, optimizer, loss_fn, meta["steps"])
        total += time.perf_counter() - start
        model.eval()
        per_epoch.append(evaluate(model, data["test_x"], data["test_y"]))
    return {"testAccuracy": per_epoch, "seconds": total}


def gemm(runs):
    a, b = torch.rand(2048, 2048), torch.rand(2048, 2048)
    a @ b
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        a @ b
        rates.append(2 * 2048 ** 3 / (time.perf_counter() - start) / 1e9)
    return {"gflops": rates}


def peak_rss_kb():
    """VmHWM: this process's own peak (ru_maxrss would include the forking parent's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def loaded_blas():
    """The BLAS library this process actually mapped (after a matmul)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted(paths)


def config():
    torch.rand(64, 64) @ torch.rand(64, 64)  # maps the BLAS
    return {"version": torch.__version__, "flushDenormal": FLUSH_DENORMAL,
            "mkldnn": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled}


FLUSH_DENORMAL = torch.set_flush_denormal(True)


def main():
    mode, threads = sys.argv[1], int(sys.argv[3] if mode_has_data(sys.argv[1]) else sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(int(os.environ.get("MINIFLOW_BENCH_SEED", "1")))
    if mode == "gemm":
        result = gemm(5)
    elif mode == "config":
        result = config()
    else:
        data = load(sys.argv[2])
        runs = int(sys.argv[4])
        result = {"train": lambda: train(data, runs),
                  "infer": lambda: infer(data, runs, False),
                  "infer-mkldnn": lambda: infer(data, runs, True),
                  "accuracy": lambda: accuracy(data, runs)}[mode]()
    result["threads"] = torch.get_num_threads()
    result["blas"] = loaded_blas()
    result["peakRssKb"] = peak_rss_kb()
    print(json.dumps(result))


def mode_has_data(mode):
    return mode not in ("gemm", "config")


if __name__ == "__main__":
    main()
