"""Reporters, for any text a finding can carry: the JSON parses, the SARIF is
valid SARIF 2.1.0, and each GitHub annotation is one line that unescapes to
the same file and message.

Hypothesis writes workflows whose file names, step names and templates hold
awkward text (newlines, `%`, `,`, `:`, quotes, any Unicode), so real rules
(WF002, WF004, WF101...) quote it in their messages; the real CLI reports them.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lk_testing import run, sarif_validator, write

awkward = st.sampled_from(list("\n\r\t%,:;\"'\\{}[]#&*!|>- ")) | st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"
)
texts = st.text(awkward, min_size=1, max_size=14)
file_names = st.text(st.sampled_from(list("abcé日 ,:%;-_'")), min_size=1, max_size=10).map(
    lambda name: f"{name}.yaml"
)


def _workflow(workflow: str, step: str, target: str, template: str) -> str:
    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    return (
        "lintkit: 1\n"
        f"workflow: {q(workflow)}\n"
        "steps:\n"
        "  send:\n"
        "    type: message\n"
        "    channel: email\n"
        f"    template: {q(template)}\n"
        f"    next: {q(target)}\n"
        f"  {q(step)}:\n"
        "    type: exit\n"
    )


def _unescape(text: str) -> str:
    for raw, escaped in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        text = text.replace(escaped, raw)
    return text


ANNOTATION = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


@settings(max_examples=40)
@given(file_names, texts, texts, texts, texts)
def test_every_format_holds_any_message(
    file_name: str, workflow: str, step: str, target: str, template: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "repo", {file_name: _workflow(workflow, step, target, template)})
        found = run("check", root, "--format", "json")
        diagnostics = found.json["diagnostics"]
        assert found.code == (1 if diagnostics else 0), found.err
        for d in diagnostics:
            assert d["path"] == file_name
            assert d["line"] >= 1 and d["column"] >= 1

        sarif = json.loads(run("check", root, "--format", "sarif").out)
        results = sarif["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == [d["code"] for d in diagnostics]
        errors = list(sarif_validator().iter_errors(sarif))
        assert not errors, errors[0].message

        lines = run("check", root, "--format", "github").out.splitlines()
        annotations = [ANNOTATION.fullmatch(line) for line in lines]
        assert len(annotations) == len(diagnostics)
        messages = []
        for match in annotations:
            assert match is not None
            fields = dict(p.split("=", 1) for p in match.group(2).split(","))
            assert _unescape(fields["file"]).endswith(file_name)
            messages.append(_unescape(match.group(3)))
        for d in diagnostics:
            assert any(d["message"] in message for message in messages)


@settings(max_examples=300)
@given(st.text(awkward))
def test_annotation_escaping_round_trips(text: str) -> None:
    """Rules quote names with repr(), so no real message above holds a raw
    newline; a plugin's message may, and GitHub must still read one line."""
    from lintkit.reporters.github import escape_data, escape_property

    for escaped in (escape_data(text), escape_property(text)):
        assert "\n" not in escaped and "\r" not in escaped
        assert _unescape(escaped) == text
    assert not re.search("[,:]", escape_property(text))
