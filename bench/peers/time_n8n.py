"""Whole-process timing of lintkit and check-jsonschema on a folder of n8n workflows.

    bench/peers/install_peers.sh                      # check-jsonschema
    python bench/peers/time_n8n.py CORPUS [--rounds 5] [--instructions]

Issue 23's comparison: every ``*.json`` directly in CORPUS (for the public
collection, ``git archive 637e05cd`` of Zie619/n8n-workflows, distinct files
copied flat: docs/n8n.md), checked by

- lintkit: ``lintkit check CORPUS --no-cache --format json``, with ``--jobs 1``
  and with the default jobs;
- check-jsonschema: ``check-jsonschema --schemafile lintkit/schemas/n8n.json``
  on the same files (a plain JSON Schema validation; n8n publishes no schema).

Rounds are interleaved (the order rotates). A shared machine's speed drifts by a
quarter within a minute, so besides the medians the table gives each lintkit
command's CPU and wall time over check-jsonschema's *in the same round*, and
``--instructions`` adds the instructions each executes, once (cachegrind: steady,
but about 50 times slower).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from timing import instructions, timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PEER = "check-jsonschema"


def commands(corpus: Path) -> dict[str, list[str]]:
    files = sorted(str(p) for p in corpus.glob("*.json") if p.is_file())
    lintkit = [sys.executable, "-m", "lintkit", "check", str(corpus), "--no-cache"]
    checker = HERE / ".peers" / "check-jsonschema" / "bin" / "check-jsonschema"
    if not checker.exists():
        sys.exit(f"{checker} is missing: run bench/peers/install_peers.sh")
    schema = REPO / "lintkit" / "schemas" / "n8n.json"
    return {
        "lintkit --jobs 1": [*lintkit, "--format", "json", "--jobs", "1"],
        "lintkit (default jobs)": [*lintkit, "--format", "json"],
        PEER: [str(checker), "--schemafile", str(schema), *files],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of n8n workflow .json files")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (cachegrind)"
    )
    args = parser.parse_args()
    tools = commands(args.corpus.resolve())
    names = list(tools)
    walls: dict[str, list[float]] = {name: [] for name in tools}
    cpus: dict[str, list[float]] = {name: [] for name in tools}
    for round_ in range(args.rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            wall, cpu = timed(tools[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    count = len(tools[PEER]) - 3
    print(f"{count} files, {args.rounds} rounds, whole process (CPU: user + system)\n")
    print(
        "| command | CPU each round | median CPU | median wall"
        " | CPU / check-jsonschema's | wall / check-jsonschema's |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for name in names:
        print(
            f"| {name} | {', '.join(f'{c:.2f}' for c in cpus[name])} s"
            f" | {statistics.median(cpus[name]):.2f} s | {statistics.median(walls[name]):.2f} s"
            f" | {_ratios(cpus[name], cpus[PEER])} | {_ratios(walls[name], walls[PEER])} |"
        )
    if args.instructions:
        print("\n| command | instructions | / check-jsonschema's |")
        print("|---|---:|---:|")
        # One process each: the default's workers would add what crosses between them.
        counted = [name for name in names if name != "lintkit (default jobs)"]
        counts = {name: instructions(tools[name]) for name in counted}
        peer = counts[PEER]
        for name, found in counts.items():
            if found is None:
                print(f"| {name} | (no valgrind) | |")
                continue
            ratio = f"{found / peer:.3f}" if peer else ""
            print(f"| {name} | {found / 1e6:,.0f} M | {ratio} |")


def _ratios(times: list[float], peer: list[float]) -> str:
    """The median of the rounds' ratios, then each round's (the same round: the
    machine's speed drifts between rounds)."""
    ratios = [time / other for time, other in zip(times, peer, strict=True)]
    each = ", ".join(f"{r:.2f}" for r in ratios)
    return f"{statistics.median(ratios):.2f} (each round: {each})"


if __name__ == "__main__":
    main()
