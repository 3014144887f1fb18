"""Shared by the export tests: skipping, running the MiniFlow tools, preparing graphs."""
import gzip
import json
import os
import shutil
import subprocess
import sys

SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests


def skip(reason):
    print(f"SKIP: {reason}", flush=True)
    sys.exit(SKIP)


def require_torch():
    try:
        import torch  # noqa: F401
    except ImportError as error:
        skip(f"{sys.executable} cannot import torch ({error}); install Debian's python3-torch to run this test")


def run(command, **kwargs):
    """Runs a command, echoing it; fails the test with its output when it fails."""
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    print(result.stdout + result.stderr, end="", flush=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {command[0]} exited with {result.returncode}")
    return result.stdout


def fresh_folder(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write_idx(path, array):
    """An uncompressed IDX file of unsigned bytes."""
    with open(path, "wb") as f:
        f.write(bytes([0, 0, 8, array.ndim]))
        for d in array.shape:
            f.write(int(d).to_bytes(4, "big"))
        f.write(array.astype("uint8").tobytes())


def read_idx(path):
    import numpy as np
    data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * data[3]).reshape(dims)


def small_mnist(folder, train_rows=3000, test_rows=500):
    """An MNIST folder with the first rows of the shared MNIST when present, else with
    generated digit-like images (class k lights up a band of rows). Returns its origin."""
    import numpy as np
    os.makedirs(folder, exist_ok=True)
    shared = os.path.join(os.environ.get("MINIFLOW_DATA_DIR", ""), "mnist")
    for split, rows in (("train", train_rows), ("t10k", test_rows)):
        images_path = os.path.join(shared, f"{split}-images-idx3-ubyte.gz")
        if os.path.exists(images_path):
            images = read_idx(images_path)[:rows]
            labels = read_idx(os.path.join(shared, f"{split}-labels-idx1-ubyte.gz"))[:rows]
            origin = f"the first rows of {shared}"
        else:
            rng = np.random.default_rng(5)
            labels = rng.integers(0, 10, rows)
            images = rng.integers(0, 60, (rows, 28, 28))
            for i, k in enumerate(labels):
                images[i, 2 * k + 4:2 * k + 8, 4:24] += 180
            origin = "generated images (shared MNIST not found)"
        write_idx(os.path.join(folder, f"{split}-images-idx3-ubyte"), images)
        write_idx(os.path.join(folder, f"{split}-labels-idx1-ubyte"), labels)
    return origin


def prepared_graph(name, examples, work):
    """The example graph `name` written to work/graph.json, made ready for a comparison:
    mnist-mlp reads a small MNIST folder and has dropout off (rate 0); spiral-gelu is spiral
    with every Tanh made a GELU (an op added through one op file); lenet, lenet-adamw and
    conv-bn-concat are built by conv_graphs.py and read a small MNIST folder."""
    import conv_graphs
    if name in conv_graphs.GRAPHS:
        graph = conv_graphs.GRAPHS[name]()
        origin = small_mnist(os.path.join(work, "mnist"), train_rows=1000, test_rows=200)
        print(f"{name}: {graph['description']}; 1000 training rows from {origin}", flush=True)
        graph["dataset"]["path"] = os.path.join(work, "mnist")
        path = os.path.join(work, "graph.json")
        with open(path, "w") as f:
            json.dump(graph, f, indent=1)
        return path
    with open(os.path.join(examples, ("spiral" if name == "spiral-gelu" else name) + ".json")) as f:
        graph = json.load(f)
    if name == "spiral-gelu":
        print("spiral-gelu: spiral with every Tanh made a GELU (nn.GELU(), erf form)", flush=True)
        for node in graph["nodes"]:
            if node["op"] == "Tanh":
                node["op"] = "GELU"
    if name == "mnist-mlp":
        origin = small_mnist(os.path.join(work, "mnist"))
        print(f"mnist-mlp: 3000 training rows from {origin}; dropout rate set to 0", flush=True)
        graph["dataset"]["path"] = os.path.join(work, "mnist")
        for node in graph["nodes"]:
            if node["op"] == "Dropout":
                node["attributes"]["rate"] = 0.0
    if graph["dataset"].get("path", "").startswith("data:"):
        relative = graph["dataset"]["path"][len("data:"):]
        data_dir = os.environ.get("MINIFLOW_DATA_DIR", "")
        if not os.path.exists(os.path.join(data_dir, relative)):
            skip(f"{name} reads {relative}, not found under MINIFLOW_DATA_DIR={data_dir!r} (shared data absent)")
    path = os.path.join(work, "graph.json")
    with open(path, "w") as f:
        json.dump(graph, f, indent=1)
    return path
