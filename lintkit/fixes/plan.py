"""A report's fixes -> the new content of each file, checked; written or shown as a diff.

Only the files the run reported on are touched, only inside the project root,
only regular files (never through a symlink). A file whose fixed text no longer
parses is left as it was, and said so.
"""

from __future__ import annotations

import ast
import difflib
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lintkit.core.reading import inside, read_inside
from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Edit, Fix
from lintkit.documents.parse import Document, load_yaml
from lintkit.fixes.apply import choose, splice
from lintkit.fixes.resolve import resolve
from lintkit.fixes.text import NotFixable, Source


@dataclass
class FileChange:
    path: str  # relative to the root
    before: bytes
    after: bytes
    fixed: list[Diagnostic]  # the findings whose fixes ``after`` holds


@dataclass
class Plan:
    files: list[FileChange] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why a fix or a file was left alone

    @property
    def fixed(self) -> int:
        return sum(len(f.fixed) for f in self.files)


def applies(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and bool(fix.changes) and (fix.safe or unsafe)


class _File:
    """One file's text and, on first need, its parsed documents."""

    def __init__(self, root: Path, path: str, data: bytes | None = None) -> None:
        if data is None:
            data, _ = read_inside(root, path)
        self.data = data
        self.source = Source.from_bytes(path, data)
        self._documents: list[Document] | None = None

    def documents(self) -> list[Document]:
        if self._documents is None:
            json = self.source.path.endswith(".json")
            self._documents, problems = load_yaml(self.source.path, self.source.text, json=json)
            if problems:
                raise NotFixable(f"{self.source.path}: does not parse")
        return self._documents


def _files(
    root: Path,
    paths: Iterable[str],
    refused: list[str],
    buffers: Mapping[str, bytes] | None = None,
) -> dict[str, _File]:
    files = {}
    for path in sorted(set(paths)):
        try:
            files[path] = _File(root, path, (buffers or {}).get(path))
        except (OSError, NotFixable) as err:
            refused.append(f"{path}: {err}")
    return files


def resolved(report: Report, buffers: Mapping[str, bytes] | None = None) -> None:
    """Give each finding's fix its exact edits (what every output shows); a fix that
    cannot be placed in the file as it is now (or in ``buffers``, an editor's
    unsaved text by path) is dropped."""
    refused: list[str] = []
    with_fix = [d for d in report.diagnostics if d.fix is not None]
    paths = (p for d in with_fix for p in d.fix.paths)  # type: ignore[union-attr]
    files = _files(report.root, paths, refused, buffers)
    fixes = {}
    for d in with_fix:
        assert d.fix is not None
        fixes[id(d)] = _resolved(d.fix, files)
    report.diagnostics = [
        replace(d, fix=fixes[id(d)]) if id(d) in fixes else d for d in report.diagnostics
    ]


def _resolved(fix: Fix, files: dict[str, _File]) -> Fix | None:
    try:
        edits: list[Edit] = []
        for path in fix.paths:
            if path not in files:
                return None
            one = files[path]
            part = Fix(fix.message, tuple(c for c in fix.changes if c.path == path))
            edits.extend(resolve(part, one.source, one.documents))
    except (NotFixable, KeyError, IndexError, TypeError):
        return None
    return replace(fix, changes=tuple(edits))


def plan(report: Report, *, unsafe: bool = False) -> Plan:
    """The fixes ``--fix`` (``unsafe``: ``--unsafe-fixes``) would apply now, file by file.

    The report's fixes must be resolved (``resolved``). A fix that spans several
    files is left out (none does yet).
    """
    result = Plan()
    checked = set(report.files)
    by_file: dict[str, list[tuple[Diagnostic, tuple[Edit, ...]]]] = {}
    for d in report.diagnostics:
        if applies(d, unsafe) and d.fix is not None:
            paths = d.fix.paths
            if len(paths) == 1 and paths[0] in checked:
                edits = tuple(c for c in d.fix.changes if isinstance(c, Edit))
                by_file.setdefault(paths[0], []).append((d, edits))
    files = _files(report.root, by_file, result.refused)
    for path, fixes in sorted(by_file.items()):
        if path not in files:
            continue
        one = files[path]
        # a fix overlapping a chosen one waits for the next pass (see MAX_PASSES)
        chosen, _ = choose([(i, edits) for i, (_, edits) in enumerate(fixes)])
        text = splice(one.source, [e for i in chosen for e in fixes[i][1]])
        if _parses(path, one.source.text) and not _parses(path, text):
            result.refused.append(f"{path}: the fixed file would not parse; left as it was")
            continue
        fixed = [fixes[i][0] for i in sorted(chosen)]
        result.files.append(FileChange(path, one.data, one.source.encode(text), fixed))
    return result


# Passes of fix, write, lint again: a fix that overlapped another, or one that a
# fix made possible, is applied in the next; the count bounds fixes that undo each other.
MAX_PASSES = 5


def fix_all(report: Report, relint: Callable[[], Report], *, unsafe: bool) -> tuple[Report, int]:
    """Apply every applicable fix, pass after pass, and return the report of what
    is left and how many findings were fixed. ``relint`` lints the project again."""
    fixed = 0
    refused: list[str] = []
    for _ in range(MAX_PASSES):
        resolved(report)
        changes = plan(report, unsafe=unsafe)
        refused.extend(changes.refused)
        if not changes.files:
            break
        write(report.root, changes.files)
        fixed += changes.fixed
        report = relint()
    resolved(report)
    report.warnings.extend(dict.fromkeys(refused))
    return report, fixed


def _parses(path: str, text: str) -> bool:
    if path.endswith(".py"):
        try:
            ast.parse(text, path)
        except (SyntaxError, ValueError):
            return False
        return True
    if path.endswith((".yaml", ".yml", ".json")):
        return not load_yaml(path, text, json=path.endswith(".json"))[1]
    return True


class WriteRefused(OSError):
    pass


def write(root: Path, changes: Iterable[FileChange]) -> None:
    """Write each changed file in place (same inode, same mode), only if it still
    holds what the plan read and is a regular file inside the root."""
    for change in changes:
        full = os.path.join(root, change.path)
        if not inside(root, full) or os.path.islink(full):
            raise WriteRefused(f"{change.path}: outside the project root; not written")
        fd = os.open(full, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "r+b") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or handle.read() != change.before:
                raise WriteRefused(f"{change.path}: changed while fixing; not written")
            handle.seek(0)
            handle.write(change.after)
            handle.truncate()


def diff(changes: Iterable[FileChange]) -> str:
    """A unified diff of every change (paths as ``a/PATH`` and ``b/PATH``)."""
    out: list[str] = []
    for change in changes:
        before = change.before.decode("utf-8-sig").splitlines(keepends=True)
        after = change.after.decode("utf-8-sig").splitlines(keepends=True)
        names = f"a/{change.path}", f"b/{change.path}"
        if len(before) == len(after) > _LINE_BY_LINE:
            lines = _line_by_line(before, after, *names)
        else:
            lines = list(difflib.unified_diff(before, after, *names))
        # a last line without a newline, on either side (a `-` line may be followed by `+`)
        out.extend(line if line.endswith("\n") else line + _NO_NEWLINE for line in lines)
    return "".join(out)


_NO_NEWLINE = "\n\\ No newline at end of file\n"


# difflib matches lines in time that grows much faster than the file (a 24,000-line
# definition with 1,000 fixes: 4.6 s). Fixes that keep the line count (most of them
# rewrite a value) are diffed line against line instead, past this many lines.
_LINE_BY_LINE = 2_000


def _line_by_line(before: list[str], after: list[str], old: str, new: str) -> list[str]:
    """A unified diff of two texts of as many lines, line i against line i, with
    difflib's three lines of context and its merging of nearby hunks."""
    changed = [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y]
    if not changed:
        return []
    groups: list[list[int]] = [[changed[0]]]
    for i in changed[1:]:
        if i - groups[-1][-1] > 6:  # more than twice the context apart: a new hunk
            groups.append([i])
        else:
            groups[-1].append(i)
    out = [f"--- {old}\n", f"+++ {new}\n"]
    for group in groups:
        start, end = max(0, group[0] - 3), min(len(before), group[-1] + 4)
        span = f"{start + 1},{end - start}" if end - start != 1 else f"{start + 1}"
        out.append(f"@@ -{span} +{span} @@\n")
        i = start
        while i < end:
            if before[i] == after[i]:
                out.append(" " + before[i])
                i += 1
                continue
            run = i
            while run < end and before[run] != after[run]:
                run += 1
            out.extend("-" + line for line in before[i:run])
            out.extend("+" + line for line in after[i:run])
            i = run
    return out
