"""``check --add-noqa``: a ``# lintkit: ignore[CODE] -- TODO: reason`` for every finding.

One comment per line with a finding, naming every code found there: after the
line's code, or added to the lintkit suppression already at its end, or on a
line of its own above it when the line has another comment. The reason is a
placeholder for the team to write. YAML and Python only (JSON has no comments:
see ``lintkit.adoption.ignores``). A file is changed only if what it means stays
the same: the same YAML data, the same Python syntax tree; otherwise it is left
as it was, and said so.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from lintkit.core.reading import read_inside
from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Edit
from lintkit.documents.parse import load_yaml
from lintkit.fixes.apply import splice
from lintkit.fixes.plan import FileChange
from lintkit.fixes.text import NotFixable, Source

REASON = "TODO: reason"
COMMENTED = (".yaml", ".yml", ".py")
_TRAILING = re.compile(r"#\s*lintkit:\s*ignore\[(?P<codes>[^\]]*)\](?P<rest>.*)$")


@dataclass
class Added:
    changes: list[FileChange] = field(default_factory=list)
    comments: int = 0
    left: list[str] = field(default_factory=list)  # files (or findings) left as they were
    in_config: list[Diagnostic] = field(default_factory=list)  # findings in JSON files


def add_noqa(report: Report) -> Added:
    """The files with a suppression added for each of the report's findings."""
    lines: dict[str, dict[int, list[str]]] = {}  # path -> line -> codes found there
    added = Added()
    checked = set(report.files)
    # A finding about suppressions themselves (unused-suppression) is fixed, not suppressed.
    about_suppressions = {r.code for r in report.rules if r.scope == "report"}
    for d in report.diagnostics:
        if d.path not in checked or d.code in about_suppressions:
            continue
        if d.path.endswith(".json"):
            added.in_config.append(d)
            continue
        if not d.path.endswith(COMMENTED):
            kind = d.path.rpartition(".")[2]
            added.left.append(f"{d.location}: {d.code}: a {kind} file has no comments")
            continue
        codes = lines.setdefault(d.path, {}).setdefault(d.location.line, [])
        if d.code not in codes:
            codes.append(d.code)
    for path, by_line in sorted(lines.items()):
        try:
            data, _ = read_inside(report.root, path)
            source = Source.from_bytes(path, data)
        except (OSError, NotFixable) as err:
            added.left.append(f"{path}: {err}")
            continue
        edits = [_comment(source, line, codes) for line, codes in sorted(by_line.items())]
        text = splice(source, edits)
        if not _same_meaning(path, source.text, text):
            added.left.append(f"{path}: a comment there would change what the file says")
            continue
        added.changes.append(FileChange(path, data, source.encode(text), []))
        added.comments += len(edits)
    return added


def _comment(source: Source, line: int, codes: list[str]) -> Edit:
    text = source.line_text(line)
    path = source.path
    match = _TRAILING.search(text)
    if match:  # a suppression is there already: it names these codes too
        present = [c.strip() for c in match.group("codes").split(",") if c.strip()]
        merged = ", ".join([*present, *(c for c in codes if c not in present)])
        start, end = match.start("codes") + 1, match.end("codes") + 1
        return Edit(path, line, start, line, end, merged)
    comment = f"# lintkit: ignore[{', '.join(codes)}] -- {REASON}"
    if "#" in text:  # another comment (or a '#' in a string): a line of its own above
        indent = text[: len(text) - len(text.lstrip())]
        return Edit.insert(path, line, 1, f"{indent}{comment}{source.newline}")
    return Edit.insert(path, line, len(text) + 1, f"  {comment}")


def _same_meaning(path: str, before: str, after: str) -> bool:
    if path.endswith(".py"):
        try:
            return ast.dump(ast.parse(before)) == ast.dump(ast.parse(after))
        except (SyntaxError, ValueError):
            return False
    old, old_problems = load_yaml(path, before)
    new, new_problems = load_yaml(path, after)
    return not old_problems and not new_problems and [d.data for d in old] == [d.data for d in new]
