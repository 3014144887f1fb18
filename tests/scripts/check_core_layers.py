#!/usr/bin/env python3
"""Fails when a folder of core/ includes a folder on a higher floor (core/README.md, "Floors").

Usage: check_core_layers.py CORE_DIR. Prints every offending #include with its file and line.
"""
import pathlib
import re
import sys

# NOTE [Core floors]: a folder may include its own floor's folders and those below, never above.
FLOORS = {
    "tensor": 0, "graph": 0,
    "ops": 1, "data": 1,
    "autograd": 2, "optim": 2,
    "train": 3,
    "io": 4,
    "inspect": 5,
    "export": 6,
    "onnxio": 7, "tensorboard": 7,
    "cli": 8,
}

def main() -> int:
    core = pathlib.Path(sys.argv[1])
    include = re.compile(r'^\s*#\s*include\s+"([a-z]+)/')
    problems = []
    folders = sorted(p.name for p in core.iterdir() if p.is_dir())
    for folder in folders:
        if folder not in FLOORS:
            problems.append(f"core/{folder}/: not on any floor; add it to FLOORS and core/README.md")
            continue
        for source in sorted((core / folder).glob("*")):
            if source.suffix not in (".h", ".cpp", ".in"):
                continue
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                m = include.match(line)
                if not m or m.group(1) not in FLOORS:
                    continue
                target = m.group(1)
                if FLOORS[target] > FLOORS[folder]:
                    problems.append(f"core/{folder}/{source.name}:{number}: includes {target}/ "
                                    f"(floor {FLOORS[target]}) from {folder}/ (floor {FLOORS[folder]})")
                elif FLOORS[target] == FLOORS[folder] and target != folder:
                    problems.append(f"core/{folder}/{source.name}:{number}: includes {target}/, a folder "
                                    f"on the same floor {FLOORS[folder]}; floors share no includes")
    for p in problems:
        print(p)
    print(f"{len(folders)} folders checked, {len(problems)} problems")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
