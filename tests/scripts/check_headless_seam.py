#!/usr/bin/env python3
"""Fails when code in app/headless/ includes the window itself (NOTE [Automation seam]):
automation reaches the studio through app/headless/StudioAutomation.h only.

Usage: check_headless_seam.py APP_DIR. Prints every offending #include with its file and line.
"""
import pathlib
import re
import sys


def main() -> int:
    headless = pathlib.Path(sys.argv[1]) / "headless"
    include = re.compile(r'^\s*#\s*include\s+"app/MainWindow\.h"')
    problems = []
    for path in sorted(headless.glob("*.[ch]*")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if include.match(line):
                problems.append(f"{path}:{number}: includes app/MainWindow.h; use "
                                "app/headless/StudioAutomation.h (add what you need there)")
    if not list(headless.glob("*.h")):
        problems.append(f"{headless}: no headers found (wrong folder?)")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
