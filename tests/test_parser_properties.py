"""The workflow parsers never crash: any file text, any condition string.

Through the real CLI: the run ends with 0 or 1 (never 2, an internal error),
and every finding points into the file (a line it has, a column >= 1).
tests/test_hostile_inputs.py holds the hand-made worst cases (nesting, alias
bombs, encodings); these are the ones nobody thought of.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lk_testing import run, write

FUZZ = settings(max_examples=60)

# Fragments that steer random text towards YAML/JSON lintkit reads.
fragments = st.sampled_from(
    [
        "lintkit: 1\n",
        '{"lintkit": 1, ',
        "StartAt: A\nStates:\n",
        "steps:\n",
        "  a:\n",
        "    type: filter\n",
        "    type: message\n",
        "    next: a\n",
        "    keep: ",
        "- ",
        ": ",
        "&x ",
        "*x ",
        "!!binary ",
        "[",
        "]",
        "{",
        "}",
        '"',
        "'",
        "\t",
        "\n",
        "---\n",
        "# lintkit: ignore[WF101]\n",
        "\ufeff",
        "\x00",
    ]
)
texts = st.lists(fragments | st.text(max_size=8), max_size=30).map("".join)


def _check(root: Path, name: str, text: str) -> None:
    found = run("check", root, "--format", "json")
    assert found.code in (0, 1), found.err
    lines = text.count("\n") + 1
    for d in found.json["diagnostics"]:
        if d["path"] == name:
            assert 1 <= d["line"] <= lines + 1 and d["column"] >= 1, d


@FUZZ
@given(texts, st.sampled_from(["flow.yaml", "flow.json", "machine.asl.json"]))
def test_any_text_gets_findings_not_a_crash(text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "repo", {name: text.encode("utf-8", "surrogatepass")})
        _check(root, name, text)


conditions = st.lists(
    st.sampled_from(
        [
            "plan",
            "email",
            "events.",
            "x",
            " in ",
            " not ",
            " and ",
            " or ",
            "==",
            "!=",
            "<",
            "(",
            ")",
            "[",
            "]",
            "'startup'",
            "'",
            "1",
            "1.5",
            "True",
            "None",
            ",",
            " ",
            "\\",
        ]
    )
    | st.text(max_size=4),
    max_size=14,
).map("".join)


@FUZZ
@given(conditions)
def test_any_condition_gets_findings_not_a_crash(condition: str) -> None:
    text = (
        "lintkit: 1\n"
        "workflow: fuzz\n"
        "attributes:\n"
        "  plan: {enum: [free, startup]}\n"
        "  email: {type: string}\n"
        "steps:\n"
        "  check:\n"
        "    type: filter\n"
        f"    keep: {json.dumps(condition)}\n"
        "    next: send\n"
        "    otherwise: done\n"
        "  send:\n"
        "    type: message\n"
        "    channel: email\n"
        "    template: hello\n"
        "    next: done\n"
        "  done:\n"
        "    type: exit\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "repo", {"flow.yaml": text})
        _check(root, "flow.yaml", text)


# Hostile sizes around the condition bounds (lintkit.workflow.conditions): long chains
# of tests, deep not/parentheses, long lists, long literals.
atoms = st.sampled_from(["plan == 'free'", "n < 3", "events.x", "email", "n", "plan in ['yc']"])
hostile_conditions = st.one_of(
    st.builds(
        lambda atom, joiner, count, nots: "not " * nots + "(" + joiner.join([atom] * count) + ")",
        atoms,
        st.sampled_from([" and ", " or ", " < ", " == "]),
        st.integers(1, 700),
        st.integers(0, 60),
    ),
    st.builds(lambda size: "n in [" + ",".join(["1"] * size) + "]", st.integers(0, 1_500)),
    st.builds(lambda digits: "n == " + "9" * digits, st.integers(1, 6_000)),
    st.builds(lambda depth: "(" * depth + "n" + ")" * depth, st.integers(1, 300)),
)


@settings(FUZZ, max_examples=25)
@given(hostile_conditions)
def test_hostile_conditions_end_with_bounded_findings(condition: str) -> None:
    text = (
        "lintkit: 1\n"
        "workflow: fuzz\n"
        "attributes:\n"
        "  plan: {enum: [free, startup]}\n"
        "  n: {type: number}\n"
        "steps:\n"
        "  check:\n"
        "    type: filter\n"
        f"    keep: {json.dumps(condition)}\n"
        "    next: done\n"
        "    otherwise: done\n"
        "  done:\n"
        "    type: exit\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "repo", {"flow.yaml": text})
        found = run("check", root, "--format", "json")
    assert found.code in (0, 1), found.err
    for d in found.json["diagnostics"]:
        assert (d["line"], d["code"]) == (9, "WF003"), d
        assert 12 <= d["column"] <= 12 + len(condition), d
        assert len(d["message"]) < 200, d  # nothing of the condition is echoed whole
    assert len(found.json["diagnostics"]) <= 500  # one per test at most, and tests are bounded
