"""XR101 trigger-never-emitted through the real CLI: how the code records event names."""

from __future__ import annotations

from typing import Any

import pytest
from lk_hogflow import email, hogflow
from lk_testing import run


def flow(*events: str) -> str:
    """A workflow triggered by ``events``: trigger i on line 4 + i, its name at column 12."""
    triggers = "".join(f"  - event: {e}\n" for e in events)
    return (
        f"lintkit: 1\nworkflow: credits\ntriggers:\n{triggers}steps:\n"
        "  grant:\n    type: action\n    next: done\n  done:\n    type: exit\n"
    )


def check(project: Any, files: dict[str, str], *args: str) -> list[dict[str, Any]]:
    root = project(files)
    result = run("check", root, "--format", "json", "--select", "XR101", *args)
    assert result.code in (0, 1), result.err
    return list(result.json["diagnostics"])


ADDED = "startup_plan_customer_added"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(
            {
                "app/billing.py": "import analytics\n\n"
                f"def add(u):\n    analytics.track(u.id, '{ADDED}')\n"
            },
            id="string",
        ),
        pytest.param(
            {
                "app/events.py": f"CUSTOMER_ADDED = '{ADDED}'\n",
                "app/billing.py": "import analytics\nfrom app import events\n\n"
                "def add(u):\n    analytics.track(u.id, events.CUSTOMER_ADDED)\n",
            },
            id="constant-of-another-module",
        ),
        pytest.param(
            {
                "app/events.py": "import enum\n\nclass Event(str, enum.Enum):\n"
                f"    CUSTOMER_ADDED = '{ADDED}'\n",
                "app/billing.py": "import posthog\nfrom app.events import Event\n\n"
                "def add(u):\n    posthog.capture(u.id, Event.CUSTOMER_ADDED.value)\n",
            },
            id="enum-of-another-module",
        ),
        pytest.param(
            {
                "app/billing.py": "import analytics\n\n"
                "def add(u, backfill):\n"
                f"    name = '{ADDED}_backfill' if backfill else '{ADDED}'\n"
                "    analytics.track(u.id, name)\n"
            },
            id="conditional-name",
        ),
        pytest.param(
            {
                "app/billing.py": "import analytics\n\n"
                "def add(u):\n    analytics.track(u.id, f'{u.plan}_plan_customer_added')\n"
            },
            id="f-string",
        ),
        pytest.param(
            {
                "app/telemetry.py": "import analytics\n\n"
                "def send_event(user, event, **props):\n"
                "    analytics.track(user.id, event, props)\n",
                "app/billing.py": "from app.telemetry import send_event\n\n"
                f"def add(u):\n    send_event(u, '{ADDED}', plan=u.plan)\n",
            },
            id="wrapper-in-another-module",
        ),
        pytest.param(
            {
                "app/billing.py": "import analytics\n\nclass Billing:\n"
                "    def _record(self, user, name):\n        analytics.track(user.id, name)\n\n"
                f"    def add(self, u):\n        self._record(u, '{ADDED}')\n"
            },
            id="method-wrapper",
        ),
    ],
)
def test_recorded_trigger_is_silent(project: Any, code: dict[str, str]) -> None:
    assert check(project, {"flows/credits.yaml": flow(ADDED), **code}) == []


BILLING = f"""\
import analytics


def add_customer(user):
    analytics.track(user.id, "{ADDED}")


def add_backfilled(user):
    analytics.track(user.id, "{ADDED}_backfill")
"""


def test_misspelled_trigger_names_the_closest_recorded_events(project: Any) -> None:
    [found] = check(
        project,
        {"flows/credits.yaml": flow(ADDED, "startup_plan_customer_add"), "app/billing.py": BILLING},
    )
    assert (found["path"], found["line"], found["column"]) == ("flows/credits.yaml", 5, 12)
    assert found["message"] == (
        "no code records the trigger event `startup_plan_customer_add`, so this trigger never"
        " starts 'credits' (did you mean `startup_plan_customer_added`?)"
    )  # not the backfill twin: another event, not a typo
    assert [(r["path"], r["line"], r["message"]) for r in found["related"]] == [
        ("app/billing.py", 5, f"`{ADDED}` is recorded here"),
    ]
    assert "events.external" in found["help"]


def test_names_lintkit_cannot_read_count_for_no_event(project: Any) -> None:
    dynamic = (
        "import analytics\n\n"
        "def forward(user, payload):\n    analytics.track(user.id, payload['event'])\n"
    )
    found = check(
        project,
        {
            "flows/credits.yaml": flow(ADDED),
            "app/webhooks.py": dynamic,
            "app/billing.py": BILLING.replace(ADDED, "x_" + ADDED),
        },
    )
    assert [d["line"] for d in found] == [4]


def test_external_events_and_posthog_own_events(project: Any) -> None:
    files = {
        "flows/credits.yaml": flow("invoice.payment_failed", "$pageview", "trial_started"),
        "app/billing.py": BILLING,
    }
    assert [d["line"] for d in check(project, files)] == [4, 6]  # `$*` is external by default
    config = '[events]\nexternal = ["invoice.*", "$*"]\n'
    found = check(project, {**files, "lintkit.toml": config})
    assert [d["line"] for d in found] == [6]


@pytest.mark.parametrize(
    "code",
    [
        pytest.param({}, id="no-python-code"),
        pytest.param(
            {
                "app/jobs.py": "import logging\nlog = logging.getLogger(__name__)\n\n"
                "def run():\n    log.info('job started')\n"
            },
            id="only-log-lines",
        ),
    ],
)
def test_silent_with_nothing_to_compare_with(project: Any, code: dict[str, str]) -> None:
    assert check(project, {"flows/credits.yaml": flow("signed_up"), **code}) == []


def test_posthog_workflow_trigger(project: Any) -> None:
    trigger = {
        "type": "event",
        "filters": {"events": [{"id": "signed_upp", "type": "events"}]},
    }
    files = {
        "flows/onboarding.json": hogflow(
            [email("welcome", "Welcome")],
            [("trigger_node", "welcome"), ("welcome", "exit_node")],
            trigger=trigger,
        ),
        "app/accounts.py": "import posthog\n\n"
        "def signup(u):\n    posthog.capture(u.id, 'signed_up')\n",
    }
    [found] = check(project, files)
    assert found["path"] == "flows/onboarding.json"
    assert "`signed_upp`" in found["message"] and "did you mean `signed_up`?" in found["message"]
