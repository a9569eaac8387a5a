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
