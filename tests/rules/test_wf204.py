"""WF204 non-exhaustive-branch, through the real CLI."""

from __future__ import annotations

from typing import Any

import pytest
from lk_testing import run

HEADER = """\
lintkit: 1
workflow: retention
attributes:
  plan: {enum: [free, startup, yc, team_legacy, team_basic]}
  trial: {type: boolean}
  score: {type: number}
steps:
"""  # 7 lines

TAIL = """\
  offer:
    type: message
    channel: in_app
    template: retention_offer
    next: done
  done:
    type: exit
"""


def branch(*cases: str, default: bool = False) -> str:
    lines = ["  gate:", "    type: branch", "    cases:"]
    for case in cases:
        lines += [f'      - when: "{case}"', "        next: offer"]
    if default:
        lines.append("    default: done")
    return "\n".join(lines) + "\n"


def wf204(project: Any, steps: str, header: str = HEADER) -> list[dict[str, Any]]:
    root = project({"flows/retention.yaml": header + steps + TAIL})
    result = run("check", root, "--format", "json", "--select", "WF204")
    assert result.code in (0, 1), result.err
    return result.json["diagnostics"]


@pytest.mark.parametrize(
    ("cases", "gap"),
    [
        (["plan in ['startup', 'yc']", "plan == 'free'"], "plan in ['team_legacy', 'team_basic']"),
        (["plan != 'team_basic' and plan != 'free'"], "plan in ['free', 'team_basic']"),
        (["plan not in ['team_legacy']"], "plan = 'team_legacy'"),
        (["not (plan == 'free' or plan == 'yc')", "plan == 'yc'"], "plan = 'free'"),
        (["trial"], "trial = false"),
        (["trial == false"], "trial = true"),
        (["plan == 'free' and trial", "plan != 'free'"], "plan = 'free' and trial = false"),
    ],
)
def test_uncovered_values_are_listed(project, cases, gap):
    found = wf204(project, branch(*cases))
    assert [(d["line"], d["column"], d["severity"]) for d in found] == [(8, 3, "warning")]
    assert f"no case covers {gap}:" in found[0]["message"]
    assert [r["line"] for r in found[0]["related"]] == [11 + 2 * i for i in range(len(cases))]


@pytest.mark.parametrize(
    "cases",
    [
        ["plan in ['startup', 'yc']", "plan in ['free', 'team_legacy', 'team_basic']"],
        ["plan == 'free'", "plan != 'free'"],
        ["trial", "not trial"],
        ["plan == 'free' or trial", "plan != 'free'", "not trial"],
    ],
)
def test_exhaustive_cases_are_silent(project, cases):
    assert wf204(project, branch(*cases)) == []


def test_a_default_is_enough(project):
    assert wf204(project, branch("plan == 'free'", default=True)) == []


def test_what_arrives_is_known(project):
    steps = """\
  paying:
    type: filter
    keep: "plan in ['startup', 'yc']"
    next: gate
    otherwise: done
""" + branch("plan == 'startup'", "plan == 'yc'")
    assert wf204(project, steps) == []


def test_what_arrives_narrows_the_listed_gap(project):
    steps = """\
  paying:
    type: filter
    keep: "plan != 'free'"
    next: gate
    otherwise: done
""" + branch("plan in ['startup', 'yc']")
    found = wf204(project, steps)
    assert [d["line"] for d in found] == [13]
    assert "no case covers plan in ['team_legacy', 'team_basic']:" in found[0]["message"]


def test_branches_over_numbers_and_strings_are_not_judged(project):
    assert wf204(project, branch("score > 3", "score <= 3")) == []
    assert wf204(project, branch("plan == 'free' and score > 3", "plan != 'free'")) == []


def test_undeclared_attributes_are_not_judged(project):
    header = "lintkit: 1\nworkflow: retention\nsteps:\n"
    assert wf204(project, branch("plan == 'free'"), header) == []
