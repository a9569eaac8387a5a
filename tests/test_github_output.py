"""GitHub: annotations carry the related locations and stay within GitHub's
limits; the job summary shows each finding's path and escapes without backslashes."""

from __future__ import annotations

import html
import re

from lk_testing import run

BYPASS = """\
lintkit: 1
workflow: cancellation
attributes:
  source: {enum: [app, billing_portal, webhook]}
triggers:
  - event: cancel_requested
steps:
  by_source:
    type: branch
    cases:
      - when: "source == 'app'"
        next: retention_offer
    default: cancel
  retention_offer:
    type: message
    channel: in_app
    template: retention_offer
    next: cancel
  cancel:
    type: action
    next: done
  done:
    type: exit
invariants:
  - every_path_to: cancel
    passes_through: retention_offer
"""
UNREACHABLE = """\
lintkit: 1
workflow: w{i}
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  orphan:
    type: exit
  done:
    type: exit
"""
ANNOTATION = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


def _unescape(text: str) -> str:
    for raw, escaped in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        text = text.replace(escaped, raw)
    return text


def _annotations(out: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in out.splitlines():
        match = ANNOTATION.fullmatch(line)
        if match:
            props = dict(p.split("=", 1) for p in match.group(2).split(","))
            found.append((match.group(1), props, _unescape(match.group(3))))
    return found


def test_annotation_body_lists_the_path_and_columns_only_on_one_line_spans(project) -> None:
    root = project({"flows/cancel.yaml": BYPASS})
    json_run = run("check", root, "--format", "json").json
    wf205 = next(d for d in json_run["diagnostics"] if d["code"] == "WF205")
    assert wf205["end_line"] > wf205["line"]  # the invariant: a multi-line span
    ((level, props, body),) = [a for a in _annotations(run("check", root, "--format", "github").out)
                               if a[1]["title"] == "WF205 bypassable-step"]  # fmt: skip
    assert level == "error"
    assert (props["line"], props["endLine"]) == ("25", str(wf205["end_line"]))
    assert "col" not in props and "endColumn" not in props
    lines = body.splitlines()
    assert lines[0] == wf205["message"]
    assert len(wf205["related"]) >= 1
    for related, line in zip(wf205["related"], lines[1:], strict=False):
        r = related
        assert line.endswith(f"flows/cancel.yaml:{r['line']}:{r['column']}: {r['message']}")
    assert lines[-1] == f"help: {wf205['help']}"

    one_line = [a for a in _annotations(run("check", root, "--format", "github").out)
                if a[1]["line"] == a[1]["endLine"]]  # fmt: skip
    for _, props, _ in one_line:
        assert "col" in props and "endColumn" in props


def test_at_most_ten_annotations_per_level_errors_first(project) -> None:
    flows = {f"flows/w{i:02}.yaml": UNREACHABLE.format(i=i) for i in range(12)}
    flows["flows/broken.yaml"] = UNREACHABLE.format(i="b").replace("next: done", "next: dnoe")
    root = project(flows)
    out = run("check", root, "--format", "github").out
    annotations = _annotations(out)
    levels = [level for level, _, _ in annotations]
    assert levels == ["error"] + ["warning"] * 10
    # broken.yaml's two unreachable steps and the two last flows are in the log as lines
    assert "lintkit: 4 more findings than GitHub annotates (10 per level)" in out
    assert re.search(r"^\S*flows/w11\.yaml:9:3: warning\[WF101\] ", out, re.M)


def test_job_summary_shows_the_path_and_no_backslashes(project, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/flows")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    (project({})).joinpath(".git").mkdir()
    root = project({"flows/cancel.yaml": BYPASS})
    text = run("check", root, "--format", "markdown").out
    row = next(line for line in text.splitlines() if line.startswith("| [flows/cancel.yaml:25:5]"))
    url = "https://github.com/acme/flows/blob/abc123/flows/cancel.yaml#L25-L27"
    assert row.startswith(f"| [flows/cancel.yaml:25:5]({url}) | ")
    details = re.search(r"<details><summary>(\d+) related locations?</summary>(.*)</details>", row)
    assert details is not None
    related = run("check", root, "--format", "json").json["diagnostics"]
    wf205 = next(d for d in related if d["code"] == "WF205")
    assert int(details.group(1)) == len(wf205["related"])
    shown = details.group(2).split("<br>")
    assert [html.unescape(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)) for s in shown] == [
        f"flows/cancel.yaml:{r['line']}:{r['column']}: {r['message']}" for r in wf205["related"]
    ]
    assert "\\" not in text
