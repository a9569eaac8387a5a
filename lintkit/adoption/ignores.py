"""Suppressions kept in the configuration, for files that cannot hold a comment.

A JSON workflow (Step Functions, PostHog, n8n) has no comments, so its findings
are suppressed by an entry in ``lintkit.toml`` (``[[tool.lintkit.ignore-findings]]``
in ``pyproject.toml``)::

    [[ignore-findings]]
    path = "flows/order.asl.json"
    code = "SF101"
    fingerprint = "2c5e..."   # the finding's (lintkit.adoption.fingerprint)
    reason = "the input is validated upstream"

The fingerprint does not hold a line number, so the entry survives edits
elsewhere in the file; it stops matching when the finding changes.
``check --add-noqa`` appends such entries for the findings in JSON files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from lintkit.adoption.fingerprint import Texts, fingerprint
from lintkit.core.report import Report
from lintkit.core.types import Diagnostic

Entry = tuple[str, str, str, str]  # path, code, fingerprint, reason


def apply_ignores(report: Report, entries: Iterable[Entry]) -> None:
    """Move the findings the entries name to the report's suppressed ones."""
    reasons = {(path, code, print_): reason for path, code, print_, reason in entries}
    if not reasons:
        return
    texts = Texts(report.root)
    kept = []
    for d in report.diagnostics:
        reason = reasons.get((d.path, d.code, fingerprint(d, texts)))
        if reason is None:
            kept.append(d)
        else:
            report.suppressed.append(replace(d, suppressed_by=reason))
    report.diagnostics = kept
    report.suppressed.sort(key=lambda d: d.sort_key())


def entries_text(
    findings: Iterable[Diagnostic], root: Path, *, pyproject: bool, reason: str
) -> str:
    """TOML tables suppressing ``findings``, to append to the configuration file."""
    texts = Texts(root)
    table = "[[tool.lintkit.ignore-findings]]" if pyproject else "[[ignore-findings]]"
    out = []
    for d in findings:
        out.append(
            f"\n{table}  # {' '.join(d.message.split())[:72]}\n"
            f"path = {json.dumps(d.path)}\n"
            f"code = {json.dumps(d.code)}\n"
            f"fingerprint = {json.dumps(fingerprint(d, texts))}\n"
            f"reason = {json.dumps(reason)}\n"
        )
    return "".join(out)
