"""Every package directory ships: setuptools is given the list explicitly."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setup["packages"])
    found = set()
    for top, name in (("lintkit", "lintkit"), ("rules", "lintkit_rules")):
        for init in (ROOT / top).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / top).parts
            found.add(".".join((name, *relative)))
    assert found <= listed, "add these to [tool.setuptools] packages"
    for package in listed:  # and data-only packages such as lintkit.schemas exist
        top, *rest = package.split(".")
        assert (ROOT / ("rules" if top == "lintkit_rules" else top)).joinpath(*rest).is_dir()


def test_every_rule_module_is_registered() -> None:
    from lintkit.plugins.registry import load_rules

    registered = {rule.__module__ for rule in load_rules().rules.values()}
    modules = {
        "lintkit_rules." + ".".join(p.relative_to(ROOT / "rules").with_suffix("").parts)
        for p in (ROOT / "rules").rglob("*.py")
        if p.name[:2].isalpha() and p.name[2:5].isdigit()
    }
    assert modules <= registered, 'add these to [project.entry-points."lintkit.rules"]'
