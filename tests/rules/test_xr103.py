"""XR103 unknown-handler through the real CLI: every layout a handler's module may live in."""

from __future__ import annotations

from typing import Any

import pytest
from lk_testing import run


def flow(*handlers: str) -> str:
    """A workflow whose action steps (`step0`, `step1`...) call ``handlers``; the
    handler of step i is on line 6 + 4*i, its value at column 14."""
    steps = ""
    for i, handler in enumerate(handlers):
        after = f"step{i + 1}" if i + 1 < len(handlers) else "done"
        steps += f'  step{i}:\n    type: action\n    handler: "{handler}"\n    next: {after}\n'

    return f"lintkit: 1\nworkflow: retention\nsteps:\n{steps}  done:\n    type: exit\n"


def check(project: Any, files: dict[str, str], *args: str) -> list[dict[str, Any]]:
    root = project(files)
    result = run("check", root, "--format", "json", "--select", "XR103", *args)
    assert result.code in (0, 1), result.err
    return list(result.json["diagnostics"])


OFFER = "def get_offer(user):\n    return {'coupon': 'RETAIN50'}\n"


@pytest.mark.parametrize(
    ("files", "handler"),
    [
        pytest.param(
            {"app/__init__.py": "", "app/retention.py": OFFER},
            "app.retention:get_offer",
            id="flat-layout-package",
        ),
        pytest.param({"app/retention.py": OFFER}, "app.retention:get_offer", id="flat-namespace"),
        pytest.param(
            {"src/acme/__init__.py": "", "src/acme/retention.py": OFFER},
            "acme.retention:get_offer",
            id="src-layout",
        ),
        pytest.param(
            {"src/acme/billing/handlers.py": OFFER},
            "acme.billing.handlers:get_offer",
            id="src-namespace-package",
        ),
        pytest.param(
            {"services/api/app/__init__.py": "", "services/api/app/retention.py": OFFER},
            "app.retention:get_offer",
            id="subproject",
        ),
        pytest.param(
            {"app/__init__.py": "from .offers import get_offer\n", "app/offers.py": OFFER},
            "app:get_offer",
            id="package-re-export",
        ),
        pytest.param(
            {
                "app/handlers/__init__.py": "from app.handlers.impl import *\n",
                "app/handlers/impl.py": OFFER,
            },
            "app.handlers:get_offer",
            id="star-import",
        ),
        pytest.param(
            {"app/lambdas.py": "from mangum import Mangum\n\nhandler = Mangum(app)\n"},
            "app.lambdas:handler",
            id="module-level-binding",
        ),
        pytest.param(
            {
                "app/base.py": "class Handler:\n    def run(self, user):\n        return user\n",
                "app/retention.py": "from app.base import Handler\n\n\nclass Offer(Handler):\n"
                "    pass\n",
            },
            "app.retention:Offer.run",
            id="method-inherited-from-a-project-base",
        ),
        pytest.param(
            {
                "app/retention.py": "from celery import Task\n\n\nclass OfferTask(Task):\n"
                "    name = 'offer'\n"
            },
            "app.retention:OfferTask.run",
            id="method-maybe-inherited-from-outside",
        ),
        pytest.param(
            {"app/retention.py": "from vendor.offers import get_offer\n"},
            "app.retention:get_offer",
            id="imported-from-outside-the-project",
        ),
        pytest.param(
            {"app/retention.py": "def get_offer(user:\n    return user\n"},
            "app.retention:get_offer",
            id="module-that-does-not-parse",
        ),
    ],
)
def test_handler_found_in_every_layout(project: Any, files: dict[str, str], handler: str) -> None:
    assert check(project, {"flows/retention.yaml": flow(handler), **files}) == []


def test_function_in_another_module_is_suggested(project: Any) -> None:
    [found] = check(
        project,
        {
            "flows/retention.yaml": flow("app.billing:get_offer"),
            "app/__init__.py": "",
            "app/billing.py": "def cancel(user):\n    return None\n",
            "app/retention.py": OFFER,
        },
    )
    assert (found["path"], found["line"], found["column"]) == ("flows/retention.yaml", 6, 14)
    assert found["message"] == (
        "step 'step0' has handler `app.billing:get_offer`, but module `app.billing` defines no"
        " `get_offer` (did you mean `app.retention:get_offer`?); every run that reaches the step"
        " fails there"
    )
    assert [(r["path"], r["line"], r["column"]) for r in found["related"]] == [
        ("app/billing.py", 1, 1),
        ("app/retention.py", 1, 5),
    ]


def test_misspelled_module_and_method(project: Any) -> None:
    found = check(
        project,
        {
            "flows/retention.yaml": flow(
                "app.retentoin:get_offer_x", "app.retention:Retention.offr"
            ),
            "app/__init__.py": "",
            "app/retention.py": (
                "class Retention:\n    def offer(self, user):\n        return user\n"
            ),
        },
    )
    assert [(d["line"], d["column"]) for d in found] == [(6, 14), (10, 14)]
    assert (
        "no module `app.retentoin` is in the code (did you mean `app.retention`?)"
        in (found[0]["message"])
    )
    assert (
        "class `Retention` of `app.retention` has no method `offr`"
        " (did you mean `app.retention:Retention.offer`?)"
    ) in found[1]["message"]


def test_a_module_inside_a_regular_package_has_one_name(project: Any) -> None:
    """With app/__init__.py, `retention` alone is not importable: app.retention is."""
    [found] = check(
        project,
        {
            "flows/retention.yaml": flow("retention:get_offer"),
            "app/__init__.py": "",
            "app/retention.py": OFFER,
        },
    )
    assert "(did you mean `app.retention:get_offer`?)" in found["message"]


def test_silent_without_python_code(project: Any) -> None:
    assert check(project, {"flows/retention.yaml": flow("app.retention:get_offer")}) == []


def test_reported_for_the_workflow_and_the_handler_module_given(project: Any) -> None:
    files = {
        "flows/retention.yaml": flow("app.retention:get_offr"),
        "app/retention.py": OFFER,
        "app/other.py": "X = 1\n",
    }
    root = project(files)
    for given, expected in (
        ("flows/retention.yaml", 1),
        ("app/retention.py", 1),  # the module the handler names takes part
        ("app/other.py", 0),
    ):
        result = run("check", root / given, "--format", "json", "--select", "XR103")
        assert len(result.json["diagnostics"]) == expected, given
