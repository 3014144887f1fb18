"""One-command benchmark: MiniFlow's core against PyTorch CPU on the same machine, in one
run, with the same data, batch order, shapes and hyperparameters.

usage: bench.py BUILD_DIR [--runs N] [--threads 1,2] [--workloads a,b] [--accuracy] [--gui-runs N]
Prints a table of medians, min-max, ratios ours/torch, achieved GFLOP/s as a share of the
machine's measured GEMM rate, each process's peak RSS, and the studio's cost of watching.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "resources", "examples")
HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = ("boston", "mnist-mlp", "cifar-fc", "mnist-infer", "lenet", "cnn")


def shared_data():
    folder = os.environ.get("MINIFLOW_DATA_DIR") or os.path.join(ROOT, "..", "shared", "data")
    return folder if os.path.isdir(folder) else None


def read_idx(path):
    with gzip.open(path) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def layers_of(example):
    """The chain from the features Input to the loss, as torch-buildable layer specs, and the
    Input's sampleDims (C, H, W for images: torch gets N x C x H x W)."""
    graph = json.load(open(example if os.path.isabs(example) else os.path.join(EXAMPLES, example)))
    nodes = {n["id"]: n for n in graph["nodes"]}
    out_edges, in_edges = {}, {}
    for e in graph["edges"]:
        out_edges.setdefault(e["from"], []).append(e)
        in_edges[(e["to"], e["toPort"])] = e["from"]
    node = next(n for n in graph["nodes"] if n["op"] == "Input" and n["attributes"].get("role") == "features")
    dims = node["attributes"].get("sampleDims", [])
    layers, loss = [], None
    while True:
        nxt = next(e for e in out_edges[node["id"]] if e["toPort"] == 0 or nodes[e["to"]]["op"] in ("MSE",))
        node = nodes[nxt["to"]]
        op, attrs = node["op"], node["attributes"]
        if op == "Linear":
            w = nodes[in_edges[(node["id"], 1)]]["attributes"]
            layers.append({"op": "linear", "in": w["rows"], "units": w["cols"],
                           "init": w.get("initializer", "glorot_uniform"), "stddev": w.get("stddev", 1.0)})
        elif op == "Conv2D":
            w = nodes[in_edges[(node["id"], 1)]]["attributes"]
            padding = attrs.get("padding", "valid")
            layers.append({"op": "conv", "out": attrs["outChannels"], "kernel": [attrs["kernelH"], attrs["kernelW"]],
                           "in": w["cols"] // (attrs["kernelH"] * attrs["kernelW"]) * attrs.get("groups", 1),
                           "stride": [attrs.get("strideH", 1), attrs.get("strideW", 1)],
                           "padding": [attrs.get("padH", 0), attrs.get("padW", 0)] if padding == "explicit" else padding,
                           "dilation": [attrs.get("dilationH", 1), attrs.get("dilationW", 1)],
                           "groups": attrs.get("groups", 1), "init": w.get("initializer", "glorot_uniform"),
                           "stddev": w.get("stddev", 1.0)})
        elif op == "MaxPool2D":
            layers.append({"op": "maxpool", "kernel": [attrs.get("kernelH", 2), attrs.get("kernelW", 2)],
                           "stride": [attrs.get("strideH", 2), attrs.get("strideW", 2)],
                           "padding": [attrs.get("padH", 0), attrs.get("padW", 0)]})
        elif op == "Flatten":
            layers.append({"op": "flatten"})
        elif op in ("ReLU", "Sigmoid"):
            layers.append({"op": op.lower()})
        elif op == "Dropout":
            layers.append({"op": "dropout", "rate": attrs.get("rate", 0.5)})
        elif op in ("MSE", "SoftmaxCrossEntropy"):
            loss = "mse" if op == "MSE" else "ce"
            break
    return graph, layers, loss, dims


def write_split(folder, split, x, y):
    x.astype(np.float32).tofile(os.path.join(folder, f"{split}_x.f32"))
    y.astype(np.float32).reshape(-1, 1).tofile(os.path.join(folder, f"{split}_y.f32"))


def mnist(rng):
    data = shared_data()
    if data and os.path.exists(os.path.join(data, "mnist", "train-images-idx3-ubyte.gz")):
        get = lambda name: read_idx(os.path.join(data, "mnist", name))
        return ((get("train-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0, get("train-labels-idx1-ubyte.gz"),
                 get("t10k-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0, get("t10k-labels-idx1-ubyte.gz")), "real MNIST")
    return ((rng.random((60000, 784)), rng.integers(0, 10, 60000), rng.random((10000, 784)),
             rng.integers(0, 10, 10000)), "generated (no shared MNIST)")


def boston(rng):
    data = shared_data()
    path = os.path.join(data, "csv", "boston_housing.csv") if data else ""
    if path and os.path.exists(path):
        table = np.loadtxt(path, delimiter=",", skiprows=1)
        x, y, source = table[:, :13], table[:, 13], "real Boston CSV"
    else:
        x = rng.normal(size=(506, 13))
        y, source = 22 + x @ rng.normal(size=13), "generated (no shared Boston CSV)"
    return (x - x.mean(0)) / x.std(0), y, source


def keras_cnn_graph():
    """Keras's MNIST CNN example (mnist_cnn.py) as a graph: 1x28x28 -> Conv 32 3x3 -> ReLU -> Conv 64 3x3
    -> ReLU -> MaxPool 2 -> Dropout 0.25 -> Flatten -> Dense 128 -> ReLU -> Dropout 0.5 -> Dense 10 ->
    softmax cross-entropy; Adam 1e-3 (Keras's example uses Adadelta), batch 128. Glorot-uniform weights
    (Keras's default), zero biases."""
    nodes, edges = [], []

    def node(op, attrs):
        nodes.append({"id": len(nodes) + 1, "op": op, "name": f"{op.lower()}{len(nodes) + 1}", "attributes": attrs,
                      "position": [120 * len(nodes), 200]})
        return len(nodes)

    def chain(op, attrs, source, weights=None):
        n = node(op, attrs)
        edges.append({"from": source, "fromPort": 0, "to": n, "toPort": 0})
        for port, (rows, cols, init) in enumerate(weights or [], start=1):
            p = node("Parameter", {"rows": rows, "cols": cols, "initializer": init})
            edges.append({"from": p, "fromPort": 0, "to": n, "toPort": port})
        return n

    conv = {"strideH": 1, "strideW": 1, "padding": "valid", "padH": 0, "padW": 0, "dilationH": 1, "dilationW": 1,
            "groups": 1, "kernelH": 3, "kernelW": 3}
    x = node("Input", {"role": "features", "features": 784, "sampleDims": [1, 28, 28]})
    y = node("Input", {"role": "labels", "features": 1})
    last = chain("Conv2D", dict(conv, outChannels=32), x, [(32, 9, "glorot_uniform"), (1, 32, "zeros")])
    last = chain("ReLU", {}, last)
    last = chain("Conv2D", dict(conv, outChannels=64), last, [(64, 288, "glorot_uniform"), (1, 64, "zeros")])
    last = chain("ReLU", {}, last)
    last = chain("MaxPool2D", {"kernelH": 2, "kernelW": 2, "strideH": 2, "strideW": 2, "padH": 0, "padW": 0}, last)
    last = chain("Dropout", {"rate": 0.25}, last)
    last = chain("Flatten", {}, last)
    last = chain("Linear", {"units": 128}, last, [(9216, 128, "glorot_uniform"), (1, 128, "zeros")])
    last = chain("ReLU", {}, last)
    last = chain("Dropout", {"rate": 0.5}, last)
    last = chain("Linear", {"units": 10}, last, [(128, 10, "glorot_uniform"), (1, 10, "zeros")])
    loss = chain("SoftmaxCrossEntropy", {}, last)
    edges.append({"from": y, "fromPort": 0, "to": loss, "toPort": 1})
    return {"format": "miniflow-graph", "version": 1, "nodes": nodes, "edges": edges,
            "training": {"optimizer": "adam", "learningRate": 0.001, "batchSize": 128, "epochs": 1, "seed": 1,
                         "sampling": "shuffle", "stepsPerEpoch": 0}}


def prepare(name, folder, rng):
    """Writes meta.json, the data and the batch order for one workload; returns its source."""
    os.makedirs(folder, exist_ok=True)
    example = {"boston": "boston.json", "cifar-fc": "cifar-fc.json", "lenet": "lenet-mnist.json"}.get(
        name, "mnist-mlp.json")
    if name == "cnn":
        example = os.path.join(folder, "cnn-mnist.json")
        json.dump(keras_cnn_graph(), open(example, "w"))
    graph, layers, loss, dims = layers_of(example)
    training = graph["training"]
    meta = {"example": example, "layers": layers, "loss": loss, "optimizer": training["optimizer"],
            "learningRate": training["learningRate"], "batch": training["batchSize"], "testRows": 0,
            "sampleDims": dims}
    if name == "boston":
        x, y, source = boston(rng)
        meta.update(features=13, classes=0, trainRows=506, steps=46 * 100)
        order = rng.integers(0, 506, size=(meta["steps"], 11))  # MiniFlow's resample
        write_split(folder, "train", x, y)
    elif name in ("mnist-mlp", "mnist-infer", "lenet", "cnn"):
        (x, y, tx, ty), source = mnist(rng)
        batch = meta["batch"]
        meta.update(features=784, classes=10, trainRows=60000, testRows=10000)
        meta["steps"] = 0 if name == "mnist-infer" else 60000 // batch  # one epoch
        order = rng.permutation(60000)[: 60000 // batch * batch].reshape(-1, batch)
        write_split(folder, "train", x, y)
        write_split(folder, "test", tx, ty)
    else:
        rows = 16000
        x = rng.normal(size=(rows, 3072)).astype(np.float32)
        y = rng.integers(0, 10, rows)
        meta.update(features=3072, classes=10, trainRows=rows, steps=700)
        order = np.concatenate([rng.permutation(rows) for _ in range(3)])[: 700 * 64].reshape(700, 64)
        write_split(folder, "train", x, y)
        source = "generated (CIFAR-10 is not on this machine)"
    order.astype(np.int32).tofile(os.path.join(folder, "order.i32"))
    json.dump(meta, open(os.path.join(folder, "meta.json"), "w"))
    return source


def torch_env(threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(var, None)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


def run_json(command, env):
    out = subprocess.run(command, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def seeded(env, seed):
    """env with MINIFLOW_BENCH_SEED set when a seed is given (both sides read it)."""
    return env if seed is None else dict(env, MINIFLOW_BENCH_SEED=str(seed))


def ours(build, mode, folder, threads, runs, dense_only=False, seed=None):
    env = seeded(dict(torch_env(threads), MINIFLOW_BENCH_DENSE="1" if dense_only else "0"), seed)
    return run_json([os.path.join(build, "tests", "benchmark", "miniflow-bench"), mode, folder, EXAMPLES,
                     str(threads), str(runs)], env)


def theirs(mode, folder, threads, runs, seed=None):
    return run_json(["/usr/bin/python3", os.path.join(HERE, "bench_torch.py"), mode, folder, str(threads), str(runs)],
                    seeded(torch_env(threads), seed))


def summary(times):
    return statistics.median(times), min(times), max(times)


def fmt_time(times):
    med, lo, hi = summary(times)
    return f"{med:.3f} s ({lo:.3f}-{hi:.3f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--accuracy", action="store_true", help="also train mnist-mlp 5 epochs on both sides")
    parser.add_argument("--gui-runs", type=int, default=3,
                        help="paired studio/headless mnist-mlp epochs for the GUI's cost (0: skip)")
    args = parser.parse_args()
    threads_list = [int(t) for t in args.threads.split(",")]
    rng = np.random.default_rng(12345)
    work = tempfile.mkdtemp(prefix="miniflow-bench-")
    try:
        run_all(args, threads_list, rng, work)
    finally:  # the prepared data (~0.5 GB with every workload) does not outlive the run
        shutil.rmtree(work, ignore_errors=True)


def run_all(args, threads_list, rng, work):
    print(f"machine: {os.cpu_count()} cores; {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}")
    print("BLAS settings: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for both sides (the machine's defaults force "
          "OpenBLAS's slower Haswell kernels); OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = thread count")
    config = theirs_config()
    print(f"torch {config['version']}: set_flush_denormal(True) -> {config['flushDenormal']}; oneDNN (mkldnn) "
          f"{'on' if config['mkldnn'] else 'off'}; BLAS {', '.join(config['blas']) or 'none mapped'} "
          f"({'OpenMP build' if any('openmp' in b for b in config['blas']) else 'NOT the OpenMP build'})")
    roofline = {}
    for t in threads_list:
        mine, eigen, torch_gemm = ours_gemm(args.build, t), eigen_gemm(args.build, t), theirs_gemm(t)
        roofline[t] = (statistics.median(mine["gflops"]), statistics.median(torch_gemm["gflops"]))
        print(f"GEMM 2048^2 float32, {t} thread(s): ours {roofline[t][0]:.0f} GFLOP/s ({mine['products']}), "
              f"Eigen's own GEMM {statistics.median(eigen['gflops']):.0f} GFLOP/s, "
              f"torch {roofline[t][1]:.0f} GFLOP/s; torch BLAS: {', '.join(torch_gemm['blas']) or 'none mapped'}")
    rows = []
    for name in args.workloads.split(","):
        folder = os.path.join(work, name)
        source = prepare(name, folder, rng)
        mode = "infer" if name == "mnist-infer" else "train"
        # cifar-fc and cnn take a minute or more per run: fewer runs (cnn: ~9 GFLOP a step).
        runs = {"cifar-fc": max(3, args.runs // 2), "cnn": max(1, args.runs // 2)}.get(name, args.runs)
        for t in threads_list:
            a, b = ours(args.build, mode, folder, t, runs), theirs(mode, folder, t, runs)
            extra = theirs("infer-mkldnn", folder, t, runs) if mode == "infer" else None
            # Sparse inputs (MNIST's zeros) change our path: time the dense-only path too.
            dense = ours(args.build, mode, folder, t, runs, dense_only=True) if name.startswith("mnist") else None
            rows.append((name, t, source, a, b, extra, dense, roofline[t]))
            print_row(rows[-1])
    print_table(rows)
    if args.gui_runs > 0:
        gui_cost(args.build, args.gui_runs)
    if args.accuracy:
        accuracy_comparison(args.build, os.path.join(work, "mnist-mlp"), max(threads_list))


ACCURACY_SEEDS = (1, 2, 3)


def accuracy_comparison(build, folder, threads):
    """mnist-mlp for 5 epochs on both sides, once per seed (initialization and dropout; the batch
    order is the shared one), and the final test accuracies' means."""
    finals = {"ours": [], "torch": []}
    for seed in ACCURACY_SEEDS:
        a, b = ours(build, "accuracy", folder, threads, 5, seed=seed), theirs("accuracy", folder, threads, 5, seed=seed)
        finals["ours"].append(100 * a["testAccuracy"][-1])
        finals["torch"].append(100 * b["testAccuracy"][-1])
        print(f"mnist-mlp 5 epochs, seed {seed}, test accuracy per epoch: ours "
              + ", ".join(f"{100 * x:.2f}%" for x in a["testAccuracy"]) + f" ({a['seconds']:.1f} s); torch "
              + ", ".join(f"{100 * x:.2f}%" for x in b["testAccuracy"]) + f" ({b['seconds']:.1f} s)", flush=True)
    mean = {side: statistics.mean(values) for side, values in finals.items()}
    print(f"final test accuracy over seeds {list(ACCURACY_SEEDS)}: ours {mean['ours']:.2f}% "
          f"({min(finals['ours']):.2f}-{max(finals['ours']):.2f}), torch {mean['torch']:.2f}% "
          f"({min(finals['torch']):.2f}-{max(finals['torch']):.2f}); difference {mean['ours'] - mean['torch']:+.2f} "
          f"points (target within 0.3)")


def ours_gemm(build, threads):
    return run_json([os.path.join(build, "tests", "benchmark", "miniflow-bench"), "gemm", str(threads)], torch_env(threads))


def eigen_gemm(build, threads):
    return run_json([os.path.join(build, "tests", "benchmark", "miniflow-bench-eigen-gemm"), str(threads)],
                    torch_env(threads))


def headless_epoch(build):
    """samples/s of one mnist-mlp epoch by the `miniflow train` command (1 thread)."""
    out = subprocess.run([os.path.join(build, "core", "miniflow"), "train", os.path.join(EXAMPLES, "mnist-mlp.json"),
                          "--epochs", "1"], capture_output=True, text=True, env=torch_env(1))
    found = re.search(r"epoch 1/1 .* (\d+) samples/s", out.stdout)
    if out.returncode != 0 or not found:
        sys.exit(f"headless mnist-mlp epoch failed:\n{out.stdout}\n{out.stderr}")
    return float(found.group(1))


def studio_epoch(build):
    """(samples/s, worst GUI-thread delay in ms, 99th percentile delay in ms, GUI thread busy %) of one
    mnist-mlp epoch trained in the studio (offscreen, live loss plot and per-edge gradients), as its
    --measure option reports."""
    shot = os.path.join(tempfile.mkdtemp(prefix="miniflow-gui-"), "gui.png")
    out = subprocess.run([os.path.join(build, "app", "miniflow-studio"), "--example", "mnist-mlp", "--train-steps",
                          str(60000 // 32), "--screenshot", shot, "--measure"], capture_output=True, text=True,
                         env=dict(torch_env(1), QT_QPA_PLATFORM="offscreen"))
    found = re.search(r"([\d.]+) samples/s; worst GUI-thread delay (\d+) ms, 99th percentile (\d+) ms, "
                      r"GUI thread busy (\d+)%", out.stdout)
    if out.returncode != 0 or not found:
        sys.exit(f"studio mnist-mlp epoch failed:\n{out.stdout}\n{out.stderr}")
    return float(found.group(1)), int(found.group(2)), int(found.group(3)), int(found.group(4))


def gui_cost(build, runs):
    """The studio's cost of watching: paired epochs (studio, then headless), medians."""
    if not os.path.exists(os.path.join(build, "app", "miniflow-studio")):
        print("GUI cost: skipped (the studio is not built: configure with MINIFLOW_BUILD_APP=ON)")
        return
    if not shared_data():
        print("GUI cost: skipped (needs real MNIST in ../shared/data for the studio's mnist-mlp example)")
        return
    gui, headless, delays, busy = [], [], [], []
    for _ in range(runs):
        rate, delay, p99, share = studio_epoch(build)
        gui.append(rate)
        delays.append(delay)
        busy.append(share)
        headless.append(headless_epoch(build))
        print(f"  GUI cost pair: studio {rate:.0f} samples/s (worst delay {delay} ms, 99th percentile {p99} ms, "
              f"GUI thread busy {share}%), headless {headless[-1]:.0f} samples/s", flush=True)
    g, h = statistics.median(gui), statistics.median(headless)
    print(f"\nGUI cost (mnist-mlp epoch, 1 thread, {runs} pairs): studio {g:.0f} samples/s vs headless `miniflow train` "
          f"{h:.0f} samples/s: watching costs {100 * (1 - g / h):.1f}% throughput; GUI-thread worst delay median "
          f"{statistics.median(delays)} ms (max {max(delays)} ms); GUI thread busy {statistics.median(busy)}% of the time")


def theirs_config():
    return run_json(["/usr/bin/python3", os.path.join(HERE, "bench_torch.py"), "config", "1"], torch_env(1))


def theirs_gemm(threads):
    return run_json(["/usr/bin/python3", os.path.join(HERE, "bench_torch.py"), "gemm", str(threads)], torch_env(threads))


def print_row(row):
    name, t, source, a, b, extra, dense, _ = row
    line = f"  {name:11s} {t} thread(s): ours {fmt_time(a['times'])}, torch {fmt_time(b['times'])}"
    if dense:
        line += f", ours dense-only {fmt_time(dense['times'])}"
    if extra:
        line += f", torch oneDNN {fmt_time(extra['times'])}"
    print(line + f"  [{source}]", flush=True)


def print_table(rows):
    print("\n| workload | threads | ours median (min-max) | torch median (min-max) | ours / torch | "
          "ours dense-only / torch | torch oneDNN | ours GFLOP/s (share of our GEMM) | torch GFLOP/s (share of its GEMM) | "
          "peak RSS ours / torch |")
    print("| --- | ---: | --- | --- | ---: | ---: | --- | --- | --- | --- |")
    for name, t, _, a, b, extra, dense, (roof_ours, roof_torch) in rows:
        ma, mb = summary(a["times"])[0], summary(b["times"])[0]
        flops = a["flopsPerRun"]
        one_dnn = f"{fmt_time(extra['times'])}, ours/oneDNN {ma / summary(extra['times'])[0]:.2f}" if extra else "-"
        dense_ratio = f"{summary(dense['times'])[0] / mb:.2f}" if dense else "-"
        print(f"| {name} | {t} | {fmt_time(a['times'])} | {fmt_time(b['times'])} | {ma / mb:.2f} | {dense_ratio} | {one_dnn} | "
              f"{flops / ma / 1e9:.1f} ({100 * flops / ma / 1e9 / roof_ours:.0f}%) | "
              f"{flops / mb / 1e9:.1f} ({100 * flops / mb / 1e9 / roof_torch:.0f}%) | "
              f"{a['peakRssKb'] / 1024:.0f} / {b['peakRssKb'] / 1024:.0f} MiB |")


if __name__ == "__main__":
    main()
