"""How many people per second does simulation run through a 50-step workflow?

    python bench/simulate.py [PEOPLE]

Generates one native workflow of 50 steps (delays, filters, branches, messages,
waits, updates, exits, in blocks of ten), then reports, on this machine:

- the interpreter alone: people/s walking pre-built people (lintkit.testing.run);
- the interpreter + invariant checks;
- the search ``lintkit simulate`` runs: hypothesis drawing the people, running
  and checking each, then shrinking each broken property's counterexample.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from lintkit.simulation.domain import Domain
from lintkit.simulation.invariants import violations
from lintkit.simulation.person import Person
from lintkit.simulation.search import search
from lintkit.testing import load_workflow, run

BLOCKS = 5  # ten steps each


def workflow_text() -> str:
    steps = []
    for b in range(BLOCKS):
        after = f"hold_{b + 1}" if b + 1 < BLOCKS else "done"
        steps.append(
            f"""  hold_{b}:
    type: delay
    duration: {b + 1}h
    next: eligible_{b}
  eligible_{b}:
    type: filter
    keep: "plan in ['startup', 'yc'] and not events.opted_out_{b}"
    next: route_{b}
    otherwise: left_{b}
  route_{b}:
    type: branch
    cases:
      - when: "score > {10 * b}"
        next: big_{b}
      - when: "plan == 'yc'"
        next: small_{b}
    default: count_{b}
  big_{b}:
    type: message
    channel: email
    template: big_{b}
    next: count_{b}
  small_{b}:
    type: message
    channel: push
    template: small_{b}
    next: count_{b}
  count_{b}:
    type: update
    set: {{seen: {b}}}
    next: wait_{b}
  wait_{b}:
    type: wait
    event: clicked_{b}
    timeout: 2d
    next: thanks_{b}
    on_timeout: {after}
  thanks_{b}:
    type: message
    channel: in_app
    template: thanks_{b}
    next: {after}
  left_{b}:
    type: action
    handler: "app.crm:mark_left"
    next: exit_{b}
  exit_{b}:
    type: exit
"""
        )
    return (
        "lintkit: 1\nworkflow: bench-50\n"
        "attributes:\n  plan: {enum: [free, startup, yc, team]}\n"
        "  score: {type: number}\n  seen: {type: number}\n  email: {type: string}\n"
        "triggers:\n  - event: signed_up\nsteps:\n" + "".join(steps) + "  done:\n    type: exit\n"
    )


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "lintkit.toml").write_text("")
        path = Path(tmp) / "bench.yaml"
        path.write_text(workflow_text())
        workflow = load_workflow(path)
    steps = sum(len(g.steps) for g in workflow.graphs())
    domain = Domain.of(workflow)
    persons = sample(domain, people)
    print(f"{steps} steps; {people} people; domain of {domain.size():,} distinct people\n")
    print(f"| {'what':<46} | {'people/s':>9} | {'steps/person':>12} |")
    print(f"|{'-' * 48}|{'-' * 11}|{'-' * 14}|")

    start = time.perf_counter()
    visited = sum(len(run(workflow, p).visits) for p in persons)
    elapsed = time.perf_counter() - start
    row("interpreter (lintkit.testing.run)", people / elapsed, visited / people)

    start = time.perf_counter()
    for p in persons:
        violations(workflow, run(workflow, p))
    row("interpreter + invariant checks", people / (time.perf_counter() - start), visited / people)

    start = time.perf_counter()
    result = search(workflow, examples=people)
    elapsed = time.perf_counter() - start
    row(
        f"search (lintkit simulate; {len(result.broken)} broken)",
        result.tally.people / elapsed,
        None,
    )


def sample(domain: Domain, count: int) -> list[Person]:
    """People drawn uniformly from the domain's values (seeded), built ahead of timing."""
    rng = random.Random(0)
    found = []
    for _ in range(count):
        attributes = {a.name: rng.choice(a.values) for a in domain.attributes if rng.random() < 0.9}
        events = frozenset(e for e in domain.events if rng.random() < 0.3)
        if domain.enrolled_by:
            events |= {rng.choice(domain.enrolled_by)}
        arrivals = tuple(
            sorted((rng.choice(domain.times), e) for e in domain.waited if rng.random() < 0.5)
        )
        found.append(Person(attributes, events, arrivals))
    return found


def row(label: str, rate: float, steps: float | None) -> None:
    shown = "-" if steps is None else f"{steps:.1f}"
    print(f"| {label:<46} | {rate:>9,.0f} | {shown:>12} |")


if __name__ == "__main__":
    main()
