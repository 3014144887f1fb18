"""`torchrun --nproc_per_node=2 train.py` on the exported spiral example: one epoch on CPU
(gloo) must complete and report its losses (ctest export_torchrun_spiral).

usage: torchrun_spiral.py EXAMPLES_DIR MINIFLOW WORK_DIR
Exits 77 (skipped) when torch or torchrun is missing.
"""
import os
import shutil
import socket
import sys

from export_support import fresh_folder, prepared_graph, require_torch, run, skip


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def output_flags():
    """torch 1.13 under Python 3.11 (Debian 12) parses torchrun's default --redirects/--tee "0"
    to None and stops with "'NoneType' object has no attribute 'get'"; "1" (stdout) parses,
    so workers' stdout is then redirected to log files and tee'd to the console."""
    from torch.distributed.elastic.multiprocessing.api import Std
    if Std.from_str("0") is not None:
        return []
    print("(this torchrun cannot parse --redirects 0 under this Python: passing --redirects 1 --tee 1)")
    return ["--redirects", "1", "--tee", "1"]


def main():
    examples, miniflow, work = sys.argv[1:4]
    require_torch()
    torchrun = shutil.which("torchrun") or ("/usr/bin/torchrun" if os.path.exists("/usr/bin/torchrun") else None)
    if not torchrun:
        skip("torchrun not found (it comes with Debian's python3-torch)")
    work = fresh_folder(os.path.abspath(work))
    export = os.path.join(work, "torch")
    run([miniflow, "export", prepared_graph("spiral", examples, work), "--to", "pytorch", export])
    output = run([torchrun, "--nnodes=1", "--nproc_per_node=2", "--master_addr=127.0.0.1",
                  f"--master_port={free_port()}", *output_flags(), "train.py", "--epochs", "1"],
                 cwd=export, env=dict(os.environ, OMP_NUM_THREADS="1"), timeout=120)
    for expected in ("2 process(es)", "epoch 1/1  train loss", "final validation: loss", "saved the trained"):
        if expected not in output:
            sys.exit(f"FAILED: the torchrun output lacks {expected!r}")
    if not os.path.exists(os.path.join(export, "trained.pt")):
        sys.exit("FAILED: trained.pt was not written")
    print("PASSED")


if __name__ == "__main__":
    main()
