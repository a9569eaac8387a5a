"""An MkDocs hook (mkdocs.yml ``hooks:``): a nav that keeps up with docs/ by itself.

A nav entry that names a directory (``Rules: rules/``) becomes that directory's
pages, its index first; a page under docs/ that the nav does not name is added
at the end, so a new rule or a new guide is never left out of the navigation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _named(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_named(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_named(v) for v in nav)) if nav else set()
    return set()


def _expand(nav: Any, docs: Path) -> Any:
    if isinstance(nav, str) and nav.endswith("/") and (docs / nav).is_dir():
        pages = sorted(p.relative_to(docs).as_posix() for p in (docs / nav).glob("*.md"))
        return sorted(pages, key=lambda page: not page.endswith("/index.md"))
    if isinstance(nav, dict):
        return {k: _expand(v, docs) for k, v in nav.items()}
    if isinstance(nav, list):
        return [_expand(v, docs) for v in nav]
    return nav


def on_config(config: Any) -> Any:
    docs = Path(config["docs_dir"])
    nav = _expand(config["nav"], docs)
    named = _named(nav)
    rest = sorted(p.name for p in docs.glob("*.md") if p.name not in named)
    if rest:
        nav.append({"More": rest})
    config["nav"] = nav
    return config
