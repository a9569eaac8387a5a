#!/usr/bin/env python3
"""Two lintkit installations on one repository, rounds interleaved.

    python bench/compare_revisions.py REPO BEFORE_PYTHON AFTER_PYTHON [--rounds 5]

Each installation gets its own copy of REPO (a git repository, such as the one
bench/generate.py writes and commits): two versions sharing one cache directory
would replace each other's tables. Each copy is checked once to fill its cache,
then every round times, for each installation in turn, a warm run with nothing
changed and the pre-commit hook's `check --changed FILE` after an edit of one
Python module and of one workflow (the middle one of each, by name). Prints the
median wall-clock and CPU seconds (user + system, with worker processes).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

# As on a developer's machine: Python keeps the bytecode it compiles (a container
# that sets PYTHONDONTWRITEBYTECODE makes every run recompile every module it imports).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def middle(files: list[Path]) -> Path | None:
    return sorted(files)[len(files) // 2] if files else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("repo", type=Path)
    parser.add_argument("before", help="the python of the first installation")
    parser.add_argument("after", help="the python of the second installation")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lintkit-compare-"))
    copies = {}
    for label in ("before", "after"):
        copies[label] = work / label
        shutil.copytree(args.repo, copies[label], ignore=shutil.ignore_patterns(".lintkit_cache"))
    pythons = {"before": args.before, "after": args.after}
    module = middle([p for p in args.repo.rglob("*.py") if ".git" not in p.parts])
    workflow = middle([p for p in args.repo.rglob("*.yaml") if ".git" not in p.parts])

    def command(label: str, *rest: str) -> list[str]:
        return [pythons[label], "-m", "lintkit", "check", *rest]

    for label, copy in copies.items():
        timed(command(label, "."), copy)  # fills the cache
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        for label, copy in copies.items():
            results.setdefault(("warm, nothing changed", label), []).append(
                timed(command(label, "."), copy)
            )
            edits = (("one changed module", module), ("one changed workflow", workflow))
            for kind, original in edits:
                if original is None:
                    continue
                edited = copy / original.relative_to(args.repo)
                comment = "#" if edited.suffix in (".py", ".yaml") else "//"
                edited.write_text(edited.read_text() + f"\n{comment} edited {time.time_ns()}\n")
                results.setdefault((kind, label), []).append(
                    timed(command(label, "--changed", str(edited.relative_to(copy))), copy)
                )
    print(f"{args.rounds} rounds, load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| command | before wall | before CPU | after wall | after CPU |")
    print("|---|---:|---:|---:|---:|")
    for kind in dict.fromkeys(k for k, _ in results):
        cells = []
        for label in ("before", "after"):
            runs = results[(kind, label)]
            cells += [f"{statistics.median(r[i] for r in runs):.2f}" for i in (0, 1)]
        print(f"| {kind} | {' | '.join(cells)} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
