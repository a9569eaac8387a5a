"""The bundled demo shows every code rule on its handler code (examples/demo/app)."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run

from lintkit.project.load_file import LoadSettings
from lintkit.project.loading import load_bytes

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def test_demo_shows_each_python_rule() -> None:
    result = run("check", DEMO, "--format", "json", "--select", "PY,CD")
    assert result.code == 1, result.err
    assert [f for f in result.found if f.startswith("app/")] == [
        "app/billing.py:33:9 CD301",
        "app/billing.py:41:9 CD301",
        "app/legacy_export.py:7:5 PY001",
        "app/retention.py:17:8 CD101",
        "app/secrets.py:17:20 CD201",
        "app/settings.py:8:20 CD201",
        "app/settings.py:8:55 CD203",
        "app/settings.py:11:21 CD201",
        "app/settings.py:18:20 CD201",
        "app/settings.py:19:30 CD201",
        "app/settings.py:19:41 CD202",
        "app/settings.py:20:28 CD201",
        "app/settings.py:20:39 CD202",
    ]


def test_demo_handlers_the_workflows_name_exist() -> None:
    # flows/ reference "app.billing:grant_referral_credit" and "app.retention:get_retention_offer"
    for path, function in (
        ("app/billing.py", "grant_referral_credit"),
        ("app/retention.py", "get_retention_offer"),
    ):
        loaded = load_bytes(path, (DEMO / path).read_bytes(), LoadSettings(), declared=False)
        assert loaded.module is not None and loaded.module.module == path[:-3].replace("/", ".")
        assert loaded.module.function(function) is not None
