"""discover -> load -> rules by scope -> ignores & suppressions -> sorted report.

The engine knows rules only through their scope; it never names one.
With target paths (pre-commit passes the changed files), the whole project is
still loaded so cross-file rules see everything, and the report keeps the
diagnostics located in a target or involving one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from lintkit.code.extractor import (
    CodeExtractor,
    code_suffixes,
    extractor_for,
    load_extractors,
)
from lintkit.config import Config
from lintkit.core.globs import matches
from lintkit.core.report import Report, either
from lintkit.core.types import Diagnostic, InternalError, Problem
from lintkit.docgen.rule_page import describe
from lintkit.documents.suppressions import SuppressionUse
from lintkit.plugins.dialect import Dialect, load_dialects
from lintkit.plugins.registry import Registry, plugin_errors
from lintkit.plugins.rule import Rule, Scope
from lintkit.project.cache import Cache, fingerprint
from lintkit.project.discovery import discover, unresolved_relative
from lintkit.project.file_rules import PER_FILE, apply, by_scope, crash, file_findings
from lintkit.project.git_head import deleted_files, load_head_versions
from lintkit.project.load_file import FileResult, LoadSettings
from lintkit.project.loading import Checking, Results, load_bytes, load_files
from lintkit.project.outline import FileOutline, ModuleOutline, outline_of
from lintkit.project.view import Project

# Reworks the kept findings with the whole project in view (check --deep).
Refine = Callable[[list[Diagnostic], Project], list[Diagnostic]]


class Progress(Protocol):
    """Shows how far a run is (the command line's progress bar)."""

    def start(self, total: int) -> Callable[[int], None]:
        """``total`` files will be read; the function is told each few read."""
        ...


def load_settings(config: Config, registry: Registry) -> LoadSettings:
    """Loading depends on every option's value, defaults included."""
    options = {name: opt.default for name, opt in registry.options().items()}
    options.update(config.options)
    return LoadSettings(
        max_file_size=config.max_file_size,
        options=tuple(sorted((k, _hashable(v)) for k, v in options.items())),
    )


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


class Targets:
    """The paths the user asked about; with none, the whole project.

    With file arguments, files deleted since git HEAD under the root count as
    asked about too: a commit that deletes the only emitter of an event takes
    part in the finding that the event is no longer emitted. ``changed``: the
    arguments are a commit's changed files (check --changed, as the pre-commit
    hook runs it); with none, the deleted files alone are asked about, so a
    commit that only deletes files is checked too, and one that changes nothing
    lintkit reads asks about nothing.
    """

    def __init__(self, root: Path, targets: Sequence[Path] | None, changed: bool = False) -> None:
        self.given = bool(targets) or changed
        self.files: set[str] = set()
        self.dirs: list[str] = []
        for target in targets or ():
            rel = unresolved_relative(root, target)
            if target.is_dir():
                self.dirs.append("" if rel == "." else rel + "/")
            else:
                self.files.add(rel)
        if self.files:
            self.files.update(deleted_files(root))
        elif changed and not self.dirs:
            self.files.update(p for p in deleted_files(root) if p.endswith(_readable()))

    @property
    def nothing(self) -> bool:
        """Nothing is asked about (check --changed, with nothing changed)."""
        return self.given and not self.files and not self.dirs

    def __call__(self, path: str) -> bool:
        if not self.given:
            return True
        return path in self.files or any(path.startswith(d) for d in self.dirs)


def run(
    config: Config,
    registry: Registry,
    targets: Sequence[Path] | None = None,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
    refine: Refine | None = None,
    changed: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Lint the project; ``refine`` may rework the findings that survive
    suppression (``check --deep`` confirms them by simulation). ``changed``:
    ``targets`` are a commit's changed files (see ``Targets``). ``progress``
    is told how many files there are, then how many more are read."""
    rules = [
        cls(config.options)
        for cls in registry.select(config.select, config.extend_select, config.ignore)
    ]
    report = Report(
        config.root,
        rules=[describe(type(r)) for r in rules],
        fail_on=config.fail_on,
        languages={e.name: e.title for e in load_extractors()},
    )
    report.errors.extend(InternalError(message) for message in plugin_errors(registry))
    wanted = Targets(config.root, targets, changed)
    if wanted.nothing:
        return report
    reads_code = any(r.scope is Scope.MODULE or r.reads_code for r in rules)
    candidates, declared, unlisted = _candidates(config, targets, reads_code, rules, report)
    if wanted.given:
        candidates = _needed(candidates, wanted, rules, report)

    settings = load_settings(config, registry)
    readers: tuple[Dialect | CodeExtractor, ...] = (*load_dialects(), *load_extractors())
    plugins = tuple(sorted(f"{r.name}={type(r).__module__}" for r in readers))
    cache = _open_cache(config, settings, plugins) if use_cache else None
    try:  # open until the end: a cached file's full result is read on first use
        files = _Files(candidates, declared, settings, wanted, progress, unlisted)
        _lint(config, registry, rules, files, cache, report, jobs, refine)
    finally:
        if cache is not None:
            cache.close()
    if targets and not changed:  # a commit's files: those lintkit does not read are no news
        report.warnings.extend(_target_warnings(targets, report, config.root))
    return report


@dataclass
class _Files:
    candidates: list[str]  # every file to load
    declared: set[str]  # those that must be workflows
    settings: LoadSettings
    wanted: Targets  # those asked about
    progress: Progress | None = None
    # directories that could not be listed
    unlisted: dict[str, Problem] = field(default_factory=dict)


def _lint(
    config: Config,
    registry: Registry,
    rules: list[Rule],
    files: _Files,
    cache: Cache | None,
    report: Report,
    jobs: int | None,
    refine: Refine | None,
) -> Report:
    wanted = files.wanted
    project_rules = [rule for rule in rules if rule.scope is Scope.PROJECT]
    # Files named on the command line are loaded first; the rest of the project only
    # when a project rule's finding about them may depend on other files. A named
    # file that is not loaded (a deleted one, a secrets manifest) involves the rest.
    asked = [p for p in files.candidates if wanted(p)]
    alone = (
        wanted.given
        and wanted.files <= set(asked)
        and len(asked) < len(files.candidates)
        and not _code_involves_others(project_rules, asked)
    )
    # Worker processes run the per-file rules on the files reported on as they load them.
    per_file = [rule for rule in rules if rule.scope in PER_FILE]
    results, errors = load_files(
        config.root,
        asked if alone else files.candidates,
        files.declared,
        files.settings,
        cache=cache,
        jobs=jobs,
        stats=report.stats,
        progress=files.progress.start(len(files.candidates))
        if files.progress and not alone
        else None,
        checking=Checking(by_scope(per_file), frozenset(asked)),
    )
    if alone and _involve_others(project_rules, results.outlines.values()):
        rest = [p for p in files.candidates if not wanted(p)]
        more_stats: dict[str, int] = {}
        more, more_errors = load_files(
            config.root,
            rest,
            files.declared,
            files.settings,
            cache=cache,
            jobs=jobs,
            stats=more_stats,
            progress=files.progress.start(len(rest)) if files.progress else None,
        )
        results.merge(more)
        errors.extend(more_errors)
        report.stats.update(
            cache_hits=more_stats["cache_hits"],
            parsed=report.stats["parsed"] + more_stats["parsed"],
        )
    report.errors.extend(errors)
    for path, problem in files.unlisted.items():
        unlisted = FileResult(path, problems=[problem])
        results.add(path, unlisted, outline_of(unlisted))
    at_head = _head_versions(config.root, files, cache, report)
    return check_results(
        config,
        registry,
        rules,
        results,
        wanted,
        report,
        cache=cache,
        refine=refine,
        at_head=at_head,
    )


def check_results(
    config: Config,
    registry: Registry,
    rules: list[Rule],
    results: Results,
    wanted: Callable[[str], bool],
    report: Report,
    *,
    cache: Cache | None = None,
    refine: Refine | None = None,
    at_head: Mapping[str, FileResult] | None = None,
) -> Report:
    """Run ``rules`` on files already loaded and fill ``report`` with the findings
    on the files ``wanted`` (or involving one), suppressions applied. The language
    server calls it after replacing an edited file's result (no ``cache``: the
    findings cache is keyed by what is on disk)."""
    scoped = by_scope(rules)
    report.files = sorted(p for p in results if wanted(p))  # (workers send files in any order)
    report.claims = {path: _claim(outline) for path, outline in results.outlines.items()}
    if config.code is None:  # a `code` entry that matches nothing is told at discovery
        report.warnings.extend(_no_code(results.outlines, rules, report.languages))
    project = Project(
        config.root,
        results,
        config.options,
        at_head=dict(at_head or {}),
        outlines=results.outlines,
        asks=wanted,
    )
    found = _file_findings(report, results, scoped, cache, _rules_print(config, rules))
    for diagnostic in apply(scoped[Scope.PROJECT], "check_project", (project,), report.errors):
        if wanted(diagnostic.path) or any(wanted(p) for p in diagnostic.involves):
            found.append(diagnostic)

    found = _per_file_ignores(found, config, registry)
    uses = [SuppressionUse(s) for path in report.files for s in results.outlines[path].suppressions]
    kept, suppressed = _suppress(found, uses, registry)
    if refine is not None:
        try:
            kept = refine(kept, project)
        except Exception as err:  # keep the static findings as they were
            report.errors.append(crash(err))
    report.errors.extend(results.errors)
    report.stats["full_results_read"] = results.read
    selected = frozenset(r.code for r in rules)
    kept.extend(apply(scoped[Scope.REPORT], "check_report", (uses, selected), report.errors))
    unique = {(d.code, d.location, d.message): d for d in kept}
    report.diagnostics = sorted(unique.values(), key=Diagnostic.sort_key)
    report.suppressed = sorted(suppressed, key=Diagnostic.sort_key)
    return report


@dataclass
class LoadedProject:
    """A whole project loaded once, for a long-lived caller (the language server) that
    then replaces the results of edited files and checks again (``check_results``)."""

    config: Config
    rules: list[Rule]
    results: Results
    settings: LoadSettings
    declared: set[str]
    cache: Cache | None  # open while the results are used: it holds their full results


def load_project(config: Config, registry: Registry, report: Report) -> LoadedProject:
    """Discover and load every file of the project (from the cache where it can);
    the caller closes ``LoadedProject.cache``."""
    rules = [
        cls(config.options)
        for cls in registry.select(config.select, config.extend_select, config.ignore)
    ]
    reads_code = any(r.scope is Scope.MODULE or r.reads_code for r in rules)
    candidates, declared, _ = _candidates(config, None, reads_code, rules, report)
    settings = load_settings(config, registry)
    readers: tuple[Dialect | CodeExtractor, ...] = (*load_dialects(), *load_extractors())
    plugins = tuple(sorted(f"{r.name}={type(r).__module__}" for r in readers))
    cache = _open_cache(config, settings, plugins)
    results, errors = load_files(
        config.root, candidates, declared, settings, cache=cache, stats=report.stats
    )
    report.errors.extend(errors)
    return LoadedProject(config, rules, results, settings, declared, cache)


def _code_involves_others(rules: list[Rule], paths: list[str]) -> bool:
    """Whether a project rule needs the rest of the project for one of ``paths``
    because it is code (the code rules follow calls into other modules): known
    from the name, before the file is parsed. Then everything loads at once, and
    a changed module is parsed in another process while this one reads the other
    files' cached outlines (``loading._start``), instead of before them: that
    parse starts with importing libcst, about 0.25 s."""
    stand_ins = (
        FileOutline(path, None, module=_NO_FACTS._replace(path=path))
        for path in paths
        if extractor_for(path) is not None
    )
    return _involve_others(rules, stand_ins)


# A module outline with nothing in it, for asking a rule about a module by its name.
_NO_FACTS = ModuleOutline("", "", (), (), (), (), (), (), (), (), frozenset())


def _involve_others(rules: list[Rule], outlines: Iterable[FileOutline]) -> bool:
    """Whether a project rule's finding about one of these files may depend on others.
    A file no dialect or language reads (a secrets manifest) is read by a rule for
    what it says about the others."""
    return any(
        (outline.dialect is None and outline.module is None) or rule.involves_others(outline)
        for outline in outlines
        for rule in rules
    )


def _candidates(
    config: Config,
    targets: Sequence[Path] | None,
    reads_code: bool,
    rules: list[Rule],
    report: Report,
) -> tuple[list[str], set[str], dict[str, Problem]]:
    """(every file to load, root-relative and sorted; those that must be workflows;
    the directories that could not be listed)."""
    suffixes = _workflow_suffixes()
    code = code_suffixes() if reads_code else ()
    files = discover(config, suffixes, code=code)
    report.warnings.extend(_unmatched(config, files.unmatched, files.code, rules))
    candidates = {*files.workflows, *files.code}
    wanted_suffixes = (*suffixes, *code)
    for target in targets or ():
        if not target.is_dir():  # a file named on the command line outside the globs
            rel = unresolved_relative(config.root, target)
            if rel.endswith(wanted_suffixes) and not matches(rel, config.all_excludes):
                candidates.add(rel)
    return sorted(candidates), files.declared, files.unlisted


def _needed(candidates: list[str], wanted: Targets, rules: list[Rule], report: Report) -> list[str]:
    """With PATHS, the files the selected rules need: those under PATHS when every
    rule looks at one file at a time; the whole project when a project rule is
    selected (the note says which, and why)."""
    project = [r for r in rules if r.scope is Scope.PROJECT]
    inside = [path for path in candidates if wanted(path)]
    if not project:
        report.notes.append(
            f"read {len(inside)} of the project's {len(candidates)} files (those under PATHS):"
            " the selected rules look at one file at a time"
        )
        return inside
    why = "; ".join(f"{r.code} {r.project_reads}" for r in project)
    report.notes.append(
        f"read all {len(candidates)} files of the project, {len(inside)} of them under PATHS,"
        f" because project rules are selected: {why}"
    )
    return candidates


def _claim(outline: FileOutline) -> str:
    extractor = extractor_for(outline.path) if outline.module is not None else None
    if extractor is not None:
        return extractor.name
    # A file that does not parse is reported (WF001, PY001), not passed over.
    return outline.dialect or ("unparsed" if outline.problem_kinds else "")


def _no_code(
    outlines: Mapping[str, FileOutline], rules: list[Rule], languages: Mapping[str, str]
) -> list[str]:
    """Workflows name handlers or events of their code, but there is no code."""
    readers = sorted(r.code for r in rules if r.scope is Scope.MODULE or r.reads_code)
    if not readers or any(o.module is not None for o in outlines.values()):
        return []
    names_code = any(
        step.emits or (step.handler is not None and ":" in step.handler.value)
        for outline in outlines.values()
        for workflow in outline.workflows
        for step in workflow.steps
    )
    if not names_code:
        return []
    return [
        "the workflows name handlers or events of code, but no"
        f" {either(list(languages.values()))} file is in the project"
        f" (set `code`?): the {len(readers)} rules that read code ({', '.join(readers)})"
        " are in effect off"
    ]


def _unmatched(
    config: Config, unmatched: list[tuple[str, str]], code: list[str], rules: list[Rule]
) -> list[str]:
    """A configured glob or directory that matches nothing is most likely a typo."""
    where = config.source.name if config.source else "the configuration"
    warnings = []
    for setting, pattern in unmatched:
        text = f"{where}: `{setting}` entry {pattern!r} matches no file"
        if not any(c in pattern for c in "*?[") and not (config.root / pattern).exists():
            text += " (no such file or directory)"
        if setting == "code" and not code:
            readers = sorted(r.code for r in rules if r.scope is Scope.MODULE or r.reads_code)
            text += (
                f"; no Python code is read, so the {len(readers)} rules that read code"
                f" ({', '.join(readers)}) are in effect off"
            )
        warnings.append(text)
    return warnings


def _target_warnings(targets: Sequence[Path], report: Report, root: Path) -> list[str]:
    """A path named on the command line that lintkit reads nothing of."""
    claims, kinds = report.claims, report.readable()
    crashed = {error.path for error in report.errors}  # reported as an internal error already
    warnings = []
    for target in targets:
        rel = unresolved_relative(root, target)
        if rel in crashed:
            continue
        if target.is_dir():
            prefix = "" if rel == "." else rel + "/"
            if not any(p.startswith(prefix) and kind for p, kind in claims.items()):
                warnings.append(f"{target}: holds no {kinds} file; nothing checked")
        elif not claims.get(rel):
            warnings.append(f"{target}: not a {kinds} file lintkit reads; not checked")
    return warnings


def _workflow_suffixes() -> tuple[str, ...]:
    return tuple(sorted({s for d in load_dialects() for s in d.suffixes}))


def _readable() -> tuple[str, ...]:
    """What lintkit may read: a deleted file of another kind takes part in nothing."""
    return (*_workflow_suffixes(), *code_suffixes())


def _open_cache(config: Config, settings: LoadSettings, plugins: tuple[str, ...]) -> Cache:
    """``plugins``: "name=module" of every dialect and language (their code is part
    of what a cached result depends on)."""
    modules = tuple(p.split("=", 1)[1] for p in plugins)
    return Cache(config.root, fingerprint(settings, plugins, code=modules))


def _rules_print(config: Config, rules: list[Rule]) -> str:
    """What a file's own findings depend on besides its content: the rules
    (their code included) and every option."""
    per_file = sorted(r.code for r in rules if r.scope in PER_FILE)
    modules = tuple(sorted({type(r).__module__ for r in rules}))
    options = sorted((k, repr(v)) for k, v in config.options.items())
    return fingerprint(per_file, options, code=modules)


def _file_findings(
    report: Report,
    results: Results,
    scoped: dict[Scope, list[Rule]],
    cache: Cache | None,
    rules_print: str,
) -> list[Diagnostic]:
    """The findings of file, workflow and module rules on every reported file.

    They depend only on the file and the rules, so an unchanged file's come
    from the cache; a worker that loaded a file has run them already.
    """
    found: list[Diagnostic] = []
    reused = 0
    for path in report.files:
        key = cache.findings_key(path, rules_print) if cache is not None else None
        cached = cache.get_findings(path, key) if cache is not None and key else None
        if cached is not None:
            found.extend(cached)
            reused += 1
            continue
        sent = results.findings.get(path)
        if sent is not None:
            mine, crashes = sent
        else:
            crashes = []
            mine = file_findings(results[path], scoped, crashes)
        found.extend(mine)
        report.errors.extend(crashes)
        if cache is not None and key and not crashes:
            cache.put_findings(path, key, mine)
    report.stats["findings_reused"] = reused
    return found


def _head_versions(
    root: Path, files: _Files, cache: Cache | None, report: Report
) -> dict[str, FileResult]:
    """The git HEAD versions of the files asked about (see ``lintkit.project.git_head``),
    from the cache when it has that content: a commit's hook run after run, or
    the file's own entry when the last run saw it unchanged."""
    report.stats["head_versions_parsed"] = 0
    if not files.wanted.files:
        return {}
    known = set(files.candidates)
    paths = [p for p in files.wanted.files if p in known or p.endswith(_readable())]

    def load(path: str, data: bytes) -> FileResult:
        digest = Cache.digest(data)
        cached = cache.get_version(path, digest) if cache is not None else None
        if isinstance(cached, FileResult):
            return cached
        report.stats["head_versions_parsed"] += 1
        try:
            result = load_bytes(path, data, files.settings, declared=path in files.declared)
        except Exception as err:
            report.errors.append(crash(err, path=path))
            return FileResult(path)
        if cache is not None:
            cache.put_version(path, digest, result)
        return result

    return load_head_versions(root, paths, load)


def _per_file_ignores(
    found: list[Diagnostic], config: Config, registry: Registry
) -> list[Diagnostic]:
    if not config.per_file_ignores:
        return found
    # Per code, the globs that ignore it: one regex each (``matches`` compiles a
    # tuple of globs once), not one match per glob per finding.
    globs: dict[str, list[str]] = {}
    for glob, selectors in config.per_file_ignores.items():
        for code in {code for s in selectors for code in registry.resolve(s)}:
            globs.setdefault(code, []).append(glob)
    ignored = {code: tuple(patterns) for code, patterns in globs.items()}
    return [d for d in found if d.code not in ignored or not matches(d.path, ignored[d.code])]


def _suppress(
    found: list[Diagnostic], uses: list[SuppressionUse], registry: Registry
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    index: dict[tuple[str, int], list[SuppressionUse]] = {}
    for use in uses:
        for line in use.suppression.covers:
            index.setdefault((use.suppression.path, line), []).append(use)
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for diagnostic in found:
        candidates = index.get((diagnostic.path, diagnostic.location.line), ())
        match = _matching(candidates, diagnostic, registry)
        if match is None:
            kept.append(diagnostic)
        else:
            match.used.add(diagnostic.code)
            suppressed.append(_with_reason(diagnostic, match.suppression.reason))
    return kept, suppressed


def _matching(
    candidates: Iterable[SuppressionUse], diagnostic: Diagnostic, registry: Registry
) -> SuppressionUse | None:
    for use in candidates:
        for selector in use.suppression.codes:
            if diagnostic.code in registry.covers(selector):
                return use
    return None


def _with_reason(diagnostic: Diagnostic, reason: str) -> Diagnostic:
    return replace(diagnostic, suppressed_by=reason or "")


def environment_default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
