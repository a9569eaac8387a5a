"""A third-party rule package registers through the same entry points as ours."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PLUGIN = Path(__file__).parent / "plugin_example"
FLOW = """\
lintkit: 1
workflow: w
steps:
  send: {type: message, channel: email, template: t, next: done}
  done: {type: exit}
"""


def test_installed_plugin_rule_runs_and_is_selectable(tmp_path: Path) -> None:
    target = tmp_path / "site"
    source = shutil.copytree(PLUGIN, tmp_path / "plugin")  # builds write beside the source
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    project = tmp_path / "repo"
    project.mkdir()
    (project / "lintkit.toml").write_text("")
    (project / "flow.yaml").write_text(FLOW)
    env = {**os.environ, "PYTHONPATH": str(target)}

    def lintkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lintkit", *args], capture_output=True, text=True, env=env
        )

    listed = json.loads(lintkit("rules", "--format", "json").stdout)
    assert "EX001" in {r["code"] for r in listed}
    found = json.loads(lintkit("check", str(project), "--format", "json").stdout)
    assert [(d["code"], d["line"], d["column"]) for d in found["diagnostics"]] == [("EX001", 4, 3)]
    ignored = json.loads(
        lintkit("check", str(project), "--format", "json", "--ignore", "undescribed-message").stdout
    )
    assert ignored["diagnostics"] == []
    assert "undescribed-message" in lintkit("explain", "EX001").stdout
    # SARIF describes the plugin's rule, without pointing at lintkit's docs site
    sarif = json.loads(lintkit("check", str(project), "--format", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["EX001"]["help"]["markdown"].startswith("# EX001 undescribed-message")
    assert "helpUri" not in rules["EX001"]
    assert rules["WF101"]["helpUri"].endswith("/rules/WF101/")


# Plugins as a fake distribution: a dist-info directory with entry_points.txt on
# PYTHONPATH is all importlib.metadata needs to find them (no build, no pip).
DIST = "lintkit-odd-plugins"

DIALECTS = '''
from lintkit.plugins.dialect import Dialect


class Broken:
    def __init__(self):
        raise RuntimeError("no config for the odd format")


class Swallow(Dialect):
    """Claims every native workflow and reads none of it."""

    name = "swallow"
    priority = PRIORITY

    def sniff(self, path, text):
        return "lintkit:" in text

    def claims(self, doc):
        return isinstance(doc.data, dict) and "lintkit" in doc.data

    def load(self, doc, settings):
        return [], []
'''

REPORTERS = """
class Shout:
    description = "findings in capitals"

    def __init__(self, **options):
        pass

    def render(self, report, out):
        for d in report.diagnostics:
            out.write(d.message.upper() + "\\n")


class NotAReporter:
    def __init__(self, **options):
        pass
"""

RULES = '''
from lintkit.plugins.rule import Rule, Scope


class Impostor(Rule):
    """Claims a built-in code."""

    code = "WF101"
    name = "impostor"
    scope = Scope.WORKFLOW
    summary = "takes the code of a built-in rule"

    def check_workflow(self, workflow):
        return []


class Namesake(Rule):
    """Claims a built-in name."""

    code = "OD002"
    name = "unreachable-step"
    scope = Scope.WORKFLOW
    summary = "takes the name of a built-in rule"

    def check_workflow(self, workflow):
        return []
'''

ENTRY_POINTS = """\
[lintkit.dialects]
broken = odd_missing_module:Dialect
unbuildable = odd_dialects:Broken
swallow = odd_dialects:Swallow

[lintkit.reporters]
shout = odd_reporters:Shout
nothing = odd_reporters:NotAReporter
gone = odd_missing_module:Reporter

[lintkit.rules]
OD001 = odd_rules:Impostor
OD002 = odd_rules:Namesake
OD003 = odd_missing_module:Rule
"""

UNREACHABLE = """\
lintkit: 1
workflow: w
steps:
  start: {type: exit}
  orphan: {type: exit}
"""


def _fake_distribution(site: Path, priority: int) -> dict[str, str]:
    """The odd plugins installed under ``site``; the environment that sees them."""
    info = site / "lintkit_odd_plugins-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DIST}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    (site / "odd_dialects.py").write_text(DIALECTS.replace("PRIORITY", str(priority)))
    (site / "odd_reporters.py").write_text(REPORTERS)
    (site / "odd_rules.py").write_text(RULES)
    return {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}


def _lintkit(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lintkit", *map(str, args)], capture_output=True, text=True, env=env
    )


def _project(tmp_path: Path, config: str = "") -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "lintkit.toml").write_text(config)
    (root / "flow.yaml").write_text(UNREACHABLE)
    return root


def test_broken_plugins_are_blamed_and_the_run_goes_on(tmp_path: Path) -> None:
    env = _fake_distribution(tmp_path / "site", priority=0)
    root = _project(tmp_path)
    done = _lintkit(env, "check", root, "--format", "json", "--report", f"gone={tmp_path}/x")
    assert done.returncode == 2
    report = json.loads(done.stdout)
    # the built-in rule keeps its code, and the native dialect (higher priority) reads the file
    assert [(d["code"], d["name"], d["line"]) for d in report["diagnostics"]] == [
        ("WF101", "unreachable-step", 5)
    ]
    errors = [e["message"] for e in report["errors"]]
    by = f"from {DIST} 1.0"
    assert errors == [
        f"rule plugin OD001 (odd_rules:Impostor) {by}: Impostor is refused: code WF101 is taken"
        " by lintkit's built-in rule WF101 unreachable-step"
        " (lintkit_rules.workflow.wf101_unreachable_step)",
        f"rule plugin OD002 (odd_rules:Namesake) {by}: Namesake is refused: name"
        " 'unreachable-step' is taken by lintkit's built-in rule WF101 unreachable-step"
        " (lintkit_rules.workflow.wf101_unreachable_step)",
        f"rule plugin OD003 (odd_missing_module:Rule) {by} failed to load:"
        " ModuleNotFoundError: No module named 'odd_missing_module'",
        f"dialect plugin broken (odd_missing_module:Dialect) {by} failed to load:"
        " ModuleNotFoundError: No module named 'odd_missing_module'",
        f"dialect plugin unbuildable (odd_dialects:Broken) {by} failed to load:"
        " RuntimeError: no config for the odd format",
        f"reporter plugin gone (odd_missing_module:Reporter) {by} failed to load:"
        " ModuleNotFoundError: No module named 'odd_missing_module'",
    ]
    assert not (tmp_path / "x").exists()
    assert "please report this bug" not in done.stderr  # a plugin's fault, not lintkit's
    assert f"lintkit: {errors[0]}\n" in done.stderr


def test_a_plugin_format_is_offered_and_a_reporter_that_is_none_is_refused(
    tmp_path: Path,
) -> None:
    env = _fake_distribution(tmp_path / "site", priority=0)
    root = _project(tmp_path)
    assert "github | gone | json | markdown | nothing | sarif | shout | text" in " ".join(
        _lintkit(env, "check", "--help").stdout.split()
    )
    shouted = _lintkit(env, "check", root, "--format", "shout")
    assert shouted.stdout.startswith("STEP 'ORPHAN' IS UNREACHABLE")
    refused = _lintkit(env, "check", root, "--format", "nothing", "--report", f"json={tmp_path}/r")
    assert refused.returncode == 2 and refused.stdout == ""
    assert (
        f"lintkit: reporter plugin nothing (odd_reporters:NotAReporter) from {DIST} 1.0:"
        " <odd_reporters.NotAReporter object at" in refused.stderr
    )
    assert json.loads((tmp_path / "r").read_text())["diagnostics"][0]["code"] == "WF101"


def test_dialect_priority_decides_who_reads_a_document(tmp_path: Path) -> None:
    """A plugin dialect above the native one (priority 20) reads its documents."""
    env = _fake_distribution(tmp_path / "site", priority=25)
    found = json.loads(_lintkit(env, "check", _project(tmp_path), "--format", "json").stdout)
    assert found["diagnostics"] == []


def test_plugin_errors_come_before_a_config_error(tmp_path: Path) -> None:
    env = _fake_distribution(tmp_path / "site", priority=0)
    root = _project(tmp_path, config='select = ["OD003"]\n')
    done = _lintkit(env, "check", root)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[2].startswith("lintkit: rule plugin OD003 (odd_missing_module:Rule)")
    assert lines[-1].startswith("lintkit: error: ") and "unknown rule 'OD003'" in lines[-1]
    assert len(lines) == 5 + 1  # each plugin that failed to load, then the config error


_READERS = """
import json, sys
from importlib.metadata import entry_points
from lintkit.plugins import entrypoints

def plain(eps):
    return sorted([ep.group, ep.name, ep.value, ep.dist.name, ep.dist.version] for ep in eps)

every = entry_points()
scanned = entrypoints._scanned()
print(json.dumps({
    "importlib": {g: plain(every.select(group=g)) for g in every.groups},
    "lintkit": None if scanned is None else {g: plain(eps) for g, eps in scanned.items()},
}))
"""


def test_entry_points_are_read_as_importlib_metadata_reads_them(tmp_path: Path) -> None:
    # lintkit reads entry_points.txt itself (importlib.metadata is slow to import):
    # the same entry points, from the same distributions, as importlib.metadata sees,
    # with a plugin on PYTHONPATH and a second copy of it further down the path
    # (the first on the path wins).
    env = _fake_distribution(tmp_path / "site", priority=5)
    later = tmp_path / "later" / "lintkit_odd_plugins-2.0.dist-info"
    later.mkdir(parents=True)
    (later / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DIST}\nVersion: 2.0\n")
    (later / "entry_points.txt").write_text("[lintkit.rules]\nXX999 = nowhere:Nothing\n")
    env["PYTHONPATH"] += os.pathsep + str(tmp_path / "later")
    done = subprocess.run(
        [sys.executable, "-c", _READERS], capture_output=True, text=True, env=env, check=True
    )
    read = json.loads(done.stdout)
    assert read["lintkit"] == read["importlib"]
    odd = [ep for eps in read["lintkit"].values() for ep in eps if ep[3] == DIST]
    assert odd and all(ep[4] == "1.0" for ep in odd)
    assert any(ep[1] == "WF001" for ep in read["lintkit"]["lintkit.rules"])
