"""A fix removes its finding and nothing else moves: on clean workflows with one slip.

Each example writes a clean native workflow, makes one mechanical slip in it (a
step name, channel, step type or key one character off, a duration in words, a
suppression that suppresses nothing), lints it, applies one safe fix exactly as
the JSON report gives its edits, and lints again: the fixed finding is gone, the
file still parses, and every finding left was there before.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lk_testing import run, write

CHANNELS = ("email", "sms", "push", "in_app", "slack", "webhook")
LETTERS = "abcdefghijklmnopqrstuvwxyz_"


def _workflow(names: list[str], channel: str, hours: int) -> list[str]:
    lines = ["lintkit: 1", "workflow: generated", "steps:"]
    for i, name in enumerate(names):
        lines += [f"  {name}:", "    type: message", f"    channel: {channel}"]
        lines += [
            f"    template: t{i}",
            f"    next: {names[i + 1] if i + 1 < len(names) else 'wait'}",
        ]
    lines += ["  wait:", "    type: delay", f"    duration: {hours}h", "    next: done"]
    lines += ["  done:", "    type: exit"]
    return lines


@st.composite
def _slip(draw: Any, word: str) -> str:
    """``word`` one typed character off: a letter dropped, added or changed."""
    at = draw(st.integers(0, len(word) - 1))
    kind = draw(st.sampled_from(["drop", "add", "change"]))
    letter = draw(st.sampled_from(LETTERS))
    if kind == "drop" and len(word) > 3:
        return word[:at] + word[at + 1 :]
    if kind == "change":
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + letter + word[at:]


@st.composite
def slipped_workflows(draw: Any) -> str:
    names = draw(
        st.lists(
            # YAML reads an unquoted null, true or false as no name at all
            st.text(LETTERS, min_size=4, max_size=10).filter(
                lambda n: n[0] != "_" and n not in ("wait", "done", "null", "true", "false")
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    channel = draw(st.sampled_from(CHANNELS))
    hours = draw(st.integers(1, 48))
    lines = _workflow(names, channel, hours)
    slip = draw(st.sampled_from(["next", "channel", "type", "key", "duration", "suppression"]))
    line = draw(st.sampled_from([i for i, text in enumerate(lines) if f"{slip}:" in text] or [3]))
    text = lines[line]
    indent, _, value = text.partition(": ")
    if slip in ("next", "channel", "type"):
        lines[line] = f"{indent}: {draw(_slip(value))}"
    elif slip == "key":
        key = indent.strip()
        lines[line] = f"    {draw(_slip(key))}: {value}"
    elif slip == "duration":
        lines[line] = f"    duration: {hours} hour{'s' if hours > 1 else ''}"
    else:
        lines[3] += "  # lintkit: ignore[WF101] -- generated"
    return "\n".join(lines) + "\n"


def _splice(text: str, edits: list[dict[str, Any]]) -> str:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        start = offset(edit["line"], edit["column"])
        end = offset(edit["end_line"], edit["end_column"])
        text = text[:start] + edit["content"] + text[end:]
    return text


def _findings(root: Path) -> list[dict[str, Any]]:
    result = run("check", root, "--format", "json", "--no-cache")
    assert result.code in (0, 1), result.err
    return list(result.json["diagnostics"])


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(slipped_workflows(), st.data())
def test_a_fix_removes_its_finding_and_adds_none(source: str, data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp), {"flow.yaml": source})
        before = _findings(root)
        fixable = [d for d in before if d["fix"] and d["fix"]["applicability"] == "safe"]
        event(f"fixable: {sorted({d['code'] for d in fixable})}")
        if not fixable:
            return
        chosen = data.draw(st.sampled_from(fixable))
        fixed = _splice(source, chosen["fix"]["edits"])
        (root / "flow.yaml").write_text(fixed)
        after = _findings(root)
        assert all(d["code"] not in ("WF001",) for d in after), fixed
        left = Counter((d["code"], d["message"]) for d in before)
        left[(chosen["code"], chosen["message"])] -= 1
        new = Counter((d["code"], d["message"]) for d in after) - left
        assert not new, (fixed, chosen["fix"])
