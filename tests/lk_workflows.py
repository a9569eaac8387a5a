"""Generated native workflows over a small finite domain (for property tests).

Steps form a DAG (every edge goes to a later step), so every path is finite and
can be listed; conditions read an enum, a boolean, a number and two events.
"""

from __future__ import annotations

from hypothesis import strategies as st

ATTRIBUTES = """attributes:
  plan: {enum: [a, b, c]}
  vip: {type: boolean}
  score: {type: number}
"""
# Decided exactly by the static path analysis (enum, boolean, events, == != in).
EXACT_ATOMS = (
    "plan == 'a'",
    "plan != 'b'",
    "plan in ['a', 'c']",
    "vip",
    "not vip",
    "events.e1",
    "not events.e2",
)
# Ordered comparisons on a number: the analysis can only say "possible".
ATOMS = (*EXACT_ATOMS, "score > 2", "score <= 1")


@st.composite
def conditions(draw: st.DrawFn, atoms: tuple[str, ...] = ATOMS) -> str:
    parts = draw(st.lists(st.sampled_from(atoms), min_size=1, max_size=3))
    glue = draw(st.sampled_from([" and ", " or "]))
    return glue.join(f"({p})" if " " in p and len(parts) > 1 else p for p in parts)


@st.composite
def workflows(
    draw: st.DrawFn, *, max_steps: int = 8, invariants: bool = False, exact: bool = False
) -> str:
    """Native YAML text of a workflow named ``generated``.

    ``invariants``: declare one or two (passes_through / never_reaches);
    ``exact``: only conditions the static analysis decides exactly.
    """
    atoms = EXACT_ATOMS if exact else ATOMS
    count = draw(st.integers(3, max_steps))
    names = [f"s{i}" for i in range(count - 1)] + ["done"]
    lines = ["lintkit: 1", "workflow: generated", ATTRIBUTES.rstrip(), "steps:"]

    def later(i: int) -> str:
        return names[draw(st.integers(i + 1, count - 1))]

    for i, name in enumerate(names[:-1]):
        kind = draw(st.sampled_from(["filter", "filter", "branch", "message", "message", "delay"]))
        lines.append(f"  {name}:")
        lines.append(f"    type: {kind}")
        if kind == "filter":
            lines.append(f'    keep: "{draw(conditions(atoms))}"')
            lines.append(f"    next: {later(i)}")
            if draw(st.integers(0, 4)):
                lines.append(f"    otherwise: {later(i)}")
        elif kind == "branch":
            lines.append("    cases:")
            for _ in range(draw(st.integers(1, 3))):
                lines.append(f'      - when: "{draw(conditions(atoms))}"')
                lines.append(f"        next: {later(i)}")
            if draw(st.booleans()):
                lines.append(f"    default: {later(i)}")
        elif kind == "message":
            lines.append("    channel: push")
            lines.append(f"    template: t{draw(st.integers(0, 2))}")
            lines.append(f"    next: {later(i)}")
        else:
            lines.append(f"    duration: {draw(st.integers(1, 48))}h")
            lines.append(f"    next: {later(i)}")
    lines.append("  done:")
    lines.append("    type: exit")
    if invariants:
        lines.append("invariants:")
        for _ in range(draw(st.integers(1, 2))):
            target, via = draw(st.sampled_from(names[1:])), draw(st.sampled_from(names[:-1]))
            if draw(st.booleans()):
                lines.append(f"  - every_path_to: {target}")
                lines.append(f"    passes_through: {via}")
            else:
                edge = draw(st.sampled_from(["", ".next", ".otherwise"]))
                lines.append(f"  - never_reaches: {target}")
                lines.append(f"    from: {via}{edge}")
    return "\n".join(lines) + "\n"


# -- Step Functions machines with nested graphs -------------------------------------------
# Choice states named F<i> are filters: their Default is the filtered-out edge.
FILTERS_CONFIG = '[stepfunctions]\nfiltered-out = ["F*.default"]\n'
# Decided exactly by the static analysis (== and != over the values compared).
RULES = (
    {"Variable": "$.plan", "StringEquals": "a"},
    {"Variable": "$.plan", "StringEquals": "b"},
    {"Not": {"Variable": "$.plan", "StringEquals": "a"}},
    {"Variable": "$.vip", "BooleanEquals": True},
    {"Variable": "$.vip", "BooleanEquals": False},
)
PUBLISH = "arn:aws:states:::sns:publish"


@st.composite
def _rule(draw: st.DrawFn) -> dict[str, object]:
    parts = draw(st.lists(st.sampled_from(RULES), min_size=1, max_size=2))
    return parts[0] if len(parts) == 1 else {draw(st.sampled_from(["And", "Or"])): parts}


@st.composite
def _states(
    draw: st.DrawFn, names: list[str], kinds: list[str], nested: bool
) -> dict[str, dict[str, object]]:
    """States wired as a DAG: each goes on to a later one or ends."""
    states: dict[str, dict[str, object]] = {}

    def later(i: int) -> str | None:
        pick = draw(st.integers(i + 1, len(names)))
        return names[pick] if pick < len(names) else None  # None: the end

    def go(spec: dict[str, object], target: str | None) -> dict[str, object]:
        spec.update({"Next": target} if target else {"End": True})
        return spec

    for i, name in enumerate(names):
        kind = draw(st.sampled_from(kinds))
        if kind == "choice":
            targets = [later(i) for _ in range(draw(st.integers(1, 2)) + 1)]
            if any(t is None for t in targets):  # a Choice cannot end: go on to the last
                targets = [t or names[-1] for t in targets] if i < len(names) - 1 else []
            if not targets:
                states[name] = go({"Type": "Pass"}, None)
                continue
            *cases, default = targets
            states[name] = {
                "Type": "Choice",
                "Choices": [{**draw(_rule()), "Next": t} for t in cases],
                "Default": default,
            }
        elif kind == "publish":
            states[name] = go({"Type": "Task", "Resource": PUBLISH}, later(i))
        elif kind == "wait":
            states[name] = go({"Type": "Wait", "Seconds": 3600}, later(i))
        elif kind in ("parallel", "map") and nested:
            inner = [
                draw(_graph(f"{name}{k}_", draw(st.integers(1, 3))))
                for k in range(draw(st.integers(1, 2)) if kind == "parallel" else 1)
            ]
            spec: dict[str, object] = (
                {"Type": "Parallel", "Branches": inner}
                if kind == "parallel"
                else {"Type": "Map", "ItemProcessor": inner[0]}
            )
            states[name] = go(spec, later(i))
        else:
            states[name] = go({"Type": "Pass"}, later(i))
    return states


@st.composite
def _graph(draw: st.DrawFn, prefix: str, count: int) -> dict[str, object]:
    """A nested graph (a Parallel branch, a Map item processor): no filters, no nesting."""
    names = [f"{prefix}{j}" for j in range(count)]
    states = draw(_states(names, ["publish", "publish", "pass", "choice", "wait"], False))
    return {"StartAt": names[0], "States": states}


@st.composite
def machines(draw: st.DrawFn, *, max_states: int = 6) -> str:
    """JSON text of a Step Functions machine: a DAG of filters (F<i>), publishes,
    waits, passes, and Parallel/Map states whose nested graphs publish too."""
    import json

    count = draw(st.integers(2, max_states))
    kinds = ["choice", "publish", "pass", "parallel", "parallel", "map"]
    names = [f"S{i}" for i in range(count)]
    states = draw(_states(names, kinds, True))
    renamed = {n: (f"F{n[1:]}" if states[n]["Type"] == "Choice" else n) for n in names}
    text = json.dumps({"StartAt": names[0], "States": states})
    for old, new in renamed.items():  # filters get their F name, wherever they are named
        text = text.replace(f'"{old}"', f'"{new}"')
    return text
