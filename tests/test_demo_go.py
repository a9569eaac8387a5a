"""The bundled demo's Go backend (examples/demo/api): the retention incident as it
was written is reported, the shipped fix (api/context/v4) is silent."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def test_demo_shows_the_incident_in_go() -> None:
    result = run("check", DEMO, "--format", "json", "--select", "GO,CD")
    assert result.code == 1, result.err
    assert [f for f in result.found if f.startswith("api/")] == [
        "api/billing/webhook.go:18:3 CD301",
        "api/context/v3/secrets.go:16:2 CD201",
        "api/context/v3/secrets.go:16:23 CD202",
        "api/context/v3/secrets.go:16:70 CD203",
        "api/context/v3/secrets.go:38:25 CD202",
        "api/context/v3/secrets.go:42:25 CD202",
        "api/context/v3/secrets.go:46:12 CD201",
        "api/context/v3/secrets.go:46:22 CD202",
        "api/context/v3/subscription_context.go:22:5 CD101",
        "api/legacy/export.go:6:18 GO001",
    ]


def test_the_shipped_fix_is_silent() -> None:
    result = run("check", DEMO / "api" / "context" / "v4", "--format", "json")
    assert result.json["diagnostics"] == [], result.out
