"""Time the project index and the cross-file rules on a project, files loaded.

    python bench/generate.py /tmp/synth --modules 2000 --workflows 2000
    python bench/project_index.py /tmp/synth

The index (lintkit/project/index.py) is built on every run from the files'
outlines, warm runs from the cache included, so its cost adds to the warm-run
floor. Prints the best of five:
building the module names and recorded events, then XR101-XR103 on the built
index (handlers resolved, handler code followed, did-you-mean).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from lintkit import engine
from lintkit.config import load_config
from lintkit.plugins.registry import load_rules
from lintkit.project.index import ProjectIndex
from lintkit.project.view import Project

RULES = ("XR101", "XR102", "XR103")


def best_of(runs: int, work: Any) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    registry = load_rules()
    config = load_config(registry, args.directory)
    loaded: list[Project] = []

    def keep(found: list[Any], project: Project) -> list[Any]:
        loaded.append(project)
        return found

    start = time.perf_counter()
    engine.run(config, registry, refine=keep)
    whole = time.perf_counter() - start
    project = loaded[0]
    rules = [registry.rules[code](config.options) for code in RULES]

    def build() -> ProjectIndex:
        index = ProjectIndex(project.outlines, project.files, project.baseline)
        index.by_name  # noqa: B018 - module names
        index.is_recorded("")  # recorded events
        return index

    def check() -> None:
        project.__dict__["index"] = build()
        for rule in rules:
            list(rule.check_project(project))

    modules = sum(1 for p in project.outlines if p.endswith(".py"))
    workflows = sum(len(o.workflows) for o in project.outlines.values())
    print(f"{modules} modules, {workflows} workflows; engine run {whole * 1000:.0f} ms")
    print(f"index build            {best_of(5, build) * 1000:7.1f} ms")
    print(f"index + {', '.join(RULES)} {best_of(5, check) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
