"""Per-file loading: a pure function of a file's bytes and the settings.

``load_workflow_file`` (and, for Python, ``lintkit.code.python.python``) is
everything lintkit does to one file before rules run. It reads nothing but its
arguments, so its result can be cached by content hash and computed in another
process. The project as rules see it is ``lintkit.project.view``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lintkit.code.model import ModuleFacts
from lintkit.core.reading import NotRead
from lintkit.core.types import Location, Problem, Severity
from lintkit.documents.json_reader import load_json
from lintkit.documents.parse import Limits, decode, head_text, load_yaml
from lintkit.documents.suppressions import Suppression, find_in_yaml
from lintkit.plugins.dialect import Dialect, SourceDialect, load_dialects
from lintkit.workflow.ir import Sym, Workflow

SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class LoadSettings:
    """Everything besides a file's bytes that its loading depends on."""

    limits: Limits = field(default_factory=Limits)
    max_file_size: int = 10 * 1024 * 1024
    options: tuple[tuple[str, Any], ...] = ()  # sorted (name, value): hashable

    @property
    def option_map(self) -> Mapping[str, Any]:
        return dict(self.options)


@dataclass
class FileResult:
    path: str
    workflows: list[Workflow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    module: ModuleFacts | None = None  # code facts of a source module
    dialect: str | None = None  # which dialect read it; None: not a workflow
    events: list[Sym] = field(default_factory=list)  # events it declares (an event catalogue)


def too_large(path: str, size: int, limit: int) -> Problem:
    return Problem(
        "syntax",
        f"file is {size:,} bytes, over the max-file-size of {size_text(limit)}; not parsed",
        Location.file_start(path),
        help="raise max-file-size in the config, or exclude the file",
    )


def size_text(size: int) -> str:
    """A byte count in the unit a config writes it in (``10MB`` is 10 * 1024 * 1024)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size % factor == 0:
            return f"{size // factor}{unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def unreadable(path: str, err: OSError) -> Problem:
    """A file lintkit cannot or will not read: an error, or a warning for a file it
    refuses (a symlink out of the root, a FIFO...), which is not the file's fault."""
    if isinstance(err, NotRead):
        return Problem("syntax", str(err), Location.file_start(path), severity=Severity.WARNING)
    reason = err.strerror or type(err).__name__
    return Problem("syntax", f"cannot read file: {reason.lower()}", Location.file_start(path))


def sniff(path: str, data: bytes) -> list[Dialect]:
    """Dialects whose cheap text test says this file may be theirs."""
    head = head_text(data, SNIFF_BYTES)
    return [d for d in load_dialects() if path.endswith(d.suffixes) and d.sniff(path, head)]


def load_workflow_file(
    path: str, data: bytes, settings: LoadSettings, *, declared: bool
) -> FileResult:
    """A workflow file -> workflows, or nothing if no dialect recognises it.

    YAML/JSON is parsed here; a file of a ``SourceDialect``'s suffix (a
    ``hogFlow({...})`` TypeScript file) is read by that dialect.

    ``declared``: the config's `workflows` globs name this file, so it must be a
    workflow and every failure is reported. Otherwise a file no dialect sniffs
    is skipped without being parsed.
    """
    result = FileResult(path)
    dialects = load_dialects()
    sniffed = sniff(path, data)
    if not sniffed and not declared:
        return result
    if len(data) > settings.max_file_size:
        result.problems.append(too_large(path, len(data), settings.max_file_size))
        return result
    reader = next(
        (
            d
            for d in sniffed or dialects
            if isinstance(d, SourceDialect) and path.endswith(d.source_suffixes)
        ),
        None,
    )
    if reader is not None:
        source = reader.read_source(path, data, settings.limits)
        documents, problems = source.documents, source.problems
        result.suppressions, result.events = source.suppressions, source.events
        if source.events:
            result.dialect = reader.name
        if declared and not documents and not problems and not source.events:
            result.problems.append(_not_a_workflow(path, dialects))
    else:
        text, problem = decode(path, data)
        if text is None:
            assert problem is not None
            result.problems.append(problem)
            return result
        if path.endswith(".json"):
            documents, problems = load_json(path, text, settings.limits)
        else:
            documents, problems = load_yaml(path, text, settings.limits)
        # Read only when the text holds a directive: most files have none.
        spans = (span for doc in documents for span in doc.scalar_spans())
        result.suppressions = find_in_yaml(path, text, spans)
    result.problems.extend(problems)
    if reader is None and not documents and not problems and declared:
        result.problems.append(
            Problem("schema", "empty file: expected a workflow", Location.file_start(path))
        )
    options = settings.option_map
    for doc in documents:
        dialect = next((d for d in sniffed or dialects if d.claims(doc)), None)
        if dialect is None:
            # A file of just `null` is as much no workflow as `[]`; a null
            # document beside others is an empty one in a stream (`---` at the end).
            if declared and (doc.data is not None or len(documents) == 1):
                result.problems.append(_not_a_workflow(path, dialects))
            continue
        workflows, load_problems = dialect.load(doc, options)
        result.dialect = dialect.name
        result.workflows.extend(workflows)
        result.problems.extend(load_problems)
    return result


NOT_A_WORKFLOW = (
    "the `workflows` setting names this file, but it is not a workflow any dialect reads"
)


def _not_a_workflow(path: str, dialects: tuple[Dialect, ...]) -> Problem:
    names = ", ".join(d.description or d.name for d in dialects)
    return Problem(
        "schema",
        NOT_A_WORKFLOW,
        Location.file_start(path),
        help=f"known formats: {names}",
    )
