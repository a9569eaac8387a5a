"""What a run produced, as the reporters read it.

The engine fills a ``Report``; reporters (lintkit/reporters/) format it and know
nothing else of lintkit: the rules that ran are here as plain data
(``RuleDoc``), with the text and the docs page each format shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lintkit.core.types import Diagnostic, InternalError, Severity

# Where the docs site is published: mkdocs.yml's site_url (a test keeps them
# equal), the base of SARIF helpUri and of the JSON Schema's $id.
SITE_URL = "https://lintkit.dev/"


@dataclass(frozen=True)
class RuleDoc:
    """A rule that ran, as the reports describe it."""

    code: str
    name: str
    summary: str
    severity: Severity
    scope: str
    default_enabled: bool
    url: str | None  # its page on the docs site; None for a third-party rule
    # -> (explanation, page), rendered when a format first asks: rendering every
    # rule's page costs more than a warm run's checks, and most formats show neither
    texts: Callable[[], tuple[str, str]] = field(repr=False, compare=False)

    @cached_property
    def _texts(self) -> tuple[str, str]:
        return self.texts()

    @property
    def explanation(self) -> str:
        """Its docstring: what it does, why, how to fix (Markdown)."""
        return self._texts[0]

    @property
    def page(self) -> str:
        """Its whole page, as `lintkit explain` prints it (Markdown)."""
        return self._texts[1]


@dataclass
class Report:
    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Diagnostic] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files reported on
    rules: list[RuleDoc] = field(default_factory=list)
    fail_on: Severity = Severity.WARNING
    stats: dict[str, int] = field(default_factory=dict)  # files, cache hits, parsed
    # Every file the run read -> what claimed it: a dialect's name, a language's
    # (a key of `languages`), or "" (no dialect reads it: not a workflow).
    claims: dict[str, str] = field(default_factory=dict)
    # The languages the run reads code in: extractor name -> its name in prose
    # ("python" -> "Python").
    languages: dict[str, str] = field(default_factory=dict)
    # What the user should know though it is no finding: a glob that matches
    # nothing, a named path lintkit does not read (printed on stderr).
    warnings: list[str] = field(default_factory=list)
    # Why the run read what it read (printed with --verbose).
    notes: list[str] = field(default_factory=list)
    fixed: int = 0  # findings check --fix fixed before this report was made

    def readable(self) -> str:
        """What the run reads, in words: "workflow or Python"."""
        return either(["workflow", *self.languages.values()])

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        threshold = self.fail_on.rank
        return 1 if any(d.severity.rank <= threshold for d in self.diagnostics) else 0


def either(words: Sequence[str]) -> str:
    """``["workflow", "Python", "Go"]`` -> "workflow, Python or Go"."""
    return " or ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))
