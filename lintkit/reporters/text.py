"""``--format text``: ``path:line:col: CODE message [name]``, then the source.

The excerpt underlines the span; colour only on a terminal, never with NO_COLOR.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from lintkit.core.types import Diagnostic
from lintkit.engine import Report
from lintkit.reporters.base import Reporter, by_rule, counts, display_path

_SEVERITY_COLOR = {"error": "31", "warning": "33", "info": "36"}


def use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(out, "isatty", lambda: False)())


@lru_cache(maxsize=64)
def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


class TextReporter(Reporter):
    name = "text"

    def render(self, report: Report, out: TextIO) -> None:
        color = use_color(out)

        def paint(code: str, text: str) -> str:
            return f"\x1b[{code}m{text}\x1b[0m" if color else text

        for d in report.diagnostics:
            loc = d.location
            where = f"{display_path(report, loc.path)}:{loc.line}:{loc.column}:"
            code = paint("1;" + _SEVERITY_COLOR[d.severity.value], d.code)
            out.write(f"{paint('1', where)} {code} {d.message} {paint('2', f'[{d.name}]')}\n")
            if not self.options.get("concise"):
                out.write(self._excerpt(report, d, paint))
                for related in d.related:
                    r = related.location
                    out.write(
                        f"   {paint('2', '=')} {display_path(report, r.path)}:{r.line}:{r.column}:"
                        f" {related.message}\n"
                    )
                if d.help:
                    out.write(f"   {paint('2', '=')} {paint('1', 'help')}: {d.help}\n")
                summary = (d.counterexample or {}).get("summary")
                if summary:
                    out.write(f"   {paint('2', '=')} {paint('1', 'counterexample')}: {summary}\n")
        if self.options.get("statistics"):
            for code, name, n in by_rule(report):
                out.write(f"{n:6d}  {code}  {name}\n")
        self._summary(report, out)

    def _excerpt(self, report: Report, d: Diagnostic, paint: object) -> str:
        loc = d.location
        lines = _lines(str(Path(report.root) / loc.path))
        if not 0 < loc.line <= len(lines):
            return ""
        text = lines[loc.line - 1].expandtabs(1)
        width = len(str(loc.line))
        end = loc.end_column if loc.end_line == loc.line else len(text) + 1
        marks = "^" * max(1, min(end, len(text) + 1) - loc.column)
        underline = " " * (loc.column - 1) + marks
        gutter = " " * width
        color = _SEVERITY_COLOR[d.severity.value]
        painted = paint(color, underline) if callable(paint) else underline
        return f" {gutter} |\n {loc.line} | {text}\n {gutter} | {painted}\n"

    def _summary(self, report: Report, out: TextIO) -> None:
        if not report.diagnostics and not report.suppressed:
            return
        n = counts(report)
        parts = [
            f"{n[s]} {s}{'s' if n[s] != 1 else ''}" for s in ("error", "warning", "info") if n[s]
        ]
        files = len({d.path for d in report.diagnostics})
        total = len(report.diagnostics)
        line = (
            f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})"
            f" in {files} file{'s' if files != 1 else ''}."
            if total
            else "No problems found."
        )
        if report.suppressed:
            line += f" {len(report.suppressed)} suppressed."
        out.write(line + "\n")
