"""The on-disk cache: same results warm as cold, never trusts what it didn't write."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run, run_stats

from lintkit.project.load_file import LoadSettings, load_workflow_file

REPO = Path(__file__).resolve().parents[1]

FLOW = """\
lintkit: 1
workflow: welcome-{n}
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  orphan_{n}:
    type: exit
  done:
    type: exit
"""


@pytest.fixture(autouse=True)
def signing_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _flows(project, count: int = 3, suffix: str = "yaml") -> Path:
    if suffix == "json":  # the same workflow, as JSON (read by another reader)
        return project({f"flows/f{n}.json": _json_flow(n) for n in range(count)})
    return project({f"flows/f{n}.yaml": FLOW.format(n=n) for n in range(count)})


def _json_flow(n: int) -> str:
    steps = {
        "send": {"type": "message", "channel": "email", "template": "welcome", "next": "done"},
        f"orphan_{n}": {"type": "exit"},
        "done": {"type": "exit"},
    }
    return json.dumps({"lintkit": 1, "workflow": f"welcome-{n}", "steps": steps}, indent=2)


def test_warm_run_reuses_results_and_equals_cold(project) -> None:
    root = _flows(project)
    cold = run("check", root, "--format", "json", "--verbose")
    warm = run("check", root, "--format", "json", "--verbose")
    assert warm.out == cold.out
    assert run_stats(cold.err) == {
        "cache hits": 0,
        "parsed": 3,
        "findings reused": 0,
        "full results read": 0,
        "head versions parsed": 0,
    }
    # WF202 reads the three whole: they all send the template `welcome`
    assert run_stats(warm.err) == {
        "cache hits": 3,
        "parsed": 0,
        "findings reused": 3,
        "full results read": 3,
        "head versions parsed": 0,
    }
    assert (root / ".lintkit_cache/.gitignore").read_text().endswith("*\n")


def test_an_edited_file_is_parsed_again(project) -> None:
    root = _flows(project)
    run("check", root)
    path = root / "flows/f1.yaml"
    path.write_text(FLOW.format(n=1).replace("  orphan_1:\n    type: exit\n", ""))
    os.utime(path, ns=(1, 1))  # even with an old mtime, the size differs
    result = run("check", root, "--format", "json", "--verbose")
    assert result.found == ["flows/f0.yaml:9:3 WF101", "flows/f2.yaml:9:3 WF101"]
    assert run_stats(result.err) == {
        "cache hits": 2,
        "parsed": 1,
        "findings reused": 2,
        "full results read": 2,
        "head versions parsed": 0,
    }


def test_same_size_new_content_is_caught_by_the_hash(project) -> None:
    root = _flows(project, 1)
    run("check", root)
    path = root / "flows/f0.yaml"
    stat = path.stat()
    path.write_text(FLOW.format(n=0).replace("orphan_0", "island_0"))  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    result = run("check", root, "--format", "json")
    assert "'island_0'" in result.json["diagnostics"][0]["message"]


def test_no_cache_writes_nothing(project) -> None:
    root = _flows(project)
    run("check", root, "--no-cache")
    assert not (root / ".lintkit_cache").exists()


def test_corrupt_or_truncated_cache_is_rebuilt(project) -> None:
    root = _flows(project)
    expected = run("check", root, "--format", "json").out
    database = root / ".lintkit_cache/results.sqlite"
    database.write_bytes(b"this is not a database" * 100)
    for leftover in database.parent.glob("results.sqlite-*"):
        leftover.unlink()
    again = run("check", root, "--format", "json", "--verbose")
    assert again.out == expected and again.code == 1
    assert run_stats(again.err)["parsed"] == 3
    assert run_stats(run("check", root, "--verbose").err)["cache hits"] == 3


def test_a_cache_of_another_layout_is_replaced(project) -> None:
    """An older lintkit's tables (no outline column) are dropped, not misread."""
    root = _flows(project, 1)
    (root / ".lintkit_cache").mkdir()
    with sqlite3.connect(root / ".lintkit_cache/results.sqlite") as db:
        db.execute(
            "CREATE TABLE results (path TEXT PRIMARY KEY, print TEXT, digest TEXT,"
            " size INT, mtime INT, blob BLOB)"
        )
        db.execute("INSERT INTO results VALUES ('flows/f0.yaml', 'x', 'y', 1, 1, x'00')")
    first = run("check", root, "--format", "json", "--verbose")
    assert first.found == ["flows/f0.yaml:9:3 WF101"]
    assert run_stats(first.err)["parsed"] == 1
    assert run_stats(run("check", root, "--verbose").err)["cache hits"] == 1


class _Planted:
    def __reduce__(self):
        return (Path.write_text, (Path(os.environ["PLANTED"]), "pwned"))


def test_a_planted_or_foreign_entry_is_never_unpickled(
    project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _flows(project, 1)
    run("check", root)
    marker = tmp_path / "marker"
    monkeypatch.setenv("PLANTED", str(marker))
    planted = b"\0" * 32 + pickle.dumps(_Planted())
    database = root / ".lintkit_cache/results.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE results SET outline = ?, blob = ?", (planted, planted))
    result = run("check", root, "--format", "json", "--verbose")
    assert not marker.exists()
    assert result.found == ["flows/f0.yaml:9:3 WF101"]
    assert run_stats(result.err)["parsed"] == 1
    # A planted full result behind a good outline, read when the findings must be
    # made again: not unpickled either, the file is loaded again instead.
    with sqlite3.connect(database) as db:
        db.execute("UPDATE results SET blob = ?", (planted,))
        db.execute("DELETE FROM findings")
    result = run("check", root, "--format", "json", "--verbose")
    assert not marker.exists()
    assert result.found == ["flows/f0.yaml:9:3 WF101"]
    assert run_stats(result.err)["findings reused"] == 0
    # Another user's (another key's) cache is foreign too.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    assert run_stats(run("check", root, "--verbose").err)["parsed"] == 1


def test_concurrent_runs_do_not_corrupt_it(project) -> None:
    root = _flows(project, 12)
    command = [sys.executable, "-m", "lintkit", "check", str(root), "--format", "json"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = {p.communicate(timeout=120)[0] for p in processes}
    assert len(outputs) == 1
    warm = run("check", root, "--format", "json", "--verbose")
    assert warm.out in outputs
    assert run_stats(warm.err)["cache hits"] == 12


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_parallel_parsing_gives_the_serial_result(project, suffix: str) -> None:
    """60 files to parse: two workers load them, and give what one process gives."""
    root = _flows(project, 60, suffix)
    serial = run("check", root, "--format", "json", "--no-cache", "--jobs", "1")
    parallel = run("check", root, "--format", "json", "--no-cache", "--jobs", "2")
    assert parallel.out == serial.out
    assert len(serial.json["diagnostics"]) == 60


DELAYED = """\
lintkit: 1
workflow: delayed
steps:
  hold:
    type: delay
    duration: 12h
    next: send
  send:
    type: message
    channel: email
    template: welcome
    next: done
  done:
    type: exit
"""


def test_reused_findings_follow_the_rules_and_their_options(project) -> None:
    root = project({"flow.yaml": DELAYED, "lintkit.toml": 'extend-select = ["WF207"]\n'})
    assert run("check", root, "--format", "json").found == ["flow.yaml:6:15 WF207"]
    (root / "lintkit.toml").write_text(
        'extend-select = ["WF207"]\n[monitoring]\nmax-delay = "1d"\n'
    )
    assert run("check", root, "--format", "json").found == []
    (root / "lintkit.toml").write_text("")
    result = run("check", root, "--format", "json", "--verbose")
    assert result.found == [] and run_stats(result.err)["findings reused"] == 0


DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def test_outlines_give_the_findings_full_results_give(tmp_path: Path) -> None:
    """A warm run reads outlines, not full results, for the cross-file rules: on the
    demo (every rule fires), whole and per file, warm equals cold."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".lintkit_cache"))
    cold = run("check", root, "--format", "json", "--no-cache")
    run("check", root)
    assert run("check", root, "--format", "json").out == cold.out
    involved = [
        "app/events.py",
        "app/retention.py",
        "app/settings.py",
        "deploy/secrets.json",
        "flows/posthog_credits.hogflow.json",
        "flows/retention_offer.yaml",
        "flows/startup_credits_backfill.yaml",
    ]
    for path in involved:
        expected = run("check", root / path, "--format", "json", "--no-cache")
        assert expected.json["diagnostics"] or path.endswith(("events.py", "secrets.json"))
        assert run("check", root / path, "--format", "json").out == expected.out, path


HANDLER = """\
import analytics


def start_{n}(user):
    analytics.track(user.id, "{event}")
"""

HANDLED = """\
lintkit: 1
workflow: flow-{n}
triggers:
  - event: started_{n}
steps:
  start:
    type: action
    handler: "app.m{n}:start_{n}"
    emits: [started_{n}]
    next: done
  done:
    type: exit
"""


def test_a_changed_file_needs_no_other_files_full_results(project) -> None:
    files = {f"app/m{n}.py": HANDLER.format(n=n, event=f"started_{n}") for n in range(30)}
    files.update({f"flows/f{n}.yaml": HANDLED.format(n=n) for n in range(30)})
    files["lintkit.toml"] = 'code = ["app"]\n'
    root = project(files)
    assert run("check", root).code == 0
    (root / "app/m7.py").write_text(HANDLER.format(n=7, event="begun_7"))
    warm = run("check", root / "app/m7.py", "--format", "json", "--verbose")
    # (XR101 too in a git repository, where the HEAD version shows m7 recorded it)
    assert warm.found == ["flows/f7.yaml:9:13 XR102"]
    assert run_stats(warm.err) == {
        "cache hits": 59,
        "parsed": 1,
        "findings reused": 0,
        "full results read": 0,
        "head versions parsed": 0,
    }
    cold = run("check", root / "app/m7.py", "--format", "json", "--no-cache")
    assert warm.out == cold.out
    # The changed file was parsed in another process while the outlines were read.
    # Once more from the start, parsed in this process (--jobs 1): the same findings.
    assert run("check", project(files)).code == 0  # the original files, cached again
    (root / "app/m7.py").write_text(HANDLER.format(n=7, event="begun_7"))
    serial = run("check", root / "app/m7.py", "--format", "json", "--jobs", "1", "--verbose")
    assert run_stats(serial.err)["parsed"] == 1
    assert serial.out == warm.out


@pytest.mark.parametrize(
    "name",
    [
        "cancellation.yaml",
        "n8n_export.json",
        "invoice.asl.json",
        "posthog_credits.hogflow.json",
    ],
)
def test_a_cached_workflow_comes_back_whole_and_names_its_dialects_wording(name: str) -> None:
    """What the cache and the workers pickle: every field back, the dialect's wording
    by name (the same objects, not copies), and nothing the rules computed on it."""
    path = f"examples/demo/flows/{name}"
    result = load_workflow_file(path, (REPO / path).read_bytes(), LoadSettings(), declared=False)
    assert result.workflows
    for workflow in result.workflows:
        assert workflow.reached_from_start  # a cached property, computed
        copy = pickle.loads(pickle.dumps(workflow, pickle.HIGHEST_PROTOCOL))
        for field in dataclasses.fields(workflow):
            assert repr(getattr(copy, field.name)) == repr(getattr(workflow, field.name))
        assert copy.terms is workflow.terms
        if name in ("n8n_export.json", "invoice.asl.json"):  # (others make them per workflow)
            assert copy.phrases is workflow.phrases
        assert "reached_from_start" not in vars(copy)
        assert copy.reached_from_start == workflow.reached_from_start
