"""CD101 eligible-branch-without-telemetry, through the CLI, beyond its own examples."""

from __future__ import annotations

from textwrap import dedent

import pytest
from lk_testing import run

HEADER = """
    import analytics


    def _elsewhere(user):
        analytics.track(user.id, 'x')


    """


def module(source: str) -> str:
    return dedent(HEADER).lstrip("\n") + dedent(source).lstrip("\n")


def py101(project, source: str, config: str = "") -> list[str]:
    root = project({"app/offers.py": module(source), "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "CD101")
    assert result.code in (0, 1), result.err
    return [f"{d['line']}:{d['column']}" for d in result.json["diagnostics"]]


# Line 8 is the first line after HEADER.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible:
                        return make_offer()
            """,
            ["10:8"],
            id="plain-if",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if not result.eligible:
                        return None
                    offer = make_offer()
                    return offer
            """,
            ["10:12"],
            id="guard-return",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if not result.eligible:
                        raise NotEligible()
                    return make_offer()
            """,
            ["10:12"],
            id="guard-raise",
        ),
        pytest.param(
            """
                def f(users):
                    analytics.track(users, 'offer_checked')
                    for user in users:
                        if not user.is_eligible():
                            continue
                        send_offer(user)
            """,
            ["11:16"],
            id="guard-continue-in-loop",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    with lock():
                        if not result.eligible:
                            return None
                    return make_offer()
            """,
            ["11:16"],
            id="guard-in-with-reaches-past-it",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible is False:
                        return None
                    else:
                        return make_offer()
            """,
            ["10:8"],
            id="else-of-is-false",
        ),
        pytest.param(
            """
                def f(user):
                    analytics.track(user, 'offer_checked')
                    if user.ineligible:
                        return None
                    return make_offer()
            """,
            ["10:8"],
            id="negated-word-guard",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.status == Status.ELIGIBLE:
                        return make_offer()
            """,
            ["10:8"],
            id="comparison-with-eligible-constant",
        ),
        pytest.param(
            """
                def f(result, plan):
                    analytics.track(result, 'offer_checked')
                    if not (result.eligible and plan):
                        return None
                    return make_offer()
            """,
            ["10:13"],
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
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible:
                        _record(result)
                        return make_offer()


                def _record(result):
                    _really(result)


                def _really(result):
                    analytics.track(result.user, 'offer_eligible')
            """,
            id="helper-of-a-helper-records",
        ),
        pytest.param(
            """
                class Offers:
                    def f(self, result):
                        analytics.track(self, 'offer_checked')
                        if not result.eligible:
                            return None
                        self._record()
                        return make_offer()

                    def _record(self):
                        analytics.track('u', 'offer_eligible')
            """,
            id="method-helper-records-after-guard",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible or force:
                        return make_offer()
            """,
            id="or-does-not-make-it-eligible",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible:
                        return True
                    return False
            """,
            id="predicate-returns-a-constant",
        ),
        pytest.param(
            """
                def f(items):
                    analytics.track(items, 'offer_checked')
                    out = []
                    for item in items:
                        if item.eligible:
                            out.append(item)
                    return out
            """,
            id="filter-collects",
        ),
        pytest.param(
            """
                def f(node):
                    analytics.track(node, 'offer_checked')
                    if node.qualified_name:
                        return make_offer()
            """,
            id="qualified-name-is-not-eligibility",
        ),
        pytest.param(
            """
                def f(response):
                    analytics.track(response, 'offer_checked')
                    eligibilities = response.json()
                    if not eligibilities:
                        return None
                    return parse(eligibilities[0])
            """,
            id="a-collection-named-eligibilities",
        ),
        pytest.param(
            """
                def f(result):
                    analytics.track(result, 'offer_checked')
                    if result.eligible:
                        analytics.capture('u', event='offer_eligible')
                        return make_offer()
            """,
            id="records-in-branch",
        ),
    ],
)
def test_silent_when_recorded_or_not_a_decision(project, source: str) -> None:
    assert py101(project, source) == []


def test_a_function_that_records_nothing_is_left_to_its_callers(project) -> None:
    # The module records telemetry (HEADER), this function does not, on any path.
    source = """
        def f(c):
            if not c.is_eligible():
                return None
            return fit(c)
    """
    assert py101(project, source) == []


def test_a_helper_that_logs_does_not_make_the_caller_instrumented(project) -> None:
    source = """
        def f(request):
            details = load_details(request)
            if details.eligible:
                return redirect(DASHBOARD)
            return render(details)


        def load_details(request):
            analytics.track(request.user, "details_failed")
    """
    assert py101(project, source) == []


def test_eligibility_pattern_is_configurable(project) -> None:
    source = """
        def f(user):
            analytics.track(user, 'offer_checked')
            if user.is_vip:
                return make_offer()
    """
    config = '[telemetry]\neligibility = "(?i)vip"\n'
    assert py101(project, source, config) == ["10:8"]
    assert py101(project, source) == []


def test_telemetry_calls_are_configurable(project) -> None:
    source = """
            def f(result):
                analytics.track(result, 'offer_checked')
                if result.eligible:
                    audit.write('offer_eligible')
                    return make_offer()
        """
    assert py101(project, source) == ["10:8"]
    config = '[telemetry]\ncalls = ["audit.write", "analytics.track"]\n'
    assert py101(project, source, config) == []


def test_message_names_the_test_and_the_branch(project) -> None:
    source = """
        def f(result):
            analytics.track(result, 'offer_checked')
            if not result.eligible:
                return None
            return make_offer()
    """
    root = project({"app/offers.py": module(source)})
    result = run("check", root, "--format", "json", "--select", "CD101")
    [d] = result.json["diagnostics"]
    assert d["code"] == "CD101" and d["severity"] == "warning"
    assert "`result.eligible`" in d["message"] and "after the guard" in d["message"]
    assert d["related"][0]["line"] == 12  # the eligible code: `return make_offer()`
