"""``--format text``: ``path:line:col: severity[CODE] message [name]``, then the source.

The severity is a word (as rustc writes ``error[E0382]``), so a CI log or NO_COLOR
still tells an error from a warning; colour only on a terminal, never with NO_COLOR.
The last line says what was checked, also when nothing was found.
``statistics``: the per-rule table alone, no findings; ``quiet``: findings only.
Everything taken from the files (paths, messages, source lines) is escaped by
``printable``: a finding is its lines and no more, and prints no control codes.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import TextIO

from lintkit.core.printable import printable
from lintkit.core.reading import read_inside
from lintkit.core.report import Report
from lintkit.core.types import Diagnostic
from lintkit.reporters.base import BaseReporter, by_rule, counts, display_path

_SEVERITY_COLOR = {"error": "31", "warning": "33", "info": "36"}
_EXCERPT_LIMIT = 64 * 1024 * 1024  # larger files were not parsed: no excerpt


def use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(out, "isatty", lambda: False)())


@lru_cache(maxsize=64)
def _lines(root: str, path: str) -> list[str]:
    try:
        data, _ = read_inside(root, path, limit=_EXCERPT_LIMIT)
    except OSError:  # gone, or a file lintkit refuses to read (a FIFO, a link out of the root)
        return []
    return data.decode("utf-8", errors="replace").splitlines()


class TextReporter(BaseReporter):
    description = "findings with the source line underlined (the default)"

    def render(self, report: Report, out: TextIO) -> None:
        color = use_color(out)

        def paint(code: str, text: str) -> str:
            return f"\x1b[{code}m{text}\x1b[0m" if color else text

        if self.options.get("statistics"):
            for code, name, n in by_rule(report):
                out.write(f"{n:6d}  {code}  {name}\n")
        else:
            self._findings(report, out, paint)
        if not self.options.get("quiet"):
            out.write(summary_line(report) + "\n")

    def _findings(self, report: Report, out: TextIO, paint: Callable[[str, str], str]) -> None:
        for d in report.diagnostics:
            loc = d.location
            where = printable(f"{display_path(report, loc.path)}:{loc.line}:{loc.column}:")
            severity = d.severity.value
            label = paint("1;" + _SEVERITY_COLOR[severity], f"{severity}[{d.code}]")
            message = printable(d.message)
            fixable = paint("1", "[*] ") if d.fix is not None and d.fix.safe else ""
            out.write(
                f"{paint('1', where)} {label} {fixable}{message} {paint('2', f'[{d.name}]')}\n"
            )
            if not self.options.get("concise"):
                out.write(self._excerpt(report, d, paint))
                for related in d.related:
                    r = related.location
                    line = f"{display_path(report, r.path)}:{r.line}:{r.column}: {related.message}"
                    out.write(f"   {paint('2', '=')} {printable(line)}\n")
                if d.help:
                    out.write(f"   {paint('2', '=')} {paint('1', 'help')}: {printable(d.help)}\n")
                if d.fix is not None:
                    what = paint("1", "fix" if d.fix.safe else "unsafe fix")
                    out.write(f"   {paint('2', '=')} {what}: {printable(d.fix.message)}\n")
                summary = (d.counterexample or {}).get("summary")
                if summary:
                    out.write(
                        f"   {paint('2', '=')} {paint('1', 'counterexample')}:"
                        f" {printable(summary)}\n"
                    )

    def _excerpt(self, report: Report, d: Diagnostic, paint: object) -> str:
        loc = d.location
        lines = _lines(str(report.root), loc.path)
        if not 0 < loc.line <= len(lines):
            return ""
        raw = lines[loc.line - 1].expandtabs(1)
        text = printable(raw)
        width = len(str(loc.line))
        end = loc.end_column if loc.end_line == loc.line else len(raw) + 1
        marks = "^" * max(1, len(printable(raw[loc.column - 1 : end - 1])))
        underline = " " * len(printable(raw[: loc.column - 1])) + marks
        gutter = " " * width
        color = _SEVERITY_COLOR[d.severity.value]
        painted = paint(color, underline) if callable(paint) else underline
        return f" {gutter} |\n {loc.line} | {text}\n {gutter} | {painted}\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def checked(report: Report) -> str:
    """What a run read, in words: "3 workflow files, 12 Python files"."""
    claims = Counter(report.claims.get(path, "") for path in report.files)
    workflows = sum(n for claim, n in claims.items() if claim and claim not in report.languages)
    kinds = [
        (workflows, "workflow"),
        *((claims[n], title) for n, title in report.languages.items()),
    ]
    found = ", ".join(_plural(n, f"{kind} file") for n, kind in kinds if n)
    return found or f"no {report.readable()} file"


def summary_line(report: Report) -> str:
    """The last line of a text report: what was found, or what was checked."""
    total = len(report.diagnostics)
    if total:
        n = counts(report)
        parts = ", ".join(_plural(n[s], s) for s in ("error", "warning", "info") if n[s])
        files = len({d.path for d in report.diagnostics})
        read = sum(1 for path in report.files if report.claims.get(path))
        line = (
            f"Found {_plural(total, 'problem')} ({parts})"
            f" in {files} of {_plural(max(read, files), 'file')} checked."
        )
    elif any(report.claims.get(path) for path in report.files):
        line = f"All checks passed: {checked(report)}."
    else:
        line = f"Nothing checked: no {report.readable()} file found."
    if report.suppressed:
        line += f" {len(report.suppressed)} suppressed."
    return line + fixes_line(report)


def fixes_line(report: Report) -> str:
    """What --fix did and can still do, for the summary line."""
    safe = sum(1 for d in report.diagnostics if d.fix is not None and d.fix.safe)
    unsafe = sum(1 for d in report.diagnostics if d.fix is not None and not d.fix.safe)
    text = f" Fixed {report.fixed}." if report.fixed else ""
    if safe:
        text += f" {safe} fixable with --fix"
        text += f" ({unsafe} more with --unsafe-fixes)." if unsafe else "."
    elif unsafe:
        text += f" {unsafe} fixable with --fix --unsafe-fixes."
    return text
