"""A project an editor works in: loaded once, then the edited files re-read from
their buffers and the rules run again on the files that are open.

Nothing here knows the protocol (see ``lintkit.server.lsp``): paths are relative
to the project root, positions are lintkit's (1-based).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from lintkit.code.extractor import code_suffixes
from lintkit.config import load_config
from lintkit.core.reading import NotRead, read_inside
from lintkit.core.report import Report, RuleDoc
from lintkit.docgen.rule_page import describe
from lintkit.engine import check_results, load_project
from lintkit.fixes.plan import resolved
from lintkit.plugins.dialect import load_dialects
from lintkit.plugins.registry import Registry, load_rules
from lintkit.plugins.rule import Scope
from lintkit.project.loading import load_bytes
from lintkit.project.outline import outline_of

_WHOLE = (Scope.PROJECT, Scope.REPORT)


class Session:
    def __init__(self, root: Path, registry: Registry | None = None) -> None:
        self.registry = registry or load_rules()
        self.root = root
        self.config = load_config(self.registry, root)
        self.startup = Report(root)  # what loading the project had to say (internal errors)
        self.project = load_project(self.config, self.registry, self.startup)
        self.docs: dict[str, RuleDoc] = {r.code: describe(type(r)) for r in self.project.rules}
        self.buffers: dict[str, bytes] = {}
        suffixes = {s for d in load_dialects() for s in d.suffixes}
        self.suffixes = (*sorted(suffixes), *code_suffixes())

    def close(self) -> None:
        if self.project.cache is not None:
            self.project.cache.close()

    def reads(self, path: str) -> bool:
        """Whether lintkit reads a file at ``path`` (relative to the root)."""
        return path.endswith(self.suffixes)

    def edit(self, path: str, text: str) -> None:
        """The editor's text of ``path`` (unsaved, maybe): what the rules see from now."""
        data = text.encode("utf-8")
        if self.buffers.get(path) == data:
            return
        self.buffers[path] = data
        self._load(path, data)

    def forget(self, path: str) -> None:
        """The editor closed ``path``: the rules see what is on disk again."""
        if self.buffers.pop(path, None) is None:
            return
        try:
            data, _ = read_inside(self.root, path)
        except (NotRead, OSError):
            data = b""
        self._load(path, data)

    def _load(self, path: str, data: bytes) -> None:
        result = load_bytes(
            path, data, self.project.settings, declared=path in self.project.declared
        )
        self.project.results.add(path, result, outline_of(result))

    @property
    def project_codes(self) -> frozenset[str]:
        """The rules that read the whole project (and LK001, which needs their findings)."""
        return frozenset(r.code for r in self.project.rules if r.scope in _WHOLE)

    def check(self, paths: Collection[str], *, whole: bool = True) -> Report:
        """The findings on ``paths`` (or involving one), with their fixes' edits
        placed in the buffers' text. ``whole=False``: only the rules that read one
        file (fast: what an editor shows first, while the project rules run)."""
        report = Report(self.root, rules=list(self.docs.values()), fail_on=self.config.fail_on)
        wanted = set(paths)
        rules = [r for r in self.project.rules if whole or r.scope not in _WHOLE]
        check_results(
            self.config,
            self.registry,
            rules,
            self.project.results,
            wanted.__contains__,
            report,
        )
        resolved(report, self.buffers)
        return report
