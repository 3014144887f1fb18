"""ONNX export of the example graphs (ctest export_onnx_checker / export_onnx_runtime).

usage: onnx_export.py checker|runtime EXAMPLES_DIR MINIFLOW EXPORT_REFERENCE WORK_DIR

checker: each exported model passes onnx.checker.check_model(full_check=True) (Debian's
         python3-onnx); exits 77 when onnx cannot be imported.
Besides the examples, "spiral-gelu" (spiral with every Tanh made a GELU) checks an op that
opset 13 lacks, exported as its Erf decomposition, and conv_graphs.py's "lenet" and
"conv-bn-concat" (its BatchNorm running statistics set to values other than 0 and 1) check
Conv, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Reshape and Concat.
runtime: each model runs in onnxruntime (the npm package onnxruntime-node, installed into
         WORK_DIR/node on first use; exits 77 when npm or the network is unavailable), and
         its outputs on 64 seeded N(0, 1) rows match MiniFlow's (export_reference infer)
         to max |difference| / max(1, max |MiniFlow output|) <= 1e-5.
"""
import json
import os
import shutil
import subprocess
import sys

from export_support import run, skip

GRAPHS = ("boston", "mnist-mlp", "spiral", "cifar-fc")
TOLERANCE = 1e-5
HERE = os.path.dirname(os.path.abspath(__file__))


def graph_files(examples, work):
    """Graph name -> file: the examples, and spiral-gelu written into `work`."""
    files = {name: os.path.join(examples, name + ".json") for name in GRAPHS}
    with open(files["spiral"]) as f:
        graph = json.load(f)
    for node in graph["nodes"]:
        if node["op"] == "Tanh":
            node["op"] = "GELU"
    files["spiral-gelu"] = os.path.join(work, "spiral-gelu.json")
    with open(files["spiral-gelu"], "w") as f:
        json.dump(graph, f, indent=1)
    import conv_graphs
    for name in ("lenet", "conv-bn-concat"):
        graph = conv_graphs.GRAPHS[name]()
        for node in graph["nodes"]:
            attributes = node["attributes"]
            if node["op"] == "Parameter" and attributes.get("trainable") is False:
                cols = attributes["cols"]
                running = [0.1 * (k - 2) for k in range(cols)] if node["name"].startswith("mean") else \
                    [0.5 + 0.25 * k for k in range(cols)]
                attributes["value"] = [running]
        files[name] = os.path.join(work, name + ".json")
        with open(files[name], "w") as f:
            json.dump(graph, f, indent=1)
    return files


def export_all(files, miniflow, work):
    paths = {}
    for name, graph in files.items():
        paths[name] = os.path.join(work, name + ".onnx")
        run([miniflow, "export", graph, "--to", "onnx", paths[name]])
    return paths


def check(paths):
    try:
        import onnx
    except ImportError as error:
        skip(f"{sys.executable} cannot import onnx ({error}); install Debian's python3-onnx")
    for name, path in paths.items():
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        ops = sorted({node.op_type for node in model.graph.node})
        print(f"{name}: onnx.checker (onnx {onnx.__version__}, full_check) passed; opset "
              f"{model.opset_import[0].version}, ops {', '.join(ops)}")


def onnxruntime_folder(work):
    """A folder whose node_modules holds onnxruntime-node, installing it when missing."""
    folder = os.path.join(os.path.dirname(work), "onnxruntime-node")
    if os.path.isdir(os.path.join(folder, "node_modules", "onnxruntime-node")):
        return folder
    if not shutil.which("npm") or not shutil.which("node"):
        skip("node/npm not found; onnxruntime-node comes from the npm registry")
    os.makedirs(folder, exist_ok=True)
    result = subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", folder,
                             "onnxruntime-node"], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        skip("npm install onnxruntime-node failed (no network or registry?): " + result.stderr.strip()[-400:])
    return folder


def compare(paths, files, reference, work):
    folder = onnxruntime_folder(work)
    worst = 0.0
    for name, path in paths.items():
        sample = os.path.join(work, name + "-sample.json")
        run([reference, "infer", files[name], "64", sample])
        output = os.path.join(work, name + "-onnxruntime.json")
        run(["node", os.path.join(HERE, "run_onnxruntime.cjs"), path, sample, output],
            env=dict(os.environ, NODE_PATH=os.path.join(folder, "node_modules")))
        with open(sample) as f:
            expected = json.load(f)["output"]
        with open(output) as f:
            result = json.load(f)
        actual, version = result["output"], result["version"]
        difference = max(abs(a - e) for ra, re in zip(actual, expected) for a, e in zip(ra, re))
        scale = max(1.0, max(abs(e) for row in expected for e in row))
        if len(actual) != len(expected) or len(actual[0]) != len(expected[0]):
            sys.exit(f"FAILED: {name}: onnxruntime output is {len(actual)} x {len(actual[0])}, MiniFlow's "
                     f"{len(expected)} x {len(expected[0])}")
        print(f"{name}: onnxruntime-node {version} vs MiniFlow on 64 rows: max |difference| {difference:.3e} "
              f"(relative to max(1, max |output|) = {scale:.3g}: {difference / scale:.3e})")
        worst = max(worst, difference / scale)
    if worst > TOLERANCE:
        sys.exit(f"FAILED: difference {worst:.3e} above {TOLERANCE}")
    print("PASSED")


def main():
    mode, examples, miniflow, reference, work = sys.argv[1:6]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    files = graph_files(examples, work)
    import conv_graphs
    for name in ("lenet", "conv-bn-concat"):
        try:
            conv_graphs.require_ops(miniflow, files[name])
        except SystemExit:
            print(f"{name}: left out (this build lacks its ops)")
            del files[name]
    paths = export_all(files, miniflow, work)
    if mode == "checker":
        check(paths)
        print("PASSED")
    else:
        compare(paths, files, reference, work)


if __name__ == "__main__":
    main()
