"""Every problem of a native file in one pass: a schema violation does not hide a
misnamed step or a broken condition elsewhere in the file, and nothing cascades."""

from __future__ import annotations

from lk_testing import run

BROKEN = """\
lintkit: 1
workflow: welcome
steps:
  send:
    type: mesage
    channel: email
    template: welcome
    next: dnoe
  check:
    type: filter
    keep: "plan =="
    next: done
    otherwise: gone
  route:
    type: branch
    cases:
      - when: "plan == 'yc'"
        next: sned
    default: 42
  done:
    type: exit
"""


def test_schema_and_wiring_problems_are_reported_together(project) -> None:
    root = project({"flow.yaml": BROKEN})
    result = run("check", root, "--format", "json")
    assert result.found == [
        "flow.yaml:5:11 WF002",  # the type typo
        "flow.yaml:8:11 WF004",  # ... does not hide the `next:` typo
        "flow.yaml:11:18 WF003",
        "flow.yaml:13:16 WF004",
        "flow.yaml:18:15 WF004",
        "flow.yaml:19:14 WF002",  # `default: 42` is the schema's, not a missing step too
    ]
    messages = [d["message"] for d in result.json["diagnostics"]]
    assert messages[1] == (
        "`next` of step 'send' names step 'dnoe', which does not exist (did you mean 'done'?)"
    )
    assert messages[4] == (
        "`cases[0]` of step 'route' names step 'sned', which does not exist (did you mean 'send'?)"
    )


def test_a_valid_file_reports_each_reference_once(project) -> None:
    valid = BROKEN.replace("type: mesage", "type: message").replace("default: 42", "default: done")
    root = project({"flow.yaml": valid})
    found = run("check", root, "--format", "json", "--select", "WF004").found
    assert found == ["flow.yaml:8:11 WF004", "flow.yaml:13:16 WF004", "flow.yaml:18:15 WF004"]
