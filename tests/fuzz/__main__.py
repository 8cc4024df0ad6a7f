"""``python -m tests.fuzz --seconds N [--target json|toml|xlsx|all]``: fuzz the loaders.

Exit status 0 when no crash was found, 1 otherwise (each saved for the corpus).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.fuzz.run import fuzz
from tests.fuzz.targets import ROOT, TARGETS, available_targets


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and fuzz; the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="how long to run (60)")
    parser.add_argument(
        "--target", choices=[*TARGETS, "all"], default="all", help="which loader (all)"
    )
    parser.add_argument(
        "--crash-dir",
        type=Path,
        default=ROOT / "build" / "fuzz-crashes",
        help="where crashing inputs are saved (build/fuzz-crashes)",
    )
    args = parser.parse_args(argv)
    targets = available_targets() if args.target == "all" else [args.target]
    if args.target == "xlsx" and "xlsx" not in available_targets():
        parser.error("the xlsx reader is not written yet")
    crashes = fuzz(args.seconds, targets, args.crash_dir)
    print(f"{len(crashes)} crash{'es' if len(crashes) != 1 else ''} found")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
