"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from lintkit import __version__
from lintkit.docs import render_rule
from lintkit.engine import Report
from lintkit.reporters.base import Reporter
from lintkit.types import Diagnostic, Location

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://lintkit.dev/rules/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _region(loc: Location) -> dict[str, int]:
    return {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }


def _physical(loc: Location) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": loc.path, "uriBaseId": "SRCROOT"},
        "region": _region(loc),
    }


def _line_text(root: Path, loc: Location, cache: dict[str, list[str]]) -> str:
    if loc.path not in cache:
        try:
            cache[loc.path] = (root / loc.path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
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


def _result(d: Diagnostic, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity.value],
        "message": {"text": d.message + (f" Help: {d.help}" if d.help else "")},
        "locations": [{"physicalLocation": _physical(d.location)}],
        "partialFingerprints": {"lintkit/v1": fingerprint},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(r.location), "message": {"text": r.message}}
            for i, r in enumerate(d.related)
        ]
    if d.counterexample is not None:
        result["properties"] = {"counterexample": d.counterexample}
    if d.suppressed_by is not None:
        suppression: dict[str, Any] = {"kind": "inSource"}
        if d.suppressed_by:
            suppression["justification"] = d.suppressed_by
        result["suppressions"] = [suppression]
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    shown = report.diagnostics + report.suppressed
    prints = fingerprints(Report(report.root, diagnostics=shown))
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lintkit",
                        "version": __version__,
                        "informationUri": "https://lintkit.dev",
                        "rules": [
                            {
                                "id": rule.code,
                                "name": rule.name,
                                "shortDescription": {"text": rule.summary},
                                "fullDescription": {"text": rule.explanation()},
                                "help": {"text": rule.summary, "markdown": render_rule(rule)},
                                "helpUri": f"{DOCS}{rule.code}/",
                                "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
                                "properties": {"tags": [rule.scope.value]},
                            }
                            for rule in rules
                        ],
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": report.root.as_uri() + "/"}},
                "results": [_result(d, index, fp) for d, fp in zip(shown, prints, strict=False)],
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


class SarifReporter(Reporter):
    name = "sarif"

    def render(self, report: Report, out: TextIO) -> None:
        json.dump(sarif_log(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
