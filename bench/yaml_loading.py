"""How fast can workflow files be loaded? The numbers behind documents.py's choice.

    python bench/yaml_loading.py [N]

Generates N workflow-sized native files (about 60 lines each, like the demo)
and reports files/second for each way of loading them, on this machine, in one
run. PyYAML is measured only if it is installed (it is not a dependency).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from lintkit.documents.parse import c_parser_available, load_yaml
from lintkit.project.load_file import LoadSettings, load_workflow_file


def workflow(i: int) -> str:
    steps = []
    for n in range(8):
        after = f"wait_{n + 1}" if n < 7 else "done"
        steps.append(
            f"  wait_{n}:\n    type: delay\n    duration: {n + 1}h\n    next: check_{n}\n"
            f"  check_{n}:\n    type: filter\n"
            f"    keep: \"plan in ['startup', 'yc'] and not events.backfill_{i}\"\n"
            f"    next: send_{n}\n    otherwise: done\n"
            f"  send_{n}:\n    type: message\n    channel: email\n    template: t_{i}_{n}\n"
            f"    throttle: {{per_hour: 200}}\n    next: {after}\n"
        )
    return (
        f"lintkit: 1\nworkflow: flow-{i}\ndescription: generated\n"
        "attributes:\n  plan: {enum: [free, startup, yc, team_legacy, team_basic]}\n"
        "  email: {type: string}\n"
        f"triggers:\n  - event: signed_up_{i}\nsteps:\n"
        + "".join(steps)
        + "  done:\n    type: exit\n"
    )


def rate(label: str, texts: list[str], load: Callable[[str], Any]) -> None:
    start = time.perf_counter()
    for text in texts:
        load(text)
    elapsed = time.perf_counter() - start
    print(f"| {label:<44} | {len(texts) / elapsed:>9,.0f} |")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    texts = [workflow(i) for i in range(count)]
    lines = sum(t.count("\n") for t in texts) / count
    print(f"{count} files, {lines:.0f} lines each; C parser: {c_parser_available()}\n")
    print(f"| {'loader':<44} | {'files/s':>9} |\n|{'-' * 46}|{'-' * 11}|")

    from ruamel.yaml import YAML

    round_trip, safe = YAML(), YAML(typ="safe")
    rate(
        "ruamel.yaml round-trip load (comments kept)", texts[: max(count // 10, 1)], round_trip.load
    )
    rate("ruamel.yaml safe load (C parser)", texts, safe.load)
    rate("ruamel.yaml compose nodes (C parser, marks)", texts, safe.compose)
    rate("lintkit events -> data + source map", texts, lambda t: load_yaml("f.yaml", t))
    settings = LoadSettings()
    rate(
        "lintkit whole file: + schema + IR + conditions",
        texts,
        lambda t: load_workflow_file("f.yaml", t.encode(), settings, declared=True),
    )
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        print("| PyYAML C loader                              |  (not installed) |")
    else:
        rate("PyYAML C loader", texts, lambda t: yaml.load(t, Loader=yaml.CSafeLoader))


if __name__ == "__main__":
    main()
