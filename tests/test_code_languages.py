"""A language plugs in beside Python through the `lintkit.languages` entry point:
the code rules and the project index read its facts, and the engine names it nowhere.

The toy language here is installed the way any distribution is found (a
dist-info directory with an entry_points.txt on the path), in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

# One function a line "fn NAME"; "  if TEST" in it is an `if` arm that records nothing.
TOY = """
from lintkit.code.extractor import Extracted
from lintkit.code.model import EligibleBranch, Function, ModuleFacts
from lintkit.core.types import Location, Problem


class ToyExtractor:
    name = "toy"
    title = "Toy"
    suffixes = (".toy",)
    syntax_kind = "toy-syntax"
    options = ()

    def extract(self, path, data, settings):
        functions, branches, current = [], [], None
        for number, line in enumerate(data.decode().splitlines(), 1):
            if line.startswith("fn "):
                current = line[3:]
                at = Location(path, number, 4, number, 4 + len(current))
                functions.append(Function(current, current, at, at, None, False, (), ()))
            elif line.startswith("  if ") and settings.eligibility.search(line):
                test = line[5:]
                at = Location(path, number, 6, number, 6 + len(test))
                arm = Location(path, number + 1, 1)
                branches.append(EligibleBranch(test, at, "if", arm, current, False, None, True))
            elif line.strip() == "(":
                problem = Problem("toy-syntax", "unclosed", Location(path, number, 1))
                return Extracted(None, (problem,))
        module = path[: -len(".toy")].replace("/", ".")
        facts = ModuleFacts(
            path=path, module=module, functions=tuple(functions), classes=(), imports=(),
            constants=(), calls=(), emits=(), secret_reads=(),
            eligible_branches=tuple(branches), call_bypasses=(),
        )
        return Extracted(facts)

    def module_namer(self, paths):
        def names(path):
            name = path[: -len(".toy")].replace("/", ".")
            return name, (name,)

        return names
"""
FLOW = """\
lintkit: 1
workflow: retention
steps:
  offer:
    type: action
    handler: "{handler}"
    next: done
  done:
    type: exit
"""


def install(site: Path, entry: str, module: str | None) -> None:
    dist = site / "toy_lang-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-lang\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[lintkit.languages]\ntoy = {entry}\n")
    if module is not None:
        (site / "toy_lang.py").write_text(module)


def lintkit(site: Path, root: Path, *args: str) -> tuple[int, Any, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", "check", str(root), "--format", "json", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    return done.returncode, json.loads(done.stdout), done.stderr


def project(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"lintkit.toml": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(dedent(text))
    return root


def found(report: Any) -> list[tuple[str, str, int, int]]:
    return [(d["code"], d["path"], d["line"], d["column"]) for d in report["diagnostics"]]


def test_a_language_plugin_feeds_the_code_rules_and_the_index(tmp_path: Path) -> None:
    install(tmp_path / "site", "toy_lang:ToyExtractor", TOY)
    source = "fn get_offer\n  if result.eligible\n    give offer\nfn other\n"
    root = project(
        tmp_path / "repo",
        {
            "app/retention.toy": source,
            "flow.yaml": FLOW.format(handler="app.retention:get_offr"),
        },
    )
    code, report, err = lintkit(tmp_path / "site", root, "--select", "CD101,XR103")
    assert code == 1, err
    assert found(report) == [
        ("CD101", "app/retention.toy", 2, 6),
        ("XR103", "flow.yaml", 6, 14),
    ]
    assert "get_offer" in report["diagnostics"][1]["message"]  # did-you-mean, from the toy index

    (root / "flow.yaml").write_text(FLOW.format(handler="app.retention:get_offer"))
    (root / "app/retention.toy").write_text("fn get_offer\n  if result.pending\nfn other\n")
    code, report, err = lintkit(tmp_path / "site", root, "--select", "CD101,XR103")
    assert (code, found(report)) == (0, []), err


def test_a_language_plugin_that_fails_to_load_is_named_and_python_still_runs(
    tmp_path: Path,
) -> None:
    install(tmp_path / "site", "toy_lang_missing:ToyExtractor", None)
    root = project(
        tmp_path / "repo",
        {"app/bad.py": "def f(:\n    pass\n", "app/x.toy": "fn f\n"},
    )
    code, report, _ = lintkit(tmp_path / "site", root, "--select", "PY001")
    assert code == 2
    assert found(report) == [("PY001", "app/bad.py", 1, 7)]
    assert any("language plugin toy" in e["message"] for e in report["errors"]), report["errors"]


def test_a_language_plugin_that_declares_too_little_is_named_and_skipped(tmp_path: Path) -> None:
    install(tmp_path / "site", "toy_lang:ToyExtractor", TOY.replace('    title = "Toy"\n', ""))
    root = project(tmp_path / "repo", {"app/x.toy": "fn f\n  if result.eligible\n"})
    code, report, _ = lintkit(tmp_path / "site", root, "--select", "CD101")
    assert (code, found(report)) == (2, [])
    errors = [e["message"] for e in report["errors"]]
    assert any("language plugin toy" in e and "does not declare title" in e for e in errors)
