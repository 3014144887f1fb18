"""Trains the exported MiniFlow graph with PyTorch (written by `miniflow export`).

One process:        python3 train.py [--epochs N] [--out trained.pt]
Several processes:  torchrun --nproc_per_node=N train.py [--epochs N]
                    (DistributedDataParallel: gloo on CPU, nccl on GPUs. Each process takes
                    every N-th row of each batch and the gradients are averaged, so with
                    batches divisible by N the steps equal the one-process run's.
                    Debian 12's torch 1.13 under Python 3.11 stops in torchrun with
                    "'NoneType' object has no attribute 'get'": add --redirects 1 --tee 1.)

The run reproduces MiniFlow's: the same data (loaded from the graph's dataset, split and
normalized as MiniFlow does, with MiniFlow's random generator), the same batches in the
same order, the same optimizer, learning rate, batch size, epochs and seed, starting from
the parameters in parameters/. Only Dropout masks differ: they come from torch's generator.
"""
import argparse
import csv
import gzip
import io
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import L1, L2, LOSS, Model, load_parameters  # noqa: E402

# The graph file's "dataset" and "training" sections.
CONFIG = @CONFIG@

MASK64 = (1 << 64) - 1


class MiniFlowRng:
    """std::mt19937_64, the engine of MiniFlow's Rng: same seed, same numbers."""

    def __init__(self, seed):
        self.state = [seed & MASK64]
        for i in range(1, 312):
            previous = self.state[-1]
            self.state.append((6364136223846793005 * (previous ^ (previous >> 62)) + i) & MASK64)
        self.index = 312

    def _twist(self):
        s = self.state
        for i in range(312):
            y = (s[i] & 0xFFFFFFFF80000000) | (s[(i + 1) % 312] & 0x7FFFFFFF)
            s[i] = s[(i + 156) % 312] ^ (y >> 1) ^ (0xB5026F5AA96619E9 if y & 1 else 0)
        self.index = 0

    def next(self):
        if self.index >= 312:
            self._twist()
        y = self.state[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        return (y ^ (y >> 43)) & MASK64

    def below(self, n):
        """Uniform integer in [0, n), as MiniFlow draws it."""
        return self.next() % n if n else 0


def shuffle(values, rng):
    """MiniFlow's Fisher-Yates shuffle, in place."""
    for i in range(len(values), 1, -1):
        j = rng.below(i)
        values[i - 1], values[j] = values[j], values[i - 1]


class Batcher:
    """MiniFlow's batch order: "shuffle" (a fresh permutation per epoch) or "resample"
    (each batch drawn with replacement)."""

    def __init__(self, samples, batch_size, sampling, seed, steps_per_epoch=0):
        self.samples, self.batch_size, self.sampling = samples, batch_size, sampling
        self.rng = MiniFlowRng(seed)
        if steps_per_epoch == 0:
            steps_per_epoch = (math.ceil(samples / batch_size) if sampling == "shuffle"
                               else max(1, samples // batch_size))
        self.steps_per_epoch = steps_per_epoch
        self.permutation = list(range(samples))
        self.step = 0
        self.cursor = 0

    def next(self):
        """Row indices (into the training set) of the next batch."""
        if self.sampling == "resample":
            batch = [self.rng.below(self.samples) for _ in range(self.batch_size)]
        else:
            if self.step == 0 or self.cursor == self.samples:
                shuffle(self.permutation, self.rng)
                self.cursor = 0
            end = min(self.cursor + self.batch_size, self.samples)
            batch = self.permutation[self.cursor:end]
            self.cursor = end
        self.step = (self.step + 1) % self.steps_per_epoch
        return batch


def shared_data_folders(start):
    folders = [os.environ["MINIFLOW_DATA_DIR"]] if os.environ.get("MINIFLOW_DATA_DIR") else []
    path = os.path.abspath(start)
    while True:
        folders.append(os.path.join(path, "shared", "data"))
        if os.path.dirname(path) == path:
            return folders
        path = os.path.dirname(path)


def resolve_data_path(path):
    """As MiniFlow resolves dataset paths: "data:NAME" in the shared data folder
    (MINIFLOW_DATA_DIR, else shared/data in an ancestor folder), others relative to the
    graph file's folder, this folder or the working directory."""
    if path.startswith("data:"):
        looked = []
        for start in (CONFIG["dataset"]["graph_folder"], os.getcwd(), HERE):
            for folder in shared_data_folders(start):
                candidate = os.path.join(folder, path[len("data:"):])
                if os.path.exists(candidate):
                    return candidate
                looked.append(candidate)
        sys.exit(f"shared dataset {path!r} not found; looked in:\n  " + "\n  ".join(looked) +
                 "\n(set MINIFLOW_DATA_DIR to the folder holding mnist/ and csv/)")
    for candidate in (os.path.join(CONFIG["dataset"]["graph_folder"], path), os.path.join(HERE, path), path):
        if os.path.exists(candidate):
            return candidate
    sys.exit(f"{path}: no such file or folder (checked next to the graph file, here and in the working directory)")


def read_bytes(path):
    """A file's bytes, gunzipped when its content is gzip."""
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def load_csv(path, target, classification):
    rows = [row for row in csv.reader(io.StringIO(read_bytes(path).decode("utf-8-sig"))) if row]
    header, values = rows[0], np.array(rows[1:], dtype=np.float64)
    column = header.index(target) if target else len(header) - 1
    features = np.delete(values, column, axis=1).astype(np.float32)
    targets = values[:, [column]].astype(np.float32)
    return features, targets


def read_idx(path):
    for candidate in (path, path + ".gz"):
        if os.path.exists(candidate):
            data = read_bytes(candidate)
            dims = struct.unpack(">" + "I" * data[3], data[4:4 + 4 * data[3]])
            return np.frombuffer(data, np.uint8, offset=4 + 4 * data[3]).reshape(dims)
    sys.exit(f"{path}: not found (an MNIST folder holds train-/t10k- images and labels IDX files)")


def load_mnist_split(folder, prefix):
    images = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte"))
    labels = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte"))
    return images.reshape(len(images), -1).astype(np.float32), labels.reshape(-1, 1).astype(np.float32)


def load_cifar_batches(files):
    """Records of 1 label byte + 1024 red, 1024 green, 1024 blue bytes, as C x H x W rows."""
    raw = np.concatenate([np.frombuffer(read_bytes(f), np.uint8).reshape(-1, 3073) for f in files])
    pixels = raw[:, 1:]
    return pixels.astype(np.float32), raw[:, :1].astype(np.float32)


def load_source(spec):
    """(train features, train targets), optional (test features, test targets), sample dims."""
    source = spec["source"]
    if source == "builtin":
        folder = os.path.join(HERE, "dataset")
        return (np.load(os.path.join(folder, "features.npy")), np.load(os.path.join(folder, "targets.npy"))), None, []
    if source == "csv":
        return load_csv(resolve_data_path(spec["path"]), spec["target"], spec["classification"]), None, []
    if source == "mnist":
        folder = resolve_data_path(spec["path"])
        return load_mnist_split(folder, "train"), load_mnist_split(folder, "t10k"), [1, 28, 28]
    if source == "cifar10":
        folder = resolve_data_path(spec["path"])
        batches = [os.path.join(folder, f"data_batch_{i}.bin") for i in range(1, 6)]
        train = load_cifar_batches([b for b in batches if os.path.exists(b)])
        return train, load_cifar_batches([os.path.join(folder, "test_batch.bin")]), [3, 32, 32]
    sys.exit(f"the graph has no dataset (source {source!r}); set one in MiniFlow Studio and export again")


def split(data, fraction, seed):
    """MiniFlow's split: a seeded permutation; its first round(fraction * N) rows validate."""
    order = list(range(len(data[0])))
    shuffle(order, MiniFlowRng(seed))
    cut = math.floor(fraction * len(order) + 0.5)
    pick = lambda rows: (data[0][rows], data[1][rows])  # noqa: E731
    return pick(order[cut:]), pick(order[:cut])


def fit_normalization(x, kind, pixel_range, sample_dims):
    """(offset, scale) per column, fitted on the training rows as MiniFlow does."""
    offset, scale = np.zeros(x.shape[1], np.float32), np.ones(x.shape[1], np.float32)
    safe = lambda spread: np.where(spread > 1e-8, spread, 1.0).astype(np.float32)  # noqa: E731
    if kind in ("standardize", "per_channel"):
        channels = x.shape[1] if kind == "standardize" else (sample_dims[0] if len(sample_dims) >= 3 else 1)
        channel = np.arange(x.shape[1]) // (x.shape[1] // channels)
        count = x.shape[0] * (x.shape[1] // channels)
        pool = lambda sums: np.bincount(channel, weights=sums, minlength=channels)[channel]  # noqa: E731
        mean = pool(x.sum(axis=0, dtype=np.float64)) / count
        variance = pool(((x.astype(np.float64) - mean) ** 2).sum(axis=0)) / count
        offset, scale = mean.astype(np.float32), safe(np.sqrt(variance))
    elif kind == "minmax" and pixel_range > 0:
        scale[:] = pixel_range
    elif kind == "minmax":
        low, high = x.min(axis=0).astype(np.float64), x.max(axis=0).astype(np.float64)
        offset, scale = low.astype(np.float32), safe(high - low)
    elif kind != "none":
        sys.exit(f"unknown normalization {kind!r}")
    return offset, scale


def load_data():
    """{"train", "validation", "test"}: (features N x F float32, targets N x T float32) or None."""
    spec = CONFIG["dataset"]
    train, test, sample_dims = load_source(spec)
    train, validation = split(train, spec["validation_fraction"], spec["seed"])
    pixel_range = 255.0 if spec["source"] in ("mnist", "cifar10") else 0.0
    offset, scale = fit_normalization(train[0], spec["normalization"], pixel_range, sample_dims)
    normalize = lambda d: None if d is None or len(d[0]) == 0 else ((d[0] - offset) / scale, d[1])  # noqa: E731
    data = {"train": normalize(train), "validation": normalize(validation), "test": normalize(test)}
    if data["validation"] is None:
        data["validation"] = data["test"]
    return data


class KerasAdam(torch.optim.Optimizer):
    """Adam as MiniFlow computes it (Keras's form): the bias corrections fold into the step
    size and epsilon is added to sqrt(v) unscaled,
        w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps),
    where torch.optim.Adam adds eps to sqrt(v / (1 - beta2^t)) instead."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                step_size = group["lr"] * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
                grad = p.grad.add(p, alpha=group["weight_decay"]) if group["weight_decay"] else p.grad
                state["m"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["v"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                p.addcdiv_(state["m"], state["v"].sqrt().add_(group["eps"]), value=-step_size)


def parameter_groups(model):
    """The model's parameters, one group per distinct l2 (Parameter attribute): torch's
    weight_decay adds l2 * W to the gradient, MiniFlow's coupled L2 penalty."""
    groups = {}
    for name, parameter in model.named_parameters():
        groups.setdefault(L2.get(name.split(".")[-1], 0.0), []).append(parameter)
    return [{"params": params, "weight_decay": l2} for l2, params in groups.items()]


def penalty(model):
    """The l1 terms (Parameter attribute l1): l1 * |W|.sum(), whose gradient l1 * sign(W) is
    what MiniFlow adds to W's gradient. Added to the loss that is backpropagated."""
    total = 0.0
    for name, parameter in model.named_parameters():
        l1 = L1.get(name.split(".")[-1], 0.0)
        if l1:
            total = total + l1 * parameter.abs().sum()
    return total


def make_optimizer(model):
    """MiniFlow's sgd (w -= lr g), momentum (v = mu v - lr g; w += v), adam or adamw
    (decoupled weight decay: torch.optim.AdamW's form, with the training's weightDecay)."""
    training = CONFIG["training"]
    groups = parameter_groups(model)
    if training["optimizer"] == "sgd":
        return torch.optim.SGD(groups, lr=training["learning_rate"])
    if training["optimizer"] == "momentum":
        return torch.optim.SGD(groups, lr=training["learning_rate"], momentum=training["momentum"])
    if training["optimizer"] == "adamw":
        return torch.optim.AdamW(model.parameters(), lr=training["learning_rate"],
                                 weight_decay=training["weight_decay"])
    return KerasAdam(groups, lr=training["learning_rate"])


def setup_distributed():
    """(world size, rank, device); joins the process group when started by torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 1, 0, torch.device("cpu")
    gpu = torch.cuda.is_available()
    dist.init_process_group("nccl" if gpu else "gloo")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if gpu:
        torch.cuda.set_device(local_rank)
    return world, dist.get_rank(), torch.device("cuda", local_rank) if gpu else torch.device("cpu")


@torch.no_grad()
def evaluate(model, data, device, batch_size=1000):
    """(mean loss, accuracy or None) in evaluation mode, as MiniFlow's Trainer::evaluate."""
    model.eval()
    x, y = (torch.from_numpy(a).to(device) for a in data)
    loss_sum, correct = 0.0, 0.0
    for start in range(0, len(x), batch_size):
        prediction, labels = model(x[start:start + batch_size]), y[start:start + batch_size]
        loss_sum += model.compute_loss(prediction, labels).item() * len(labels)
        if LOSS != "MSE":
            guess = prediction.argmax(dim=1).float() if prediction.shape[1] > 1 else (prediction[:, 0] > 0).float()
            truth = labels[:, 0] if prediction.shape[1] > 1 else (labels[:, 0] > 0.5).float()
            correct += (guess == truth).sum().item()
    model.train()
    return loss_sum / len(x), (correct / len(x) if LOSS != "MSE" else None)


def describe(evaluation):
    loss, accuracy = evaluation
    return f"loss {loss:.6f}  accuracy " + ("-" if accuracy is None else f"{100 * accuracy:.2f}%")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    training = CONFIG["training"]
    parser.add_argument("--epochs", type=int, default=training["epochs"])
    parser.add_argument("--out", default=os.path.join(HERE, "trained.pt"), help="where to torch.save the state_dict")
    args = parser.parse_args()

    world, rank, device = setup_distributed()
    torch.manual_seed(training["seed"] + 1)  # Dropout masks (MiniFlow seeds its own with seed + 1)
    data = load_data()
    model = load_parameters(Model()).to(device)
    network = DistributedDataParallel(model) if world > 1 else model
    optimizer = make_optimizer(model)
    x, y = (torch.from_numpy(a).to(device) for a in data["train"])
    batcher = Batcher(len(x), training["batch_size"], training["sampling"], training["seed"] + 2,
                      training["steps_per_epoch"])
    if training["batch_size"] < world:
        sys.exit(f"batch size {training['batch_size']} is smaller than the {world} processes")
    if rank == 0:
        print(f"training on {len(x)} samples ({CONFIG['dataset']['source']}), {args.epochs} epochs, "
              f"{training['optimizer']} lr {training['learning_rate']:g}, batch {training['batch_size']}, "
              f"seed {training['seed']}, {world} process(es), device {device}", flush=True)
    for epoch in range(1, args.epochs + 1):
        total = torch.zeros((), device=device)
        for _ in range(batcher.steps_per_epoch):
            rows = torch.tensor(batcher.next()[rank::world], device=device)
            optimizer.zero_grad()
            loss = model.compute_loss(network(x[rows]), y[rows])
            (loss + penalty(model)).backward()
            optimizer.step()
            total += loss.detach()
        if world > 1:
            dist.all_reduce(total)
            total /= world
        if rank == 0:
            line = f"epoch {epoch}/{args.epochs}  train loss {total.item() / batcher.steps_per_epoch:.6f}"
            if data["validation"] is not None:
                line += "  validation " + describe(evaluate(model, data["validation"], device))
            print(line, flush=True)
    if rank == 0:
        final = next(((name, data[name]) for name in ("test", "validation", "train") if data[name] is not None))
        print(f"final {final[0]}: " + describe(evaluate(model, final[1], device)), flush=True)
        torch.save(model.state_dict(), args.out)
        print(f"saved the trained parameters to {args.out} (torch.save state_dict)", flush=True)
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
