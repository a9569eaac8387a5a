"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers.

GitHub code scanning ignores ``originalUriBaseIds`` and reads relative URIs as
relative to the repository root, so artifact URIs are relative to the git work
tree holding the project (the project root when there is none), and SRCROOT
names that directory for the viewers that do resolve it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from lintkit import __version__
from lintkit.core.reading import read_inside
from lintkit.core.report import SITE_URL, Report, RuleDoc
from lintkit.core.types import Diagnostic, Edit, Fix, Location
from lintkit.reporters.base import BaseReporter, repository_root

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _region(loc: Location) -> dict[str, int]:
    return {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }


def _physical(loc: Location, prefix: str) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": quote(prefix + loc.path), "uriBaseId": "SRCROOT"},
        "region": _region(loc),
    }


_LINE_TEXT_LIMIT = 64 * 1024 * 1024  # larger files were not parsed


def _line_text(root: Path, loc: Location, cache: dict[str, list[str]]) -> str:
    if loc.path not in cache:
        try:
            data, _ = read_inside(root, loc.path, limit=_LINE_TEXT_LIMIT)
            cache[loc.path] = data.decode("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):  # also a file lintkit refuses to read
            cache[loc.path] = []
    lines = cache[loc.path]
    return lines[loc.line - 1].strip() if 0 < loc.line <= len(lines) else ""


def fingerprints(report: Report) -> list[str]:
    """Per diagnostic: stable across unrelated edits (no line numbers in it).

    The rule, the file, the text of the flagged line and its occurrence number
    among identical (rule, file, text) triples.
    """
    cache: dict[str, list[str]] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in report.diagnostics:
        key = (d.code, d.path, _line_text(report.root, d.location, cache))
        seen[key] += 1
        raw = "\0".join((*key, str(seen[key])))
        out.append(hashlib.sha256(raw.encode()).hexdigest()[:32])
    return out


def _result(d: Diagnostic, index: dict[str, int], fingerprint: str, prefix: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity.value],
        "message": {"text": d.message + (f" Help: {d.help}" if d.help else "")},
        "locations": [{"physicalLocation": _physical(d.location, prefix)}],
        "partialFingerprints": {"lintkit/v1": fingerprint},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": _physical(r.location, prefix),
                "message": {"text": r.message},
            }
            for i, r in enumerate(d.related)
        ]
    if d.fix is not None:
        result["fixes"] = [_fix(d.fix, prefix)]
    if d.counterexample is not None:
        result["properties"] = {"counterexample": d.counterexample}
    if d.suppressed_by is not None:
        suppression: dict[str, Any] = {"kind": "inSource"}
        if d.suppressed_by:
            suppression["justification"] = d.suppressed_by
        result["suppressions"] = [suppression]
    return result


def _fix(fix: Fix, prefix: str) -> dict[str, Any]:
    by_path: dict[str, list[Edit]] = {}
    for change in fix.changes:
        if isinstance(change, Edit):
            by_path.setdefault(change.path, []).append(change)
    return {
        "description": {"text": fix.message + ("" if fix.safe else " (unsafe)")},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": quote(prefix + path), "uriBaseId": "SRCROOT"},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": e.line,
                            "startColumn": e.column,
                            "endLine": e.end_line,
                            "endColumn": e.end_column,
                        },
                        "insertedContent": {"text": e.content},
                    }
                    for e in edits
                ],
            }
            for path, edits in by_path.items()
        ],
    }


def _rule(rule: RuleDoc) -> dict[str, Any]:
    described: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation, "markdown": rule.explanation},
        "help": {"text": rule.summary, "markdown": rule.page},
        "defaultConfiguration": {
            "level": _LEVEL[rule.severity.value],
            "enabled": rule.default_enabled,
        },
        "properties": {"tags": [rule.scope]},
    }
    if rule.url:  # a third-party rule has no page on lintkit's site
        described["helpUri"] = rule.url
    return described


def sarif_log(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    shown = report.diagnostics + report.suppressed
    prints = fingerprints(Report(report.root, diagnostics=shown))
    root = Path(report.root).resolve()
    base = repository_root(root) or root
    prefix = "" if base == root else root.relative_to(base).as_posix() + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lintkit",
                        "version": __version__,
                        "informationUri": SITE_URL,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"SRCROOT": {"uri": base.as_uri() + "/"}},
                "results": [
                    _result(d, index, fp, prefix) for d, fp in zip(shown, prints, strict=True)
                ],
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": e.message}}
                            for e in report.errors
                        ],
                    }
                ],
            }
        ],
    }


class SarifReporter(BaseReporter):
    description = "SARIF 2.1.0, for GitHub code scanning and other viewers"

    def render(self, report: Report, out: TextIO) -> None:
        json.dump(sarif_log(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
