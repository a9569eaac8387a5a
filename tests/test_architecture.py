"""Layers point down: no import cycle in lintkit/, and the seams stay where they are.

Every import counts, also one inside a function or under ``TYPE_CHECKING``: an
import hidden in a function to dodge a cycle is still a cycle in the design.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _modules(package: Path, name: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``package``."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = [name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every module name ``module`` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(package: Path, name: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    modules = _modules(package, name)
    return {
        module: {t for t in _imported(module, path) if t in modules and t != module}
        for module, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _explain(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    return "\n".join(
        f"  {module} -> {', '.join(sorted(graph[module] & members))}" for module in component
    )


LINTKIT = import_graph(REPO / "lintkit", "lintkit")


def test_no_import_cycle_in_lintkit() -> None:
    found = cycles(LINTKIT)
    assert not found, "import cycles:\n" + "\n\n".join(_explain(LINTKIT, c) for c in found)


def test_the_cycle_check_sees_an_import_hidden_in_a_function(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from . import a\n    return a\n")
    (package / "c.py").write_text("from pkg import a\n")
    assert cycles(import_graph(package, "pkg")) == [["pkg.a", "pkg.b"]]


def _importers(prefix: str, forbidden: str) -> list[str]:
    return sorted(
        module
        for module, targets in LINTKIT.items()
        if module.startswith(prefix)
        and any(t == forbidden or t.startswith(forbidden + ".") for t in targets)
    )


@pytest.mark.parametrize("forbidden", ["lintkit.engine", "lintkit.docgen"])
def test_reporters_read_the_report_model_only(forbidden: str) -> None:
    assert _importers("lintkit.reporters", forbidden) == []


@pytest.mark.parametrize("layer", ["lintkit.dialects", "lintkit.documents"])
def test_dialects_and_documents_do_not_import_the_registry(layer: str) -> None:
    assert _importers(layer, "lintkit.plugins.registry") == []


def _third_party_imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


def test_rules_import_no_parser() -> None:
    """Rules read the IR and the code facts, never a parser's tree."""
    offenders = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "rules").rglob("*.py")
        if any(m.split(".")[0] == "libcst" for m in _third_party_imports(path))
    )
    assert offenders == []


def test_the_language_neutral_layers_import_no_language() -> None:
    """Code rules, reporters, the engine, the project and lintkit/code/'s own modules
    read the facts model; a language's parser and settings stay in its folder."""
    languages = {f"lintkit.code.{p.name}" for p in (REPO / "lintkit/code").iterdir() if p.is_dir()}
    neutral = [
        module
        for module in LINTKIT
        if module.startswith(("lintkit.reporters", "lintkit.engine", "lintkit.project"))
        or (
            module.startswith("lintkit.code") and module.count(".") <= 2 and module not in languages
        )
    ]
    assert "lintkit.code.settings" in neutral
    assert "lintkit.code.python" in languages
    offenders = {
        module: sorted(t for t in LINTKIT[module] if t.startswith(tuple(languages)))
        for module in neutral
    }
    assert {module: found for module, found in offenders.items() if found} == {}
