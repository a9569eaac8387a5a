"""``--format markdown``: a summary for humans, the GitHub Actions job summary.

GitHub shows only the first 10 annotations of each level per step (50 per job);
under Actions ``lintkit check --format github`` also appends this report to
$GITHUB_STEP_SUMMARY, so every finding is one click away: totals, a table of the
rules that reported, then each rule's findings with links to the lines.
A step summary holds at most 1 MiB; past a budget the list stops and says how
many findings it left out.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from typing import TextIO
from urllib.parse import quote

from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Location
from lintkit.reporters.base import BaseReporter, counts, display_path, repository_relative

MAX_BYTES = 900 * 1024  # of GitHub's 1 MiB per step summary, leaving room for others

# Backtick code spans stay code; everywhere else Markdown's active characters
# become numeric character references, so a message shows literally whatever it
# quotes from the file and no backslash ever shows. A reference is no `|`, so it
# does not split a table cell either; `://` and `www.` lose their autolinks.
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ACTIVE = re.compile(r"[\\`*_\[\]<>~&!#|]|:(?=//)|(?<=www)\.")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def escape(text: str) -> str:
    """Text for a table cell (GitHub-flavoured Markdown): one line, literal."""
    text = " ".join(text.splitlines())
    out, pos = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_ACTIVE.sub(_reference, text[pos : span.start()]))
        out.append(span.group(0).replace("|", "\\|"))  # GFM splits cells on any bare |
        pos = span.end()
    out.append(_ACTIVE.sub(_reference, text[pos:]))
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def line_url(report: Report, loc: Location) -> str | None:
    """The lines of a location on GitHub, when running under GitHub Actions."""
    server, repo, sha = (
        os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    path = repository_relative(report, loc.path)
    if not (server and repo and sha and path):
        return None
    lines = f"L{loc.line}" if loc.end_line <= loc.line else f"L{loc.line}-L{loc.end_line}"
    return f"{server}/{repo}/blob/{sha}/{quote(path)}#{lines}"


def _where(report: Report, loc: Location) -> str:
    """``path:line:col`` from the repository root, a link to the lines when possible."""
    path = repository_relative(report, loc.path) or display_path(report, loc.path)
    label = escape(f"{path}:{loc.line}:{loc.column}")
    url = line_url(report, loc)
    return f"[{label}]({url})" if url else label


class MarkdownReporter(BaseReporter):
    description = "a Markdown summary, as in the GitHub Actions job summary"

    def render(self, report: Report, out: TextIO) -> None:
        out.write(self.markdown(report))

    def markdown(self, report: Report) -> str:
        urls = {rule.code: rule.url for rule in report.rules}
        n = counts(report)
        total = len(report.diagnostics)
        files = len({d.path for d in report.diagnostics})
        head = ["## lintkit", ""]
        if total:
            parts = ", ".join(_plural(n[s], s) for s in ("error", "warning", "info") if n[s])
            head.append(
                f"**{_plural(total, 'problem')}** ({parts}) in {_plural(files, 'file')};"
                f" {_plural(len(report.files), 'file')} checked."
            )
        else:
            head.append(f"No problems found in {_plural(len(report.files), 'file')}.")
        if report.suppressed:
            head[-1] += f" {len(report.suppressed)} suppressed."
        head.append("")

        groups: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
        for d in report.diagnostics:
            groups[(d.code, d.name)].append(d)
        order = sorted(groups, key=lambda key: (min(d.severity.rank for d in groups[key]), key))

        def rule_link(code: str) -> str:
            url = urls.get(code)
            return f"[{code}]({url})" if url else code

        if order:
            head += ["| Rule | Name | Severity | Findings |", "| :-- | :-- | :-- | --: |"]
            for code, name in order:
                found = groups[(code, name)]
                worst = min(found, key=lambda d: d.severity.rank).severity.value
                head.append(f"| {rule_link(code)} | {name} | {worst} | {len(found)} |")
            head.append("")
        text = "\n".join(head) + "\n"

        budget = MAX_BYTES - len(text.encode())
        shown = 0
        for code, name in order:
            section = [
                f"### {rule_link(code)} {name}",
                "",
                "| Location | Finding |",
                "| :-- | :-- |",
            ]
            rows = [self._row(report, d) for d in groups[(code, name)]]
            size = sum(len(line.encode()) + 1 for line in section) + 1
            if size + len(rows[0].encode()) + 1 > budget:
                break
            for row in rows:
                if size + len(row.encode()) + 1 > budget:
                    break
                section.append(row)
                size += len(row.encode()) + 1
                shown += 1
            text += "\n".join(section) + "\n\n"
            budget -= size
        if shown < total:
            text += (
                f"**{_plural(total - shown, 'more finding')} not shown:** a job summary holds"
                " at most 1 MiB. Upload SARIF (`--report sarif=FILE`) or run `lintkit check`"
                " to see them all.\n\n"
            )
        if report.errors:
            text += "### Internal errors\n\n"
            text += "".join(f"- {escape(e.message)}\n" for e in report.errors) + "\n"
        return text

    def _row(self, report: Report, d: Diagnostic) -> str:
        finding = escape(d.message)
        if d.help:
            finding += f"<br>Fix: {escape(d.help)}"
        if d.related:
            steps = "<br>".join(
                f"{_where(report, r.location)}: {escape(r.message)}" for r in d.related
            )
            label = _plural(len(d.related), "related location")
            finding += f"<details><summary>{label}</summary>{steps}</details>"
        return f"| {_where(report, d.location)} | {finding} |"
