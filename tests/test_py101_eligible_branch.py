"""PY101 eligible-branch-without-telemetry, through the CLI, beyond its own examples."""

from __future__ import annotations

import pytest

from lk_testing import run

HEADER = "import analytics\n\n\ndef _elsewhere(user):\n    analytics.track(user.id, 'x')\n\n\n"


def py101(project, source: str, config: str = "") -> list[str]:
    root = project({"app/offers.py": HEADER + source, "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "PY101")
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']}" for d in result.json["diagnostics"]]


# Line 8 is the first line after HEADER.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "def f(result):\n    if result.eligible:\n        return make_offer()\n",
            ["9:8"],
            id="plain-if",
        ),
        pytest.param(
            "def f(result):\n    if not result.eligible:\n        return None\n"
            "    offer = make_offer()\n    return offer\n",
            ["9:12"],
            id="guard-return",
        ),
        pytest.param(
            "def f(result):\n    if not result.eligible:\n        raise NotEligible()\n"
            "    return make_offer()\n",
            ["9:12"],
            id="guard-raise",
        ),
        pytest.param(
            "def f(users):\n    for user in users:\n        if not user.is_eligible():\n"
            "            continue\n        send_offer(user)\n",
            ["10:16"],
            id="guard-continue-in-loop",
        ),
        pytest.param(
            "def f(result):\n    with lock():\n        if not result.eligible:\n"
            "            return None\n    return make_offer()\n",
            ["10:16"],
            id="guard-in-with-reaches-past-it",
        ),
        pytest.param(
            "def f(result):\n    if result.eligible is False:\n        return None\n"
            "    else:\n        return make_offer()\n",
            ["9:8"],
            id="else-of-is-false",
        ),
        pytest.param(
            "def f(user):\n    if user.ineligible:\n        return None\n    return make_offer()\n",
            ["9:8"],
            id="negated-word-guard",
        ),
        pytest.param(
            "def f(result):\n    if result.status == Status.ELIGIBLE:\n        return make_offer()\n",
            ["9:8"],
            id="comparison-with-eligible-constant",
        ),
        pytest.param(
            "def f(result, plan):\n    if not (result.eligible and plan):\n        return None\n"
            "    return make_offer()\n",
            ["9:13"],
            id="negated-conjunction-guard",
        ),
    ],
)
def test_reports_the_eligible_branch(project, source: str, expected: list[str]) -> None:
    assert py101(project, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "def f(result):\n    if result.eligible:\n        _record(result)\n"
            "        return make_offer()\n\n\ndef _record(result):\n    _really(result)\n\n\n"
            "def _really(result):\n    analytics.track(result.user, 'offer_eligible')\n",
            id="helper-of-a-helper-records",
        ),
        pytest.param(
            "class Offers:\n    def f(self, result):\n        if not result.eligible:\n"
            "            return None\n        self._record()\n        return make_offer()\n\n"
            "    def _record(self):\n        analytics.track('u', 'offer_eligible')\n",
            id="method-helper-records-after-guard",
        ),
        pytest.param(
            "def f(result):\n    if result.eligible or force:\n        return make_offer()\n",
            id="or-does-not-make-it-eligible",
        ),
        pytest.param(
            "def f(result):\n    if result.eligible:\n        return True\n    return False\n",
            id="predicate-returns-a-constant",
        ),
        pytest.param(
            "def f(items):\n    out = []\n    for item in items:\n        if item.eligible:\n"
            "            out.append(item)\n    return out\n",
            id="filter-collects",
        ),
        pytest.param(
            "def f(node):\n    if node.qualified_name:\n        return make_offer()\n",
            id="qualified-name-is-not-eligibility",
        ),
        pytest.param(
            "def f(response):\n    eligibilities = response.json()\n    if not eligibilities:\n"
            "        return None\n    return parse(eligibilities[0])\n",
            id="a-collection-named-eligibilities",
        ),
        pytest.param(
            "def f(result):\n    if result.eligible:\n        analytics.capture('u', event='offer_eligible')\n"
            "        return make_offer()\n",
            id="records-in-branch",
        ),
    ],
)
def test_silent_when_recorded_or_not_a_decision(project, source: str) -> None:
    assert py101(project, source) == []


def test_module_without_any_telemetry_is_not_instrumented_code(project) -> None:
    root = project(
        {"algo.py": "def f(c):\n    if not c.is_eligible():\n        return None\n    return fit(c)\n"}
    )
    result = run("check", root, "--format", "json", "--select", "PY101")
    assert result.json["diagnostics"] == []


def test_eligibility_pattern_is_configurable(project) -> None:
    source = "def f(user):\n    if user.is_vip:\n        return make_offer()\n"
    config = '[telemetry]\neligibility = "(?i)vip"\n'
    assert py101(project, source, config) == ["9:8"]
    assert py101(project, source) == []


def test_telemetry_calls_are_configurable(project) -> None:
    source = (
        "def f(result):\n    if result.eligible:\n        audit.write('offer_eligible')\n"
        "        return make_offer()\n"
    )
    assert py101(project, source) == ["9:8"]
    config = '[telemetry]\ncalls = ["audit.write", "analytics.track"]\n'
    assert py101(project, source, config) == []


def test_message_names_the_test_and_the_branch(project) -> None:
    root = project(
        {
            "app/offers.py": HEADER + "def f(result):\n    if not result.eligible:\n"
            "        return None\n    return make_offer()\n"
        }
    )
    result = run("check", root, "--format", "json", "--select", "PY101")
    [d] = result.json["diagnostics"]
    assert d["code"] == "PY101" and d["severity"] == "warning"
    assert "`result.eligible`" in d["message"] and "after the guard" in d["message"]
    assert d["related"][0]["line"] == 11  # the eligible code: `return make_offer()`
