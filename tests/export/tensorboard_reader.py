"""An independent reader of MiniFlow's TensorBoard event files (NOTE [TensorBoard events]).

Usage: tensorboard_reader.py PROTOC PROTO MINIFLOW EXAMPLES_DIR WORK_DIR

Trains the spiral example for 3 epochs with `miniflow train --tensorboard DIR --metrics-csv
FILE`, compiles the messages from PROTO with protoc --python_out, reads every record of the
event file with its own framing and CRC-32C code, and checks: the file's name, every length
and data CRC, the first event being the file_version "brain.Event:2", every scalar equal to
the run's value in the CSV (float32), and one histogram per Parameter (counting its values)
and per edge gradient at each epoch end.
"""
import csv
import glob
import importlib
import json
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_support import fresh_folder, run, skip  # noqa: E402

EPOCHS = 3


def crc32c(data):
    """Bitwise CRC-32C (Castagnoli), no table: independent of the C++ one."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def records(path):
    data = open(path, "rb").read()
    at = 0
    while at < len(data):
        if at + 12 > len(data):
            sys.exit(f"FAILED: {path}: truncated record header at byte {at}")
        header = data[at:at + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[at + 8:at + 12])
        if length_crc != masked(crc32c(header)):
            sys.exit(f"FAILED: {path}: byte {at}: length CRC {length_crc:#x} is wrong")
        body = data[at + 12:at + 12 + length]
        (body_crc,) = struct.unpack("<I", data[at + 12 + length:at + 16 + length])
        if len(body) != length or body_crc != masked(crc32c(body)):
            sys.exit(f"FAILED: {path}: byte {at}: data CRC {body_crc:#x} is wrong")
        yield body
        at += 16 + length


def f32(value):
    return struct.unpack("<f", struct.pack("<f", float(value)))[0]


def main():
    protoc, proto, miniflow, examples, work = sys.argv[1:6]
    try:
        import google.protobuf  # noqa: F401
    except ImportError as error:
        skip(f"{sys.executable} cannot import google.protobuf ({error}); install python3-protobuf")
    fresh_folder(work)
    run([protoc, f"--proto_path={os.path.dirname(proto)}", f"--python_out={work}", proto])
    sys.path.insert(0, work)
    pb = importlib.import_module(os.path.splitext(os.path.basename(proto))[0] + "_pb2")

    logdir = os.path.join(work, "logs")
    metrics = os.path.join(work, "metrics.csv")
    graph = os.path.join(examples, "spiral.json")
    run([miniflow, "train", graph, "--epochs", str(EPOCHS), "--tensorboard", logdir,
         "--metrics-csv", metrics])

    files = glob.glob(os.path.join(logdir, "*"))
    if len(files) != 1 or not re.fullmatch(r"events\.out\.tfevents\.\d+\.[^/]+",
                                           os.path.basename(files[0])):
        sys.exit(f"FAILED: expected one events.out.tfevents.TIMESTAMP.HOST file, found {files}")
    events = []
    for body in records(files[0]):
        e = pb.Event()
        e.ParseFromString(body)
        events.append(e)
    print(f"{len(events)} records, every CRC right")
    if events[0].WhichOneof("what") != "file_version" or events[0].file_version != "brain.Event:2":
        sys.exit(f"FAILED: the first event is not file_version brain.Event:2: {events[0]}")

    scalars, histograms = {}, {}
    for e in events[1:]:
        for v in e.summary.value:
            kind = v.WhichOneof("value")
            if kind == "simple_value":
                scalars.setdefault(v.tag, []).append((e.step, v.simple_value))
            elif kind == "histo":
                histograms.setdefault(v.tag, []).append((e.step, v.histo))

    rows = list(csv.DictReader(open(metrics)))
    steps = [(int(r["step"]), f32(r["train_loss"])) for r in rows if r["train_loss"]]
    epoch_rows = [r for r in rows if r["val_loss"]]
    expect = {
        "loss/train": steps,
        "loss/epoch_train": [(int(r["step"]), f32(r["epoch_train_loss"])) for r in epoch_rows],
        "loss/validation": [(int(r["step"]), f32(r["val_loss"])) for r in epoch_rows],
        "accuracy/validation": [(int(r["step"]), f32(r["val_accuracy"])) for r in epoch_rows],
        "accuracy/train": [(int(r["step"]), f32(r["train_accuracy"])) for r in epoch_rows],
    }
    if len(epoch_rows) != EPOCHS or len(steps) < EPOCHS:
        sys.exit(f"FAILED: the CSV has {len(steps)} steps and {len(epoch_rows)} epochs")
    for tag, wanted in expect.items():
        got = scalars.get(tag)
        if got != wanted:
            sys.exit(f"FAILED: scalar {tag}: events {got[:5] if got else got} ... differ from the "
                     f"run's {wanted[:5]} ... ({len(got or [])} vs {len(wanted)} values)")
        print(f"{tag}: {len(got)} values equal the run's")

    nodes = json.load(open(graph))["nodes"]
    ends = [step for step, _ in expect["loss/validation"]]
    for n in nodes:
        if n["op"] != "Parameter":
            continue
        size = n["attributes"]["rows"] * n["attributes"]["cols"]
        got = histograms.get("parameters/" + n["name"], [])
        if [step for step, _ in got] != ends:
            sys.exit(f"FAILED: parameters/{n['name']}: histograms at steps {[s for s, _ in got]}, "
                     f"expected {ends}")
        for step, h in got:
            if h.num != size or sum(h.bucket) != size or len(h.bucket) != len(h.bucket_limit):
                sys.exit(f"FAILED: parameters/{n['name']} at {step}: num {h.num}, "
                         f"buckets sum {sum(h.bucket)}, expected {size}")
            if not (h.min <= h.bucket_limit[0] and h.bucket_limit[-1] == h.max):
                sys.exit(f"FAILED: parameters/{n['name']}: bucket limits outside [min, max]")
    gradients = [t for t in histograms if t.startswith("gradients/")]
    if "gradients/W1->dense1.W" not in gradients or "gradients/tanh2->dense3.X" not in gradients:
        sys.exit(f"FAILED: per-edge gradient histograms missing; found {sorted(gradients)}")
    for tag in gradients:
        if [step for step, _ in histograms[tag]] != ends:
            sys.exit(f"FAILED: {tag}: not one histogram per epoch end")
    print(f"{len(histograms)} histogram tags ({len(gradients)} per-edge gradients), one per epoch end")
    print("OK")


if __name__ == "__main__":
    main()
