"""``lintkit simulate`` output: a summary a person reads at a glance, then each
broken invariant with its smallest person and the steps they took."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from lintkit.core.printable import printable
from lintkit.simulation import properties as props
from lintkit.simulation.search import Counterexample, SearchResult
from lintkit.simulation.trace import Outcome, Visit, clock

JSON_VERSION = 1
HEAD, TAIL = 15, 8  # a long trace (a loop) shows its first and last steps

TITLES = {
    props.FILTERED_OUT_MESSAGE: "a filtered-out person gets a message",
    props.INVARIANT: "a declared invariant breaks",
    props.DUPLICATE_MESSAGE: "a person gets the same message twice",
    props.REACHES_EXIT: "a person never reaches an exit",
}

Where = Callable[[str], str]  # a root-relative path as the user should see it


def relative_to_cwd(root: Path) -> Where:
    def where(path: str) -> str:
        try:
            return Path(os.path.relpath(root / path)).as_posix()
        except ValueError:
            return (root / path).as_posix()

    return where


# -- text -------------------------------------------------------------------------
def render_text(results: Sequence[SearchResult], out: TextIO, where: Where) -> None:
    broken = 0
    for result in results:
        _summary(result, out, where)
        for n, example in enumerate(result.broken, start=broken + 1):
            out.write("\n")
            out.write(counterexample_text(example, where, number=n))
        broken += len(result.broken)
        out.write("\n")
    if broken:
        out.write(f"{broken} invariant{'s' if broken != 1 else ''} broken.\n")
    else:
        people = sum(r.tally.people for r in results)
        out.write(f"No invariant broken by {people} simulated people.\n")


def _summary(result: SearchResult, out: TextIO, where: Where) -> None:
    workflow, tally = result.workflow, result.tally

    def put(line: str) -> None:  # names from the file are escaped: one line stays one
        out.write(printable(line) + "\n")

    put(
        f"{workflow.id} ({where(workflow.path)}): {tally.people} people simulated,"
        f" seed {result.seed}"
    )
    out.write("\n")
    if result.stopped_early:
        out.write(f"note: {result.stopped_early}\n\n")
    rows = [
        (_ending(Outcome(kind), graph, step, workflow.id), n)
        for (kind, graph, step), n in sorted(tally.outcomes.items(), key=lambda i: (-i[1], i[0]))
    ]
    width = max([len(r[0]) for r in rows] + [len("how people left")])
    put(f"  {'how people left':<{width}}  {'people':>7}")
    for label, n in rows:
        put(f"  {label:<{width}}  {n:>7}")
    out.write("\n")
    if not tally.sent:
        out.write("  no message sent\n")
        return
    messages = sorted(tally.sent)
    width = max([len(t) for t, _ in messages] + [len("message")])
    cwidth = max([len(c) for _, c in messages] + [len("channel")])
    put(f"  {'message':<{width}}  {'channel':<{cwidth}}  {'sent':>7}  {'people':>7}")
    for template, channel in messages:
        sent, people = tally.sent[(template, channel)], tally.recipients[(template, channel)]
        put(f"  {template:<{width}}  {channel:<{cwidth}}  {sent:>7}  {people:>7}")


def _ending(outcome: Outcome, graph: str, step: str, top: str) -> str:
    inside = "" if graph == top else f" (in {graph})"
    text = {
        Outcome.EXIT: f"exit '{step}'",
        Outcome.FILTERED: f"filtered out at '{step}'",
        Outcome.TIMED_OUT: f"timed out at '{step}'",
        Outcome.WAITING: f"still waiting at '{step}'",
        Outcome.STUCK: f"STUCK at '{step}'",
        Outcome.MISSING_STEP: f"SENT TO MISSING STEP '{step}'",
        Outcome.BUDGET: f"STEP BUDGET EXHAUSTED at '{step}' (a loop or a longer path)",
    }[outcome]
    return text + inside


def counterexample_text(example: Counterexample, where: Where, *, number: int = 1) -> str:
    violation, person, trace = example.violation, example.person, example.trace
    lines = [f"[{number}] {TITLES[violation.property]}: {violation.message}", "  person:"]
    declared = list(example.workflow.attributes or {})
    names = [*declared, *sorted(set(person.attributes) - set(declared))]
    width = max([len(n) for n in names] + [len("anonymous")])
    for name in names:
        value = repr(person.attributes[name]) if name in person.attributes else "(missing)"
        lines.append(f"    {name:<{width}}  {value}")
    lines.append(f"    {'events':<{width}}  {', '.join(sorted(person.events)) or '(none)'}")
    for at, event in person.arrivals:
        lines.append(f"    {'later':<{width}}  {event} at {clock(at)}")
    lines.append(f"    {'anonymous':<{width}}  {'yes' if person.anonymous else 'no'}")
    for key, holds in sorted(person.opaque.items()):
        lines.append(f"    <{key}>  {'true' if holds else 'false'}")
    lines.append("  path:")
    marked = {violation.visit, *violation.related} - {None}
    visits = list(trace.visits)
    if violation.visit is not None and len(visits) > violation.visit + 2 + TAIL:
        # What follows the violation does not explain it: cut after the next step.
        keep = set(range(violation.visit + 2)) | {len(visits) - 1}
    else:
        keep = set(range(HEAD)) | set(range(len(visits) - TAIL, len(visits)))
    shown: list[Visit | None] = [v if v.index in keep | marked else None for v in visits]
    rows = _trace_rows(example, shown, where, marked)
    lines.extend(rows)
    lines.append(f"  end: {trace.describe_end()}")
    return "".join(printable(line) + "\n" for line in lines)


def _trace_rows(
    example: Counterexample, shown: list[Visit | None], where: Where, marked: set[Any]
) -> list[str]:
    steps = {(g.id, s.id): s for g in example.workflow.graphs() for s in g.steps.values()}
    table: list[tuple[str, ...] | str] = []
    skipped = 0
    for visit in shown:
        if visit is None:
            skipped += 1
            continue
        if skipped:
            table.append(f"    ... {skipped} more steps ...")
            skipped = 0
        step = steps[(visit.graph, visit.step)]
        what = visit.kind
        if step.template:
            what += f" {step.template} ({step.channel})"
        way = ""
        if visit.edge is not None:
            way = f"-> {visit.edge}" + (" (filtered out)" if visit.excludes else "")
        loc = visit.location
        note = "  <- " + ("here" if visit.index == example.violation.visit else "cause")
        table.append(
            (
                clock(visit.time),
                f"{where(loc.path)}:{loc.line}:{loc.column}",
                visit.step,
                what,
                way + (note if visit.index in marked else ""),
            )
        )
    rows = [r for r in table if isinstance(r, tuple)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)] if rows else [0] * 4
    return [
        r
        if isinstance(r, str)
        else (
            "    " + "  ".join(f"{c:<{w}}" for c, w in zip(r, widths, strict=False)) + f"  {r[4]}"
        ).rstrip()
        for r in table
    ]


# -- json ---------------------------------------------------------------------------
def render_json(results: Sequence[SearchResult], root: Path) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "root": root.as_posix(),
        "workflows": [
            {
                "workflow": r.workflow.id,
                "path": r.workflow.path,
                "seed": r.seed,
                "people": r.tally.people,
                "stopped_early": r.stopped_early or None,
                "outcomes": [
                    {"outcome": kind, "graph": graph, "step": step, "people": n}
                    for (kind, graph, step), n in sorted(r.tally.outcomes.items())
                ],
                "messages": [
                    {
                        "template": template,
                        "channel": channel,
                        "sent": r.tally.sent[(template, channel)],
                        "people": r.tally.recipients[(template, channel)],
                    }
                    for template, channel in sorted(r.tally.sent)
                ],
                "broken": [example.to_json() for example in r.broken],
            }
            for r in results
        ],
        "broken": sum(len(r.broken) for r in results),
    }
