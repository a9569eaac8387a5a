"""WF201 and WF205 against a brute-force oracle, on random workflows.

Hypothesis draws workflows over small finite domains (an enum, a boolean, two
events): filters, branches, delays, updates, messages and exits wired at random,
loops included, plus random invariants. The oracle knows nothing of lintkit's
IR or path analysis: it enumerates every person, walks each one through the
generated spec (first matching case, the filter's keep, updates), and records
their trace. lintkit, run through the real CLI on the YAML text, must report

- WF201 exactly at the filters from whose `otherwise` some person reaches a
  message, and WF205 exactly at the invariants some person breaks (no miss,
  no report on a path no person takes);
- as counter-path, a chain of edges that one person's walk really contains;
- every finding as certain (the domains are finite, nothing is guessed).

150 examples, derandomized under CI and new ones on each local run (the
hypothesis profiles in tests/conftest.py); for a longer random search:
LINTKIT_PROPERTY_EXAMPLES=5000 pytest tests/test_paths_property.py
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lk_testing import run, write

from lintkit.workflow.conditions import evaluate, parse

PLANS = ("a", "b", "c")
EVENTS = ("e1", "e2")


# -- the generated spec ------------------------------------------------------------
@dataclass
class StepSpec:
    name: str
    kind: str  # filter | branch | delay | message | update | exit
    keep: str = ""
    cases: list[tuple[str, str]] = field(default_factory=list)  # (when, target)
    default: str | None = None
    next: str | None = None
    otherwise: str | None = None
    sets: tuple[str, Any] | None = None
    final: bool = False

    def edges(self) -> list[tuple[str, str]]:
        """(label, target) in the order the YAML writes them."""
        found = []
        if self.kind == "branch":
            found += [(f"cases[{i}]", target) for i, (_, target) in enumerate(self.cases)]
            if self.default:
                found.append(("default", self.default))
        elif self.next:
            found.append(("next", self.next))
        if self.otherwise:
            found.append(("otherwise", self.otherwise))
        return found


@dataclass
class Invariant:
    kind: str  # passes_through | never_reaches
    target: str
    via: str
    label: str | None = None


@dataclass
class Spec:
    trigger: str  # "e1" (an event trigger) or "" (a segment: anyone)
    steps: list[StepSpec]
    invariants: list[Invariant]


def atoms() -> st.SearchStrategy[str]:
    plan_values = st.lists(st.sampled_from(PLANS), min_size=1, max_size=2, unique=True)
    return st.one_of(
        st.sampled_from(PLANS).map(lambda p: f"plan == '{p}'"),
        st.sampled_from(PLANS).map(lambda p: f"plan != '{p}'"),
        plan_values.map(lambda ps: f"plan in [{', '.join(repr(p) for p in ps)}]"),
        plan_values.map(lambda ps: f"plan not in [{', '.join(repr(p) for p in ps)}]"),
        st.sampled_from(["flag", "flag == true", "flag == false", "not flag"]),
        st.sampled_from(EVENTS).map(lambda e: f"events.{e}"),
    )


conditions = st.recursive(
    atoms(),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda c: f"not ({c})"),
    ),
    max_leaves=4,
)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    count = draw(st.integers(min_value=2, max_value=7))
    names = [f"s{i}" for i in range(count)] + ["done"]
    steps = []
    kinds = ["filter"] * 3 + ["branch"] * 2 + ["message"] * 2 + ["update"] * 2 + ["delay"]
    for index, name in enumerate(names[:-1]):
        # Mostly forward, sometimes anywhere (loops): flows read top to bottom.
        targets = st.one_of(*[st.sampled_from(names[index + 1 :])] * 3, st.sampled_from(names))
        kind = draw(st.sampled_from(kinds))
        step = StepSpec(name, kind)
        if kind == "filter":
            step.keep = draw(conditions)
            step.next, step.otherwise = draw(targets), draw(targets)
        elif kind == "branch":
            cases = draw(st.lists(st.tuples(conditions, targets), min_size=1, max_size=3))
            step.cases = cases
            step.default = draw(st.one_of(st.none(), targets))
        else:
            step.next = draw(targets)
            if kind == "message":
                step.final = draw(st.booleans())
            elif kind == "update":
                step.sets = draw(
                    st.one_of(
                        st.tuples(st.just("plan"), st.sampled_from(PLANS)),
                        st.tuples(st.just("flag"), st.booleans()),
                    )
                )
        steps.append(step)
    steps.append(StepSpec("done", "exit"))
    invariants = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        target = draw(st.sampled_from(names))
        via = draw(st.sampled_from([n for n in names if n != target]))
        if draw(st.booleans()):
            invariants.append(Invariant("passes_through", target, via))
        else:
            labels = [label for label, _ in next(s for s in steps if s.name == via).edges()]
            label = draw(st.one_of(st.none(), st.sampled_from(labels))) if labels else None
            invariants.append(Invariant("never_reaches", target, via, label))
    trigger = draw(st.sampled_from(["e1", ""]))
    return Spec(trigger, steps, invariants)


# -- YAML, with the line of everything the checks look up ---------------------------------
@dataclass
class Rendered:
    text: str
    otherwise_line: dict[int, str]  # line of a filter's `otherwise:` -> filter
    edge_at: dict[int, tuple[str, str]]  # line of an edge's target -> (source, label)
    invariant_line: dict[int, int]  # line of an invariant -> its index


def render(spec: Spec) -> Rendered:
    lines = [
        "lintkit: 1",
        "workflow: generated",
        "attributes:",
        f"  plan: {{enum: [{', '.join(PLANS)}]}}",
        "  flag: {type: boolean}",
    ]
    lines += ["triggers:", f"  - event: {spec.trigger}" if spec.trigger else "  - segment: all"]
    lines.append("steps:")
    rendered = Rendered("", {}, {}, {})

    def edge(text: str, source: str, label: str) -> None:
        lines.append(text)
        rendered.edge_at[len(lines)] = (source, label)

    for step in spec.steps:
        lines += [f"  {step.name}:", f"    type: {step.kind}"]
        if step.kind == "filter":
            lines.append(f'    keep: "{step.keep}"')
        elif step.kind == "branch":
            lines.append("    cases:")
            for i, (when, target) in enumerate(step.cases):
                lines.append(f'      - when: "{when}"')
                edge(f"        next: {target}", step.name, f"cases[{i}]")
            if step.default:
                edge(f"    default: {step.default}", step.name, "default")
        elif step.kind == "delay":
            lines.append("    duration: 1h")
        elif step.kind == "message":
            lines += ["    channel: email", f"    template: t_{step.name}"]
            if step.final:
                lines.append("    final: true")
        elif step.kind == "update":
            assert step.sets is not None
            name, value = step.sets
            shown = ("true" if value else "false") if isinstance(value, bool) else value
            lines.append(f"    set: {{{name}: {shown}}}")
        if step.next:
            edge(f"    next: {step.next}", step.name, "next")
        if step.otherwise:
            edge(f"    otherwise: {step.otherwise}", step.name, "otherwise")
            rendered.otherwise_line[len(lines)] = step.name
    if spec.invariants:
        lines.append("invariants:")
    for i, inv in enumerate(spec.invariants):
        rendered.invariant_line[len(lines) + 1] = i
        if inv.kind == "passes_through":
            lines += [f"  - every_path_to: {inv.target}", f"    passes_through: {inv.via}"]
        else:
            origin = f"{inv.via}.{inv.label}" if inv.label else inv.via
            lines += [f"  - never_reaches: {inv.target}", f"    from: {origin}"]
    rendered.text = "\n".join(lines) + "\n"
    return rendered


# -- the oracle ------------------------------------------------------------------------
Transition = tuple[str, str | None]  # (step, label of the edge taken from it; None: stops)


def people(spec: Spec) -> list[tuple[dict[str, Any], frozenset[str]]]:
    everyone = []
    for plan, flag in itertools.product(PLANS, (True, False)):
        for n in range(len(EVENTS) + 1):
            for done in itertools.combinations(EVENTS, n):
                if spec.trigger and spec.trigger not in done:
                    continue  # an event trigger enrolls only people who did it
                everyone.append(({"plan": plan, "flag": flag}, frozenset(done)))
    return everyone


def holds(text: str, attributes: dict[str, Any], events: frozenset[str]) -> bool:
    expr = parse(text)
    assert not hasattr(expr, "message"), expr
    return evaluate(expr, attributes, events)  # type: ignore[arg-type]


def walk(spec: Spec, attributes: dict[str, Any], events: frozenset[str]) -> list[Transition]:
    """The person's steps in order; a loop's repeated part is written out twice more.

    So "x happens after y" in the endless walk shows in the list, as a contiguous run.
    """
    steps = {s.name: s for s in spec.steps}
    attributes = dict(attributes)
    current: str | None = spec.steps[0].name
    trace: list[Transition] = []
    first_seen: dict[tuple[str, tuple[Any, ...]], int] = {}
    while current is not None:
        state = (current, tuple(sorted(attributes.items())))
        if state in first_seen:
            lap = trace[first_seen[state] :]
            return trace + lap + lap
        first_seen[state] = len(trace)
        step = steps[current]
        label, target = None, None
        if step.kind == "filter":
            kept = holds(step.keep, attributes, events)
            label, target = ("next", step.next) if kept else ("otherwise", step.otherwise)
        elif step.kind == "branch":
            for i, (when, case_target) in enumerate(step.cases):
                if holds(when, attributes, events):
                    label, target = f"cases[{i}]", case_target
                    break
            else:
                if step.default:
                    label, target = "default", step.default
        elif step.kind != "exit":
            if step.kind == "update" and step.sets is not None:
                attributes[step.sets[0]] = step.sets[1]
            label, target = "next", step.next
        trace.append((current, label))
        current = target
    return trace


def expected(spec: Spec) -> tuple[set[str], set[int]]:
    """(filters whose filtered-out people reach a message, invariants some person breaks)."""
    messages = {s.name for s in spec.steps if s.kind == "message"}
    filters: set[str] = set()
    broken: set[int] = set()
    for attributes, events in people(spec):
        trace = walk(spec, attributes, events)
        visited = [step for step, _ in trace]
        for i, (step, label) in enumerate(trace):
            if label == "otherwise" and any(s in messages for s in visited[i + 1 :]):
                filters.add(step)
        for n, inv in enumerate(spec.invariants):
            if inv.kind == "passes_through":
                if inv.target in visited:
                    first = visited.index(inv.target)
                    if inv.via not in visited[:first]:
                        broken.add(n)
                continue
            for i, (step, label) in enumerate(trace):
                left = step == inv.via and (inv.label is None or label == inv.label)
                if left and inv.target in visited[i + 1 :]:
                    broken.add(n)
    return filters, broken


def someone_walks(spec: Spec, chain: list[tuple[str, str]], *, from_start: bool) -> bool:
    """Whether some person's walk contains these (step, label) edges in a row."""
    for attributes, events in people(spec):
        trace = walk(spec, attributes, events)
        starts = [0] if from_start else range(len(trace))
        for i in starts:
            if [(s, lab) for s, lab in trace[i : i + len(chain)]] == chain:
                return True
    return not chain and from_start


# -- the property ------------------------------------------------------------------------
# Anchors: shapes a plain random run needs many examples to hit, each of which
# caught a deliberately broken analysis (updates ignored, `not (a and b)` split
# wrongly, trigger events forgotten, branch order lost).
ANCHORS = [
    Spec(
        "e1",
        [
            StepSpec("s0", "update", next="s1", sets=("plan", "a")),
            StepSpec("s1", "filter", keep="not (plan == 'a')", next="s0", otherwise="done"),
            StepSpec("done", "exit"),
        ],
        [Invariant("never_reaches", "s0", "s1")],
    ),
    Spec(
        "",
        [
            StepSpec("s0", "filter", keep="(plan == 'a' and flag)", next="done", otherwise="s1"),
            StepSpec("s1", "branch", cases=[("plan == 'a'", "s2")], default="done"),
            StepSpec("s2", "message", next="done"),
            StepSpec("done", "exit"),
        ],
        [Invariant("passes_through", "s2", "s1")],
    ),
    Spec(
        "e1",
        [
            StepSpec("s0", "filter", keep="events.e1", next="done", otherwise="s1"),
            StepSpec("s1", "message", next="done", final=True),
            StepSpec("done", "exit"),
        ],
        [],
    ),
    Spec(
        "",
        [
            StepSpec("s0", "branch", cases=[("plan != 'a'", "s1"), ("plan in ['a', 'b']", "s2")]),
            StepSpec("s1", "filter", keep="plan == 'b'", next="done", otherwise="s2"),
            StepSpec("s2", "message", next="done"),
            StepSpec("done", "exit"),
        ],
        [Invariant("never_reaches", "s2", "s0", "cases[1]")],
    ),
]

_EXAMPLES = os.environ.get("LINTKIT_PROPERTY_EXAMPLES")


@settings(
    max_examples=int(_EXAMPLES or 150),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=specs())
@example(spec=ANCHORS[0])
@example(spec=ANCHORS[1])
@example(spec=ANCHORS[2])
@example(spec=ANCHORS[3])
def test_wf201_and_wf205_agree_with_every_person(tmp_path: Path, spec: Spec) -> None:
    rendered = render(spec)
    root = write(tmp_path / "repo", {"flows/generated.yaml": rendered.text})
    result = run("check", root, "--format", "json", "--select", "WF201,WF205")
    assert result.code in (0, 1), result.err + rendered.text
    found = result.json["diagnostics"]
    filters, broken = expected(spec)

    wf201 = [d for d in found if d["code"] == "WF201"]
    assert {rendered.otherwise_line[d["line"]] for d in wf201} == filters, rendered.text
    wf205 = [d for d in found if d["code"] == "WF205"]
    assert {rendered.invariant_line[d["line"]] for d in wf205} == broken, rendered.text

    for d in wf201 + wf205:
        assert d["severity"] == "error" and "may reach" not in d["message"], d["message"]
    for d in wf201:
        chain = [rendered.edge_at[r["line"]] for r in d["related"][1:]]
        assert chain[0] == (rendered.otherwise_line[d["line"]], "otherwise")
        assert someone_walks(spec, chain, from_start=False), (d, rendered.text)
    for d in wf205:
        inv = spec.invariants[rendered.invariant_line[d["line"]]]
        chain = [rendered.edge_at[r["line"]] for r in d["related"][:-1]]
        from_start = inv.kind == "passes_through"
        if inv.kind == "never_reaches":
            assert chain and chain[0][0] == inv.via
            assert inv.label is None or chain[0][1] == inv.label
        assert someone_walks(spec, chain, from_start=from_start), (d, rendered.text)
