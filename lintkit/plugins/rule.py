"""The Rule base class: what a rule declares and the one method it implements.

A rule is one class in one file. Its docstring is its explanation (Markdown with
the sections "What it does", "Why is this bad?", "How to fix"); it carries its own
bad and good examples, which the test suite runs and the docs render. Rules are
found through the ``lintkit.rules`` entry-point group, built-in or third-party.

Each rule implements the ``check_*`` method of its scope:

======== ======================= =================================================
scope    method                  receives
======== ======================= =================================================
file     ``check_file``          a ``FileResult`` (load problems of one file)
workflow ``check_workflow``      one ``Workflow`` graph (nested graphs too)
module   ``check_module``        one code module's facts (``ModuleFacts``), in
                                 any language: Python, Go, TypeScript...
project  ``check_project``       the ``Project``: every workflow and module
report   ``check_report``        the run's suppressions after they were applied,
                                 and the codes of the selected rules
======== ======================= =================================================

A module rule sees every language's modules alike; one about a single language
tests the module's path (``module.path.endswith(".go")``, or
``lintkit.code.extractor.extractor_for(module.path).name == "go"``, which knows
each language's suffixes) and returns early on the others.

A project rule runs on every run, also when pre-commit passes one changed file
of thousands, so it should read ``project.outlines`` (or ``project.index``,
built from them) for every file and ``project.files[path]`` (loaded on first
use) only for the few files it must see whole; ``project.asks(path)`` says
whether findings involving a file are reported at all.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from lintkit.core.types import Diagnostic, Fix, Location, Related, Severity
from lintkit.plugins.option import Option

if TYPE_CHECKING:
    from lintkit.code.model import ModuleFacts
    from lintkit.documents.suppressions import SuppressionUse
    from lintkit.project.load_file import FileResult
    from lintkit.project.outline import FileOutline
    from lintkit.project.view import Project
    from lintkit.workflow.ir import Workflow


class Scope(str, enum.Enum):
    FILE = "file"
    WORKFLOW = "workflow"
    MODULE = "module"
    PROJECT = "project"
    REPORT = "report"


@dataclass(frozen=True)
class Example:
    """Files that show a rule: ``bad`` ones must produce its diagnostic, good ones none.

    ``expect`` lists each diagnostic the rule must report, compactly: its position,
    ``"12:5"`` in the main (first) file or ``"app/x.py:3:1"`` in another one, then
    after a space a part of its message: ``"12:5 filtered out by 'still_eligible'"``.
    The positions must be exactly the reported ones; each message part must occur in
    the message reported there. Pick the words that say what went wrong and the names
    the example uses, not the whole sentence, so rewording the rest stays cheap.
    """

    files: Mapping[str, str]
    bad: bool
    expect: tuple[str, ...] = ()
    config: str = ""  # lintkit.toml text for this example's project
    title: str = ""

    @property
    def path(self) -> str:
        return next(iter(self.files))

    @property
    def source(self) -> str:
        return self.files[self.path]

    @property
    def expectations(self) -> list[tuple[str, str]]:
        """``expect`` as (position, message part) pairs; the part is "" when not given."""
        pairs = []
        for entry in self.expect:
            position, _, message = entry.partition(" ")
            pairs.append((position, message.strip()))
        return pairs


def _example(
    bad: bool,
    source: str,
    path: str,
    expect: Iterable[str],
    files: Mapping[str, str] | None,
    config: str,
    title: str,
) -> Example:
    all_files = {path: inspect.cleandoc(source) + "\n"}
    all_files.update({p: inspect.cleandoc(text) + "\n" for p, text in (files or {}).items()})
    return Example(all_files, bad, tuple(expect), inspect.cleandoc(config), title)


def bad(
    source: str,
    *,
    expect: Iterable[str] = (),
    path: str = "flow.yaml",
    files: Mapping[str, str] | None = None,
    config: str = "",
    title: str = "",
) -> Example:
    """An example the rule must report: ``expect=["12:5 part of the message", ...]``."""
    return _example(True, source, path, expect, files, config, title)


def good(
    source: str,
    *,
    path: str = "flow.yaml",
    files: Mapping[str, str] | None = None,
    config: str = "",
    title: str = "",
) -> Example:
    """An example the rule must stay silent on."""
    return _example(False, source, path, (), files, config, title)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    scope: ClassVar[Scope]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    default_enabled: ClassVar[bool] = True  # False: only an explicit select turns it on
    # Project rules that look at code facts say so; module rules always do.
    reads_code: ClassVar[bool] = False
    # A project rule: why it reads files beyond the paths asked about (`check
    # --verbose` says it), completing "CD101 ...".
    project_reads: ClassVar[str] = "compares files across the project"
    options: ClassVar[tuple[Option, ...]] = ()
    examples: ClassVar[tuple[Example, ...]] = ()
    # Older codes (or names) that still select, ignore and suppress this rule: a code
    # that was split into several rules, or renamed, keeps working in configurations
    # and `# lintkit: ignore[...]` comments. A rule's own code always wins over an alias.
    aliases: ClassVar[tuple[str, ...]] = ()
    # Words of this rule's messages that a workflow's format may say its own way:
    # key -> the native format's wording, `{name}` placeholders filled by `phrase`.
    # A dialect overrides them by rule code (``Workflow.phrases``); "" means the
    # format has no such thing and the rule leaves that part out.
    phrases: ClassVar[Mapping[str, str]] = {}

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings: Mapping[str, Any] = settings or {}

    # -- metadata ------------------------------------------------------------
    @classmethod
    def explanation(cls) -> str:
        """The rule's docstring: what it does, why it matters, how to fix."""
        return inspect.cleandoc(cls.__doc__ or "")

    def option(self, name: str) -> Any:
        if name in self.settings:
            return self.settings[name]
        for opt in self.options:
            if opt.name == name:
                return opt.default
        raise KeyError(f"{self.code} reads option {name!r} it does not declare")

    def phrase(self, workflow: Workflow, key: str, /, **values: object) -> str:
        """This rule's ``key`` phrase as ``workflow``'s format says it, placeholders filled."""
        said = workflow.phrases.get(self.code, {}).get(key)
        return workflow.terms.fill(self.phrases[key] if said is None else said, **values)

    # -- building diagnostics -------------------------------------------------
    def diagnostic(
        self,
        location: Location,
        message: str,
        *,
        related: Iterable[Related] = (),
        help: str = "",
        severity: Severity | None = None,
        involves: Iterable[str] = (),
        counterexample: dict[str, Any] | None = None,
        subject: Mapping[str, Any] | None = None,
        fix: Fix | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            location=location,
            related=tuple(related),
            help=help,
            counterexample=counterexample,
            subject=subject,
            involves=tuple(sorted(set(involves))),
            fix=fix,
        )

    # -- one of these, per scope ---------------------------------------------
    def check_file(self, file: FileResult) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def check_workflow(self, workflow: Workflow) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def check_module(self, module: ModuleFacts) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def check_project(self, project: Project) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def involves_others(self, outline: FileOutline) -> bool:
        """Whether a finding of this project rule about the file ``outline`` may depend
        on other files: checking that file alone then loads the whole project. The
        default says yes; a rule that knows which files it reads says when."""
        return True

    def check_report(
        self, uses: list[SuppressionUse], selected: frozenset[str]
    ) -> Iterable[Diagnostic]:
        raise NotImplementedError


class ProblemRule(Rule):
    """Reports the load problems of one kind ("syntax", "schema"...) as diagnostics."""

    scope = Scope.FILE
    problem_kind: ClassVar[str]

    def check_file(self, file: FileResult) -> Iterable[Diagnostic]:
        for problem in file.problems:
            if problem.kind == self.problem_kind:
                yield self.diagnostic(
                    problem.location,
                    problem.message,
                    related=problem.related,
                    help=problem.help,
                    severity=problem.severity,
                    fix=problem.fix,
                )


BUILTIN_RULES_PACKAGE = "lintkit_rules"


def is_builtin(rule: type[Rule]) -> bool:
    """Whether lintkit ships the rule (and the docs site has its page)."""
    return rule.__module__.split(".", 1)[0] == BUILTIN_RULES_PACKAGE


@dataclass
class RuleInfo:
    """A rule's metadata as plain data (``lintkit rules --format json``)."""

    code: str
    name: str
    scope: str
    severity: str
    summary: str
    default_enabled: bool
    options: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleInfo:
        return cls(
            rule.code,
            rule.name,
            rule.scope.value,
            rule.severity.value,
            rule.summary,
            rule.default_enabled,
            [
                {"name": o.name, "default": o.default, "type": o.type, "doc": o.doc}
                for o in rule.options
            ],
        )
