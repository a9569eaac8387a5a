"""Every package directory ships: setup.py finds them (no list to keep up to date)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shipped() -> set[str]:
    spec = importlib.util.spec_from_file_location("lintkit_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    setup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup)  # not as __main__: defines packages(), builds nothing
    return set(setup.packages())


def test_every_package_ships() -> None:
    found = set()
    for top, name in (("lintkit", "lintkit"), ("rules", "lintkit_rules")):
        for init in (ROOT / top).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((name, *relative)))
    shipped = _shipped()
    assert found <= shipped
    assert "lintkit.schemas" in shipped  # data only: the JSON Schemas the dialects load
    assert not [p for p in shipped if "__pycache__" in p]


def test_every_rule_module_is_registered() -> None:
    from lintkit.plugins.registry import load_rules

    registered = {rule.__module__ for rule in load_rules().rules.values()}
    modules = {
        "lintkit_rules." + ".".join(p.relative_to(ROOT / "rules").with_suffix("").parts)
        for p in (ROOT / "rules").rglob("*.py")
        if p.name[:2].isalpha() and p.name[2:5].isdigit()
    }
    assert modules <= registered, 'add these to [project.entry-points."lintkit.rules"]'
