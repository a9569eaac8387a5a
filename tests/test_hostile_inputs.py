"""Hostile and broken files: each gets one clear diagnostic, the run goes on.

All files sit under `flows/`, which the config's `workflows` glob names, so each
must be a workflow and every failure to read one is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from lk_testing import run

GOOD_WITH_FINDING = """\
lintkit: 1
workflow: welcome
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

BILLION_LAUGHS = "lintkit: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def hostile_files() -> dict[str, str | bytes]:
    return {
        "lintkit.toml": 'workflows = ["flows/**"]\n',
        "flows/ok.yaml": GOOD_WITH_FINDING,
        "flows/syntax.yaml": "lintkit: 1\nworkflow: x\nsteps: [a, b\n",
        "flows/duplicate.yaml": "lintkit: 1\nworkflow: x\nworkflow: y\n",
        "flows/tabs.yaml": "lintkit: 1\nsteps:\n\tsend: {}\n",
        "flows/latin1.yaml": b"lintkit: 1\ndescription: caf\xe9\n",
        "flows/binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "flows/empty.yaml": "",
        "flows/deep.yaml": "lintkit: 1\nsteps: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "flows/bomb.yaml": BILLION_LAUGHS,
    }


# path -> (code, line:col, words the message must contain)
EXPECTED = {
    "flows/syntax.yaml": ("WF001", "4:1", "expected"),
    "flows/duplicate.yaml": ("WF001", "3:1", "duplicate key 'workflow'"),
    "flows/tabs.yaml": ("WF001", "3:1", "tab character"),
    "flows/latin1.yaml": ("WF001", "2:17", "not valid UTF-8"),
    "flows/binary.yaml": ("WF001", "3:1", "binary"),
    "flows/empty.yaml": ("WF002", "1:1", "empty file"),
    "flows/deep.yaml": ("WF001", "2:207", "nesting deeper than 200"),
    "flows/bomb.yaml": ("WF001", "7:8", "alias bomb"),  # 9**6 > 100,000 nodes
    "flows/huge.yaml": ("WF001", "1:1", "over the max-file-size"),
    "flows/ok.yaml": ("WF101", "9:3", "unreachable"),
}


def test_every_hostile_file_is_reported_and_the_run_goes_on(project) -> None:
    root = project(hostile_files())
    with open(root / "flows/huge.yaml", "wb") as handle:  # 50 MB, sparse
        handle.write(b"lintkit: 1\n")
        handle.truncate(50 * 1024 * 1024)

    result = run("check", root, "--format", "json")

    assert result.code == 1, result.err
    assert "Traceback" not in result.err and result.err == ""
    found = {d["path"]: d for d in result.json["diagnostics"]}
    assert sorted(found) == sorted(EXPECTED), result.json["diagnostics"]
    assert len(result.json["diagnostics"]) == len(EXPECTED), "one diagnostic per file"
    for path, (code, where, words) in EXPECTED.items():
        d = found[path]
        assert (d["code"], f"{d['line']}:{d['column']}") == (code, where), d
        assert words in d["message"], d["message"]


def test_text_output_names_file_line_and_column(project) -> None:
    root = project({"lintkit.toml": "", "flows/tabs.yaml": "lintkit: 1\nsteps:\n\tsend: {}\n"})
    result = run("check", root / "flows/tabs.yaml", "--concise")
    assert result.code == 1
    assert "flows/tabs.yaml:3:1: error[WF001] tab character" in result.out


def test_files_that_are_not_workflows_are_ignored_silently(project) -> None:
    root = project(
        {
            ".github/workflows/ci.yml": "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n",
            "config/broken.yaml": "a: [1,\n",  # broken, but nothing says it is a workflow
            "data/blob.yaml": b"\x00\x01\x02",
            "package.json": '{"name": "x"}',
        }
    )
    result = run("check", root, "--format", "json")
    assert (result.code, result.json["diagnostics"]) == (0, [])


def _drop_file_read_override() -> list[str] | None:
    """A command prefix under which even root obeys file permissions."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_unreadable_file_is_reported(project) -> None:
    prefix = _drop_file_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: root reads any file")
    root = project({"flows/locked.yaml": GOOD_WITH_FINDING, "flows/ok.yaml": GOOD_WITH_FINDING})
    locked = root / "flows/locked.yaml"
    locked.chmod(0)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "lintkit", "check", str(root), "--concise"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        locked.chmod(0o644)
    assert done.returncode == 1, done.stderr
    assert "flows/locked.yaml:1:1: error[WF001] cannot read file: permission denied" in done.stdout
    assert "flows/ok.yaml:9:3: warning[WF101]" in done.stdout
    assert "Traceback" not in done.stderr


def test_yaml_that_is_valid_but_strange_still_loads(project) -> None:
    root = project(
        {
            "flow.yaml": """\
            # anchors, merge keys, flow style and a BOM-free CRLF-free file
            lintkit: 1
            workflow: welcome
            base: &message {type: message, channel: email}
            steps:
              send:
                <<: *message
                template: welcome
                next: done
              done: {type: exit}
            """
        }
    )
    result = run("check", root, "--format", "json")
    messages = [d["message"] for d in result.json["diagnostics"]]
    # `base` is not a native key: the only finding is that one, at its key.
    assert result.found == ["flow.yaml:4:1 WF002"], messages
    assert "unknown key 'base'" in messages[0]
