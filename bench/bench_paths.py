"""How long the condition-aware rules (WF201-WF207) take on big workflows.

Run on demand: python bench/bench_paths.py [--adversarial] [steps ...]

Each workflow is a spine of filters, branches, updates, delays and messages
with side routes ahead and a few loops back. The default ("realistic") mix
reads three enum attributes, two booleans and three events, mostly one test
per condition, as lifecycle flows do. --adversarial uses six 5-valued enums
and 1-3 tests per condition at every filter, which fragments what is known
into many cubes. Prints the exploration's size and time, and the time of
`lintkit check` with the WF2 rules (WF207 included).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from lintkit.cli import main
from lintkit.project.load_file import LoadSettings, load_workflow_file
from lintkit.workflow.feasible import PathAnalysis

ADVERSARIAL = "--adversarial" in sys.argv
if ADVERSARIAL:
    ATTRIBUTES = {f"a{i}": [f"v{j}" for j in range(5)] for i in range(6)}
    EVENTS = [f"e{i}" for i in range(1, 5)]  # e0 is the trigger: everyone did it
else:
    ATTRIBUTES = {
        "plan": ["free", "startup", "yc", "team_legacy", "team_basic"],
        "region": ["us", "eu", "apac", "other"],
        "source": ["app", "billing_portal", "webhook"],
        "identified": [True, False],
        "trial": [True, False],
    }
    EVENTS = ["e1", "e2", "e3"]


def condition(rng: random.Random) -> str:
    def atom() -> str:
        if rng.random() < 0.25:
            return f"events.{rng.choice(EVENTS)}"
        name = rng.choice(list(ATTRIBUTES))
        values = rng.sample(ATTRIBUTES[name], rng.randint(1, 2))
        if isinstance(values[0], bool):
            return name if values[0] else f"not {name}"
        return f"{name} in [{', '.join(repr(v) for v in values)}]"

    count = rng.randint(1, 3) if ADVERSARIAL else rng.choice([1, 1, 1, 2])
    parts = [atom() for _ in range(count)]
    return f" {rng.choice(['and', 'and', 'or'])} ".join(parts)


def workflow(steps: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = ["lintkit: 1", "workflow: big", "attributes:"]
    lines += [
        f"  {n}: {{type: boolean}}"
        if isinstance(v[0], bool)
        else f"  {n}: {{enum: [{', '.join(v)}]}}"
        for n, v in ATTRIBUTES.items()
    ]
    lines += ["triggers:", "  - event: e0", "    anonymous: true", "    bulk: true", "steps:"]
    names = [f"s{i}" for i in range(steps)] + ["done"]
    for i, name in enumerate(names[:-1]):
        # A spine through every step; side routes mostly ahead, a few loops back.
        target = names[i + 1]
        ahead = names[i + 1 : i + 4] if rng.random() < 0.9 else names[: i + 1]
        kind = rng.choice(["filter", "filter", "branch", "message", "update", "delay"])
        lines += [f"  {name}:", f"    type: {kind}"]
        if kind == "filter":
            lines += [
                f'    keep: "{condition(rng)}"',
                f"    next: {target}",
                f"    otherwise: {rng.choice(ahead)}",
            ]
            continue
        if kind == "branch":
            lines.append("    cases:")
            for _ in range(rng.randint(1, 3)):
                lines += [f'      - when: "{condition(rng)}"', f"        next: {rng.choice(ahead)}"]
            lines.append(f"    default: {target}")
            continue
        if kind == "message":
            lines += ["    channel: email", f"    template: t{i}"]
        elif kind == "update":
            attr = rng.choice(list(ATTRIBUTES))
            new = rng.choice(ATTRIBUTES[attr])
            shown = str(new).lower() if isinstance(new, bool) else new
            lines.append(f"    set: {{{attr}: {shown}}}")
        else:
            lines.append("    duration: 1d")
        lines.append(f"    next: {target}")
    lines += ["  done:", "    type: exit"]
    return "\n".join(lines) + "\n"


def bench(steps: int) -> None:
    text = workflow(steps)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "lintkit.toml").write_text("")
        (root / "big.yaml").write_text(text)
        loaded = load_workflow_file("big.yaml", text.encode(), LoadSettings(), declared=True)
        analysis = PathAnalysis(loaded.workflows[0])
        start = time.perf_counter()
        reach = analysis.reached
        explored = time.perf_counter() - start
        states = sum(len(v) for v in reach.states.values())
        start = time.perf_counter()
        main(
            ["check", str(root), "--select", "WF2", "--extend-select", "WF207", "--format", "json"]
        )
        checked = time.perf_counter() - start
    print(
        f"{steps:5d} steps: exploration {explored * 1000:7.1f} ms, {states} states"
        f" (complete: {reach.complete}); check WF2xx {checked * 1000:7.1f} ms",
        file=sys.stderr,
    )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:] if a.isdigit()] or [20, 50, 100, 200]:
        bench(n)
