"""``check --write-baseline FILE`` records today's findings; ``check --baseline FILE``
then reports only the findings that are not in it.

The file is JSON, meant to be committed: ``{"version": 1, "findings": [{"path",
"code", "fingerprint", "message"}, ...]}``, sorted, paths relative to the
project root. An entry stands for one finding: two identical findings in a file
need two entries, so a third one is new. The message is there for the reader
of a diff; matching uses the fingerprint only.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from lintkit.adoption.fingerprint import Texts, fingerprint
from lintkit.core.report import Report

VERSION = 1


class BaselineError(ValueError):
    """A baseline file lintkit cannot read (the message says why)."""


def write_baseline(report: Report, path: Path) -> int:
    """Write the report's findings to ``path``; returns how many."""
    texts = Texts(report.root)
    entries = sorted(
        (
            {
                "path": d.path,
                "code": d.code,
                "fingerprint": fingerprint(d, texts),
                "message": d.message,
            }
            for d in report.diagnostics
        ),
        key=lambda e: (e["path"], e["code"], e["fingerprint"], e["message"]),
    )
    document = {"version": VERSION, "findings": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise BaselineError(f"cannot read the baseline {path}: {err.strerror or err}") from None
    except ValueError as err:
        raise BaselineError(f"{path}: not a lintkit baseline (invalid JSON: {err})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise BaselineError(f"{path}: not a lintkit baseline of version {VERSION}")
    found: Counter[tuple[str, str, str]] = Counter()
    for entry in document.get("findings", []):
        try:
            found[(str(entry["path"]), str(entry["code"]), str(entry["fingerprint"]))] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"{path}: an entry without path, code and fingerprint") from None
    return found


def apply_baseline(report: Report, path: Path) -> None:
    """Move the findings the baseline lists from the report's findings to its
    suppressed ones (reason: the baseline), one per entry."""
    known = read_baseline(path)
    texts = Texts(report.root)
    kept = []
    for d in report.diagnostics:
        key = (d.path, d.code, fingerprint(d, texts))
        if known[key] > 0:
            known[key] -= 1
            report.suppressed.append(replace(d, suppressed_by=f"in the baseline {path.name}"))
        else:
            kept.append(d)
    report.diagnostics = kept
    report.suppressed.sort(key=lambda d: d.sort_key())
