"""The language server protocol over standard input and output (pygls 2).

A document belongs to the project whose configuration is nearest above it (as
for ``lintkit check``); each project is loaded once, on its first document. On
open, change and save the project's open documents are all checked again: a
project-wide rule (an event no code records, two workflows sending one
template) can change its finding in one file when another is edited.

Positions: lintkit counts characters (code points), LSP counts UTF-16 code
units by default; they differ only after a character outside the Basic
Multilingual Plane on the same line (an emoji), where a range is off by one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lintkit import __version__
from lintkit.config import find_config
from lintkit.core.report import Report
from lintkit.core.types import Diagnostic, Edit, Severity
from lintkit.server.session import Session

# Seconds without a change before the project-wide rules run again.
QUIET = 0.3
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Files that can hold a `# lintkit: ignore[...]` comment.
_COMMENTS = (".yaml", ".yml", ".py")


class LintkitServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "lintkit", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.sessions: dict[Path, Session] = {}
        self.open: dict[str, tuple[Session, str]] = {}  # uri -> its project, its path there
        self.findings: dict[str, list[Diagnostic]] = {}  # uri -> what was last published
        self.pending: dict[Path, asyncio.TimerHandle] = {}  # project root -> its full check

    def session_of(self, uri: str) -> tuple[Session, str] | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        file = Path(path).resolve()
        root, _, _ = find_config(file)
        root = root.resolve()
        if root not in self.sessions:
            self.sessions[root] = Session(root)
        session = self.sessions[root]
        try:
            relative = file.relative_to(root).as_posix()
        except ValueError:
            return None
        return (session, relative) if session.reads(relative) else None

    def refresh(self, session: Session, *, quick: bool = False) -> None:
        """Check every open document of ``session`` and publish what each has.

        ``quick``: first the rules that read one file (milliseconds), with the
        project rules' findings of the last full check kept meanwhile; then,
        once the editor has sent no change for ``QUIET`` seconds, every rule
        (the project rules read every file: seconds on a large project, which
        must not be paid at every keystroke).
        """
        pending = self.pending.pop(session.root, None)
        if pending is not None:
            pending.cancel()
        if not quick:
            self._publish(session, session.check(self._paths(session)), keep=False)
            return
        self._publish(session, session.check(self._paths(session), whole=False), keep=True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not serving (called directly): no one to wait for
            self.refresh(session)
            return
        self.pending[session.root] = loop.call_later(QUIET, self.refresh, session)

    def _paths(self, session: Session) -> dict[str, str]:
        return {path: uri for uri, (s, path) in self.open.items() if s is session}

    def _publish(self, session: Session, report: Report, *, keep: bool) -> None:
        uris = self._paths(session)
        by_path: dict[str, list[Diagnostic]] = {path: [] for path in uris}
        for d in report.diagnostics:
            if d.path in by_path:
                by_path[d.path].append(d)
        if keep:
            codes = session.project_codes
            for path, found in by_path.items():
                found.extend(d for d in self.findings.get(uris[path], []) if d.code in codes)
                found.sort(key=Diagnostic.sort_key)
        for path, found in by_path.items():
            uri = uris[path]
            self.findings[uri] = found
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri, diagnostics=[_diagnostic(d, report) for d in found]
                )
            )


def _range(line: int, column: int, end_line: int, end_column: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line - 1, character=column - 1),
        end=types.Position(line=end_line - 1, character=end_column - 1),
    )


def _uri(report: Report, path: str) -> str:
    return from_fs_path(str(report.root / path)) or path


def _diagnostic(d: Diagnostic, report: Report) -> types.Diagnostic:
    doc = next((r for r in report.rules if r.code == d.code), None)
    return types.Diagnostic(
        range=_range(*d.location[1:]),
        message=d.message + (f"\n{d.help}" if d.help else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=doc.url) if doc and doc.url else None,
        source="lintkit",
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=_uri(report, r.location.path), range=_range(*r.location[1:])
                ),
                message=r.message,
            )
            for r in d.related
        ]
        or None,
    )


def _fix_action(d: Diagnostic, found: types.Diagnostic, root: Path) -> types.CodeAction | None:
    fix = d.fix
    if fix is None:
        return None
    changes: dict[str, list[types.TextEdit]] = {}
    for change in fix.changes:
        if not isinstance(change, Edit):
            return None  # not placed in the text: nothing to offer
        uri = from_fs_path(str(root / change.path)) or change.path
        changes.setdefault(uri, []).append(
            types.TextEdit(range=_range(*change.start, *change.end), new_text=change.content)
        )
    return types.CodeAction(
        title=f"{d.code}: {fix.message}" + ("" if fix.safe else " (unsafe)"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[found],
        is_preferred=fix.safe,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _suppress_action(
    d: Diagnostic, found: types.Diagnostic, uri: str, line_text: str
) -> types.CodeAction | None:
    """`# lintkit: ignore[CODE] -- reason` after the finding's line; the reason is
    for the author to write (the placeholder is selected text in most editors)."""
    if not d.path.endswith(_COMMENTS) or "#" in line_text:
        return None  # a line with a comment already: the author knows best where it goes
    end = types.Position(line=d.location.line - 1, character=len(line_text))
    comment = f"  # lintkit: ignore[{d.code}] -- TODO: reason"
    return types.CodeAction(
        title=f"{d.code}: suppress on this line, with a reason",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[found],
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(range=types.Range(start=end, end=end), new_text=comment)]}
        ),
    )


def build() -> LintkitServer:
    server = LintkitServer()

    def changed(ls: LintkitServer, uri: str) -> None:
        known = ls.open.get(uri) or ls.session_of(uri)
        if known is None:
            return
        session, path = known
        ls.open[uri] = known
        session.edit(path, ls.workspace.get_text_document(uri).source)
        ls.refresh(session, quick=True)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LintkitServer, params: types.DidOpenTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LintkitServer, params: types.DidChangeTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LintkitServer, params: types.DidSaveTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LintkitServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        known = ls.open.pop(uri, None)
        ls.findings.pop(uri, None)
        if known is None:
            return
        session, path = known
        session.forget(path)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
        ls.refresh(session)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: LintkitServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        found = ls.findings.get(uri, [])
        known = ls.open.get(uri)
        if known is None:
            return []
        lines = ls.workspace.get_text_document(uri).lines
        actions: list[types.CodeAction] = []
        for sent in params.context.diagnostics:
            d = _published(found, sent)
            if d is None:
                continue
            line = (
                lines[d.location.line - 1].rstrip("\r\n") if d.location.line <= len(lines) else ""
            )
            for action in (
                _fix_action(d, sent, known[0].root),
                _suppress_action(d, sent, uri, line),
            ):
                if action is not None:
                    actions.append(action)
        return actions

    return server


def _published(found: list[Diagnostic], sent: types.Diagnostic) -> Diagnostic | None:
    """The finding the editor sends back: by code and start (a later publish may
    have listed the findings in another order)."""
    if sent.source != "lintkit":
        return None
    start = (sent.range.start.line + 1, sent.range.start.character + 1)
    return next((d for d in found if d.code == sent.code and d.location[1:3] == start), None)


def serve() -> None:
    build().start_io()
