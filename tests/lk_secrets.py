"""Checking a module that reads secrets (CD201 and CD203 tests)."""

from __future__ import annotations

from lk_testing import run

STRIPE_LIVE = "sk_live_" + "51HbQ2eKz8vQm3TnW7yLp"  # split: no secret scanner trips here


def check(project, source: str, select: str = "CD201,CD203", config: str = "") -> list[str]:
    root = project({"app/config.py": source, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", select)
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]]
