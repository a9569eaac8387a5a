"""XR102 declared-event-missing through the real CLI: `emits` against the handler's
code (followed through its calls), `funnel` stages against all the code."""

from __future__ import annotations

from typing import Any

import pytest
from lk_testing import run

ELIGIBLE = "retention_offer_eligible"


def flow(handler: str, emits: str = ELIGIBLE, funnel: str = "") -> str:
    """A step `offer` calling ``handler``: its `emits` on line 7 (first item at column 13),
    the `funnel` (if any) on line 11 (first item at column 10)."""
    return (
        "lintkit: 1\nworkflow: retention\nsteps:\n  offer:\n    type: action\n"
        f'    handler: "{handler}"\n    emits: [{emits}]\n    next: done\n'
        "  done:\n    type: exit\n" + (f"funnel: [{funnel}]\n" if funnel else "")
    )


def check(project: Any, files: dict[str, str], *args: str) -> list[dict[str, Any]]:
    root = project(files)
    result = run("check", root, "--format", "json", "--select", "XR102", *args)
    assert result.code in (0, 1), result.err
    return list(result.json["diagnostics"])


@pytest.mark.parametrize(
    ("handler", "code"),
    [
        pytest.param(
            "app.retention:get_offer",
            {
                "app/retention.py": "import analytics\n\n\ndef _issue(user):\n"
                "    return _record(user)\n\n\ndef _record(user):\n"
                f"    analytics.track(user.id, '{ELIGIBLE}')\n\n\n"
                "def get_offer(user):\n    if user.eligible:\n        return _issue(user)\n"
            },
            id="helper-of-a-helper",
        ),
        pytest.param(
            "app.retention:get_offer",
            {
                "app/telemetry.py": "import statsd\n\n\ndef offer_issued(user):\n"
                f"    statsd.incr('{ELIGIBLE}')\n",
                "app/retention.py": "from app.telemetry import offer_issued\n\n\n"
                "def get_offer(user):\n    offer_issued(user)\n",
            },
            id="function-of-another-module",
        ),
        pytest.param(
            "app.retention:Retention.get_offer",
            {
                "app/retention.py": "import analytics\n\nEVENT = 'retention_offer_'\n\n\n"
                "class Retention:\n    def get_offer(self, user):\n        self._issue(user)\n\n"
                "    def _issue(self, user):\n"
                "        analytics.track(user.id, EVENT + 'eligible')\n"
            },
            id="self-method-and-constant",
        ),
        pytest.param(
            "app.retention:get_offer",
            {
                "app/retention.py": "from app.tracking import track_offer\n\n\n"
                f"def get_offer(user):\n    track_offer(user, '{ELIGIBLE}')\n",
                "app/tracking.py": "import posthog\n\n\ndef track_offer(user, event_name):\n"
                "    posthog.capture(user.id, event_name)\n",
            },
            id="wrapper-given-the-name",
        ),
        pytest.param(
            "app.retention:get_offer",
            {
                "app/retention.py": "import analytics\n\n\ndef get_offer(user, outcome):\n"
                "    analytics.track(user.id, outcome.event_name)\n"
            },
            id="a-name-lintkit-cannot-read",
        ),
        pytest.param(
            "app.retention:get_ofer",
            {"app/retention.py": "def get_offer(user):\n    return None\n"},
            id="unknown-handler-left-to-XR103",
        ),
    ],
)
def test_recorded_or_undecidable_is_silent(
    project: Any, handler: str, code: dict[str, str]
) -> None:
    assert check(project, {"flows/retention.yaml": flow(handler), **code}) == []


def test_emit_missing_in_the_handler(project: Any) -> None:
    code = """\
import analytics
import logging

log = logging.getLogger(__name__)


def get_offer(user):
    if not user.eligible:
        analytics.track(user.id, "retention_offer_ineligible")
        return None
    log.info("offer for %s", user.id)
    return _build(user)


def _build(user):
    return {"coupon": "RETAIN50"}


def accept(user):
    analytics.track(user.id, "retention_offer_eligible")
"""
    [found] = check(
        project, {"flows/retention.yaml": flow("app.retention:get_offer"), "app/retention.py": code}
    )
    assert (found["path"], found["line"], found["column"]) == ("flows/retention.yaml", 7, 13)
    assert found["message"] == (
        "step 'offer' declares it emits `retention_offer_eligible`, but its handler"
        " `app.retention:get_offer` never records it (nor does the function of the project"
        " it calls)"
    )  # `retention_offer_ineligible` is the opposite event, not a suggestion
    assert [(r["path"], r["line"], r["message"]) for r in found["related"]] == [
        (
            "app/retention.py",
            7,
            "the handler `app.retention:get_offer`: records `retention_offer_ineligible`",
        )
    ]


def test_a_typo_in_emits_is_suggested(project: Any) -> None:
    code = (
        f"import analytics\n\n\ndef get_offer(user):\n    analytics.track(user.id, '{ELIGIBLE}')\n"
    )
    [found] = check(
        project,
        {
            "flows/retention.yaml": flow(
                "app.retention:get_offer", emits=f"{ELIGIBLE}, retention_offer_eligble"
            ),
            "app/retention.py": code,
        },
    )
    assert found["column"] == 39
    assert f"(did you mean `{ELIGIBLE}`?)" in found["message"]


FRONTEND = (
    "import analytics\n\n\n"
    "def shown(user):\n    analytics.track(user.id, 'retention_offer_shown')\n"
)
HANDLER = (
    f"import analytics\n\n\ndef get_offer(user):\n    analytics.track(user.id, '{ELIGIBLE}')\n"
)


def test_funnel_stage_recorded_nowhere(project: Any) -> None:
    files = {
        "flows/retention.yaml": flow(
            "app.retention:get_offer",
            funnel="retention_offer_shown, retention_offer_declined, retention_offer_accepted",
        ),
        "app/retention.py": HANDLER,
        "app/web.py": FRONTEND,
    }
    found = check(project, files)
    assert [(d["line"], d["column"]) for d in found] == [(11, 33), (11, 59)]
    assert found[0]["message"] == (
        "funnel stage `retention_offer_declined` is recorded nowhere in the code: it will read 0"
        " and the funnel cannot be measured past it"
    )
    config = '[events]\nexternal = ["retention_offer_declined", "*_accepted"]\n'
    assert check(project, {**files, "lintkit.toml": config}) == []


def test_reported_when_a_file_it_involves_is_given(project: Any) -> None:
    """With file arguments: the workflow, and every function the handler reaches."""
    files = {
        "flows/retention.yaml": flow("app.retention:get_offer"),
        "app/retention.py": "from app.offers import build\n\n\ndef get_offer(user):\n"
        "    return build(user)\n",
        "app/offers.py": "def build(user):\n    return {}\n",
        "app/web.py": FRONTEND,
    }
    root = project(files)
    for given, expected in (
        ("flows/retention.yaml", 1),
        ("app/retention.py", 1),
        ("app/offers.py", 1),
        ("app/web.py", 0),
    ):
        result = run("check", root / given, "--format", "json", "--select", "XR102")
        assert len(result.json["diagnostics"]) == expected, given
