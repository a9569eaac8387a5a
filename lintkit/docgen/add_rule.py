"""Scaffold a new built-in rule (a developer tool, run from a lintkit checkout)::

    python -m lintkit.docgen.add_rule --code WF208 --name some-pattern --scope workflow

writes rules/<family>/<code>_<name>.py (docstring sections, a bad and a good example
to fill in, the ``check_*`` method of its scope), adds its entry point to
pyproject.toml, and writes its docs page and the rule index. The family folder is
the one of the rules that share the code's letters (``--family`` for a new one);
the examples are in the family's format (Step Functions, n8n and PostHog families
get a definition of their dialect, Go and TypeScript a module of their language).
Then ``pip install -e .`` registers the entry point, and the new rule's examples
run as tests: its bad example fails until the rule reports it.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from typing import NamedTuple

from lintkit.docgen.rule_page import render_rule
from lintkit.docgen.site import rule_index
from lintkit.plugins.registry import load_rules
from lintkit.plugins.rule import Rule, Scope, is_builtin

ENTRY_POINTS = '[project.entry-points."lintkit.rules"]'
_CODE = re.compile(r"^([A-Z]{2,4})[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_ENTRY = re.compile(r'^([A-Z]{2,4}[0-9]{3}) = "lintkit_rules\.(\w+)\.(\w+):(\w+)"$', re.MULTILINE)


class Stub(NamedTuple):
    """What a family's example stubs look like: the file's path, its text (``{todo}``
    is where each says what to replace it with: a comment, or in JSON a field the
    format ignores), and the bad example's placeholder position (the first step of a
    workflow, the secret read of a module)."""

    path: str
    text: str
    position: str


_NATIVE = Stub(
    "flow.yaml",
    """
            # {todo}
            lintkit: 1
            workflow: example
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: done
              done:
                type: exit
            """,
    "5:3",
)
# A workflow's examples are in the format of its family's dialect; any other
# family (workflow/, crossfile/, a new one) writes lintkit's own.
_WORKFLOW_STUBS = {
    "stepfunctions": Stub(
        "machine.asl.json",
        """
            {
              "Comment": "{todo}",
              "StartAt": "Save",
              "States": {
                "Save": {"Type": "Pass", "Next": "Done"},
                "Done": {"Type": "Succeed"}
              }
            }
            """,
        "5:5",
    ),
    "n8n": Stub(
        "workflow.json",
        """
            {
              "name": "{todo}",
              "nodes": [
                {"name": "Webhook", "type": "n8n-nodes-base.webhook", "parameters": {}},
                {"name": "Done", "type": "n8n-nodes-base.noOp", "parameters": {}}
              ],
              "connections": {
                "Webhook": {"main": [[{"node": "Done", "type": "main", "index": 0}]]}
              }
            }
            """,
        "4:14",
    ),
    "hogflow": Stub(
        "flow.hogflow.json",
        """
            {
              "name": "{todo}",
              "trigger": {"type": "event", "filters": {"events": [{"id": "signed_up"}]}},
              "actions": [
                {"id": "trigger", "type": "trigger", "config": {"type": "event", "filters": {}}},
                {"id": "wait", "type": "delay", "config": {"delay_duration": "2d"}},
                {"id": "exit", "type": "exit", "config": {}}
              ],
              "edges": [
                {"from": "trigger", "to": "wait", "type": "continue"},
                {"from": "wait", "to": "exit", "type": "continue"}
              ]
            }
            """,
        "6:12",
    ),
}
_PYTHON = Stub(
    "app/module.py",
    """
            # {todo}
            import os

            KEY = os.environ["API_KEY"]
            """,
    "4:7",
)
# A module rule reads every language's facts; its examples are in its family's
# language, Python for the others (code/, python/, a new one).
_MODULE_STUBS = {
    "go": Stub(
        "app/main.go",
        """
            // {todo}
            package main

            import "os"

            var key = os.Getenv("API_KEY")
            """,
        "6:11",
    ),
    "typescript": Stub(
        "app/module.ts",
        """
            // {todo}
            export const key = process.env.API_KEY;
            """,
        "2:20",
    ),
}
# What each stub says until it is replaced: the two differ, as a rule's bad and
# good examples must (the good one shows the bad one fixed).
BAD_TODO = "TODO: replace with an example of what the rule reports"
GOOD_TODO = "TODO: replace with the bad example, fixed"
# scope -> what the TODO of its method adds: when the rule is a ProblemRule instead
_HINTS = {
    Scope.FILE: """
        # A rule that reports one kind of the problems a dialect's loader or checker
        # found is a ProblemRule, with no method (docs/writing-a-rule.md).""",
    Scope.WORKFLOW: """
        # A check that needs a field's value as written (the IR keeps where a step's
        # fields are, not their values) goes in the dialect's checker, reported by a
        # ProblemRule (docs/writing-a-rule.md).""",
    Scope.MODULE: """
        # It gets every code module, Python, Go and TypeScript alike; a rule about one
        # language returns early on the others (docs/writing-a-rule.md).""",
}
# scope -> (the check method and what it receives, the imports the method needs)
_SCOPES = {
    Scope.FILE: (
        "def check_file(self, file: FileResult) -> Iterator[Diagnostic]:",
        "from lintkit.project.load_file import FileResult",
    ),
    Scope.WORKFLOW: (
        "def check_workflow(self, workflow: Workflow) -> Iterator[Diagnostic]:",
        "from lintkit.workflow.ir import Workflow",
    ),
    Scope.MODULE: (
        "def check_module(self, module: ModuleFacts) -> Iterator[Diagnostic]:",
        "from lintkit.code.model import ModuleFacts",
    ),
    Scope.PROJECT: (
        "def check_project(self, project: Project) -> Iterator[Diagnostic]:",
        "from lintkit.project.view import Project",
    ),
}


def stub(scope: Scope, family: str) -> Stub:
    """The example stub of a rule of ``scope`` in the family folder ``family``."""
    if scope is Scope.MODULE:
        return _MODULE_STUBS.get(family, _PYTHON)
    return _WORKFLOW_STUBS.get(family, _NATIVE)


_IMPORTS = (
    "from lintkit.core.types import Diagnostic, Severity",
    "from lintkit.plugins.rule import Rule, Scope, bad, good",
)
TEMPLATE = '''from collections.abc import Iterator

{imports}


class {cls}(Rule):
    """
    ## What it does
    TODO: what the rule finds, in a sentence or two.

    ## Why is this bad?
    TODO: what goes wrong, and for whom, when this ships.

    ## How to fix
    TODO: the change that makes the finding go away.
    """

    code = "{code}"
    name = "{name}"
    summary = "{summary}"
    scope = Scope.{scope}
    severity = Severity.WARNING
    examples = (
        bad(
            """{bad}""",
            path="{path}",
            expect=["{position} TODO words of the message"],
        ),
        good(
            """{good}""",
            path="{path}",
        ),
    )

    {method}
        # TODO: yield self.diagnostic(location, message) for each finding; the
        # location comes from what the method receives, never from searching text.{hint}
        yield from ()
'''


class ScaffoldError(ValueError):
    pass


def class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def module_name(code: str, name: str) -> str:
    return f"{code.lower()}_{name.replace('-', '_')}"


def _family(code: str, pyproject: str, family: str | None) -> str:
    if family:
        return family
    prefix = _CODE.match(code).group(1)  # type: ignore[union-attr]  # validated
    families = {
        folder for other, folder, _, _ in _ENTRY.findall(pyproject) if other.startswith(prefix)
    }
    if len(families) != 1:
        raise ScaffoldError(f"no family has {prefix} codes yet: name its folder with --family")
    return families.pop()


def _add_entry_point(pyproject: str, line: str, code: str) -> str:
    """The entry point inserted among those of its letters, in code order (comments kept)."""
    start = pyproject.index(ENTRY_POINTS) + len(ENTRY_POINTS) + 1
    end = pyproject.find("\n[", start)
    end = len(pyproject) if end < 0 else end + 1
    entries = pyproject[start:end].rstrip("\n").split("\n")
    prefix = _CODE.match(code).group(1)  # type: ignore[union-attr]  # validated
    kin = [i for i, e in enumerate(entries) if (m := _ENTRY.match(e)) and m[1][:-3] == prefix]
    later = [i for i in kin if entries[i] > line]
    at = later[0] if later else (kin[-1] + 1 if kin else len(entries))
    entries.insert(at, line)
    return pyproject[:start] + "\n".join(entries) + "\n\n" + pyproject[end:].lstrip("\n")


def _load(path: Path, dotted: str, cls: str) -> type[Rule]:
    spec = importlib.util.spec_from_file_location(dotted, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule: type[Rule] = getattr(module, cls)
    return rule


def _checkout_rules(root: Path, pyproject: str) -> list[type[Rule]]:
    """The built-in rules ``pyproject.toml`` names: the installed class, or one loaded
    from its file when its entry point is not registered yet (a rule scaffolded
    since the last ``pip install -e .``), so that one stays in the index too."""
    installed = {r.code: r for r in load_rules().rules.values() if is_builtin(r)}
    found = []
    for code, folder, stem, cls in _ENTRY.findall(pyproject):
        rule = installed.get(code)
        if rule is None:
            source = root / "rules" / folder / f"{stem}.py"
            if not source.is_file():
                raise ScaffoldError(f"pyproject.toml names {code} in {source}, which is missing")
            rule = _load(source, f"lintkit_rules.{folder}.{stem}", cls)
        found.append(rule)
    return found


def add_rule(
    root: Path, code: str, name: str, scope: Scope, summary: str, family: str | None = None
) -> list[Path]:
    """Write the rule, its entry point and its docs page under ``root``; the paths written."""
    if not _CODE.match(code):
        raise ScaffoldError(f"{code!r} is not a rule code (two to four capitals, three digits)")
    if not _NAME.match(name):
        raise ScaffoldError(f"{name!r} is not a kebab-case name")
    if scope not in _SCOPES:
        raise ScaffoldError(f"scaffolding knows the scopes {', '.join(s.value for s in _SCOPES)}")
    pyproject_path = root / "pyproject.toml"
    pyproject = pyproject_path.read_text(encoding="utf-8")
    if ENTRY_POINTS not in pyproject:
        raise ScaffoldError(f"{root} is not a lintkit checkout (no {ENTRY_POINTS} table)")
    known = _checkout_rules(root, pyproject)
    taken = {r.code for r in known}
    if code in taken or name in {r.name for r in known}:
        raise ScaffoldError(f"{code if code in taken else name} is taken by another rule")

    folder = _family(code, pyproject, family)
    stem, cls = module_name(code, name), class_name(name)
    method, imports = _SCOPES[scope]
    example = stub(scope, folder)
    source = root / "rules" / folder / f"{stem}.py"
    if source.exists():
        raise ScaffoldError(f"{source} exists")
    written = []
    if not source.parent.is_dir():
        source.parent.mkdir(parents=True)
        (source.parent / "__init__.py").write_text("")
        written.append(source.parent / "__init__.py")
    source.write_text(
        TEMPLATE.format(
            imports="\n".join(sorted([*_IMPORTS, imports])),
            cls=cls,
            code=code,
            name=name,
            summary=summary,
            scope=scope.name,
            bad=example.text.replace("{todo}", BAD_TODO),
            good=example.text.replace("{todo}", GOOD_TODO),
            path=example.path,
            position=example.position,
            method=method,
            hint=_HINTS.get(scope, ""),
        ),
        encoding="utf-8",
    )
    line = f'{code} = "lintkit_rules.{folder}.{stem}:{cls}"'
    # A new family's folder needs no package list: setup.py finds every folder of rules/.
    pyproject_path.write_text(_add_entry_point(pyproject, line, code), encoding="utf-8")
    # The entry point is registered by the next `pip install -e .`: load the new
    # rule from its file to write its page and the index now (the index lists the
    # rules pyproject.toml names, installed or not).
    rule = _load(source, f"lintkit_rules.{folder}.{stem}", cls)
    pages = root / "docs" / "rules"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / f"{code}.md").write_text(render_rule(rule), encoding="utf-8")
    everyone = sorted([*known, rule], key=lambda r: r.code)
    (pages / "index.md").write_text(rule_index(everyone), encoding="utf-8")
    return [*written, source, pyproject_path, pages / f"{code}.md", pages / "index.md"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lintkit.docgen.add_rule", description=__doc__.split("::")[0].strip()
    )
    parser.add_argument("--code", required=True, help="the new code, e.g. WF208")
    parser.add_argument("--name", required=True, help="kebab-case, e.g. some-pattern")
    parser.add_argument(
        "--scope",
        required=True,
        choices=[s.value for s in _SCOPES],
        help="what it checks: its check_* method (a report rule is written by hand)",
    )
    parser.add_argument(
        "--summary",
        default="TODO: what it reports, in a few words",
        help="what it reports, in a few words (`lintkit rules`, the rule index)",
    )
    parser.add_argument("--family", help="the rules/ folder (default: that of the code's letters)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the lintkit checkout")
    args = parser.parse_args(argv)
    try:
        written = add_rule(
            args.root, args.code, args.name, Scope(args.scope), args.summary, args.family
        )
    except ScaffoldError as error:
        print(f"add_rule: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(args.root) if path.is_relative_to(args.root) else path}")
    code = args.code.lower()
    print(
        "next: pip install -e . (registers the entry point); fill in the TODOs (the examples"
        f" too); python -m pytest -k {code}; python -m lintkit.docgen docs (the page shows"
        f" the docstring and examples); tests beyond the examples go in tests/rules/test_{code}.py"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
