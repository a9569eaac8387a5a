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


def test_a_function_that_records_nothing_is_reported_when_no_caller_does(project) -> None:
    # The module records telemetry (HEADER), this function does not, on any path.
    source = """
        def f(c):
            if not c.is_eligible():
                return None
            return fit(c)
    """
    root = project({"app/offers.py": module(source)})
    result = run("check", root, "--format", "json", "--select", "CD101")
    [d] = result.json["diagnostics"]
    assert (d["line"], d["column"]) == (9, 12)
    assert "neither `f` nor any caller" in d["message"]
    assert [(r["line"], r["message"]) for r in d["related"]] == [
        (11, "the eligible branch: nothing here records an event"),
        (8, "`f` records nothing and no code calls it"),
    ]


def test_a_caller_in_another_module_that_records_makes_it_silent(project) -> None:
    source = """
        def f(c):
            if not c.is_eligible():
                return None
            return fit(c)
    """
    silent_caller = "from app.offers import f\n\n\ndef g(c):\n    return f(c)\n"
    recording = (
        "import structlog\n\nfrom app import offers\n\nlog = structlog.get_logger()\n\n\n"
        "def g(c):\n    found = offers.f(c)\n    log.info('offer', found=found)\n    return found\n"
    )
    for caller, expected in ((silent_caller, ["9:12"]), (recording, [])):
        root = project({"app/offers.py": module(source), "app/cli.py": caller})
        result = run("check", root, "--format", "json", "--select", "CD101")
        assert [f"{d['line']}:{d['column']}" for d in result.json["diagnostics"]] == expected


def test_a_method_called_through_an_object_by_a_recording_caller_is_silent(project) -> None:
    source = """
        class Offers:
            def offer(self, c):
                if c.eligible:
                    return fit(c)
                return None
    """
    caller = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def g(service, c):\n    logger.info('checked')\n    return service.offer(c)\n"
    )
    root = project({"app/offers.py": module(source), "app/cli.py": caller})
    assert run("check", root, "--format", "json", "--select", "CD101").json["diagnostics"] == []


def test_a_property_is_read_not_called_so_its_readers_are_unknown(project) -> None:
    source = """
        class Program:
            @property
            def availability(self):
                found = set()
                if self.subscription_eligible:
                    found.add(label("Available by subscription"))
                return found
    """
    root = project({"app/offers.py": module(source)})
    assert run("check", root, "--format", "json", "--select", "CD101").json["diagnostics"] == []


def test_tests_are_neither_checked_nor_callers(project) -> None:
    source = """
        def f(c):
            if c.eligible:
                return fit(c)
            return None
    """
    test = "from app.offers import f\n\n\ndef test_f():\n    if f(1).eligible:\n        run(2)\n"
    root = project({"app/offers.py": module(source), "tests/test_offers.py": test})
    result = run("check", root, "--format", "json", "--select", "CD101")
    assert [(d["path"], d["line"]) for d in result.json["diagnostics"]] == [("app/offers.py", 9)]


def test_a_workflow_steps_handler_is_an_entry_point(project) -> None:
    source = """
        def offer_step(c):
            if c.eligible:
                return fit(c)
            return None


        def caller(c):
            analytics.track(c, 'offer')
            return offer_step(c)
    """
    flow = (
        "lintkit: 1\nworkflow: w\nsteps:\n  a:\n    type: action\n"
        '    handler: "app.offers:offer_step"\n    next: done\n  done:\n    type: exit\n'
    )
    root = project({"app/offers.py": module(source), "flow.yaml": flow})
    result = run("check", root, "--format", "json", "--select", "CD101")
    [d] = result.json["diagnostics"]
    assert (d["line"], d["column"]) == (9, 8)
    assert "a workflow step's handler" in d["related"][1]["message"]


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


BOUND = """
    import logging

    import structlog
    from mixpanel import Mixpanel


    class Offers:
        def offer(self, user):
            self.events.track(user.id, "offer_checked")
            if user.eligible:
                {record}
                return make_offer(user)
            return None

        def __init__(self):
            self.events = Mixpanel("token")
            self.audit = structlog.get_logger().bind(area="offers")


    billing_logger = logging.getLogger("billing").getChild("offers")
"""


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ('billing_logger.info("offer_eligible")', []),
        ('self.audit.info("offer_eligible")', []),
        ('self.events.people_set(user.id, {"offer": "eligible"})', []),
        ('billing_records.info("offer_eligible")', ["10:12"]),
    ],
)
def test_a_name_bound_to_a_logger_or_client_is_telemetry_whatever_its_name(
    project, record: str, expected: list[str]
) -> None:
    source = dedent(BOUND).lstrip("\n").replace("{record}", record)
    root = project({"app/offers.py": source})
    result = run("check", root, "--format", "json", "--select", "CD101")
    assert [f"{d['line']}:{d['column']}" for d in result.json["diagnostics"]] == expected


def test_a_request_method_is_an_entry_point_though_its_name_is_called_everywhere(project) -> None:
    view = """
        from rest_framework.views import APIView


        class RetentionOfferView(APIView):
            def get(self, request):
                result = check_eligibility(request.user)
                if result.eligible:
                    return build_offer(request.user)
                return None
    """
    lookups = "".join(f"def f{i}(d):\n    return d.get('k{i}')\n\n\n" for i in range(20))
    root = project({"app/views.py": dedent(view).lstrip("\n"), "app/lookups.py": lookups})
    result = run("check", root, "--format", "json", "--select", "CD101")
    [d] = result.json["diagnostics"]
    assert (d["path"], d["line"], d["column"]) == ("app/views.py", 7, 12)
    assert "a request or job method" in d["related"][1]["message"]


CONFIRM = """
    from rest_framework.decorators import api_view
    from rest_framework.response import Response


    @api_view(["POST"])
    def confirm_transfer(request, order):
        if not order.is_eligible_to_validate_payment:
            return Response(status=400)
        order.flow.update()
        return Response(status=200)
"""


def _flow(name: str, body: str) -> str:
    return (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        f"class {name}:\n    def update(self):\n        {body}\n"
    )


def cd101(project, files: dict[str, str]) -> list[str]:
    root = project({"app/views.py": dedent(CONFIRM).lstrip("\n"), **files})
    result = run("check", root, "--format", "json", "--select", "CD101")
    return [f"{d['path']}:{d['line']}" for d in result.json["diagnostics"]]


def test_a_method_called_through_an_object_records_when_one_of_that_name_does(project) -> None:
    logs = _flow("OrderFlow", "logger.info('order updated')")
    assert cd101(project, {"app/flows.py": logs}) == []
    silent = _flow("OrderFlow", "self.state = 'done'")
    assert cd101(project, {"app/flows.py": silent}) == ["app/views.py:7"]
    # a method of a test class says nothing of production code
    assert cd101(project, {"tests/test_flows.py": logs}) == ["app/views.py:7"]


def test_a_method_called_through_an_object_is_followed_into_other_modules(project) -> None:
    flow = (
        "from app.audit import audit\n\n\n"
        "class OrderFlow:\n    def update(self):\n        audit(self)\n"
    )
    audit = "import logging\n\n\ndef audit(x):\n    logging.getLogger('a').info('%s', x)\n"
    assert cd101(project, {"app/flows.py": flow, "app/audit.py": audit}) == []


def test_a_method_name_defined_in_many_classes_counts_only_where_it_records_itself(
    project,
) -> None:
    # Following 13 `update`s (a serializer's, a form's...) is past the bound: only
    # one that records itself makes the call a possible recorder.
    many = {f"app/m{i}.py": _flow(f"Form{i}", "self.state = 'done'") for i in range(13)}
    flow = (
        "from app.audit import audit\n\n\n"
        "class OrderFlow:\n    def update(self):\n        audit(self)\n"
    )
    audit = "import logging\n\n\ndef audit(x):\n    logging.getLogger('a').info('%s', x)\n"
    indirect = {**many, "app/flows.py": flow, "app/audit.py": audit}
    assert cd101(project, indirect) == ["app/views.py:7"]
    logs = _flow("OrderFlow", "logger.info('order updated')")
    assert cd101(project, {**many, "app/flows.py": logs}) == []


def test_a_method_called_through_an_object_in_typescript_and_go(project) -> None:
    ts = """
        export class OrderFlow {
          update() {
            console.info("order completed");
          }
        }
        export function confirm(order: Order) {
          if (!order.isEligible) {
            return null;
          }
          order.flow.update();
          return 1;
        }
    """
    go = """
        package app

        import "log/slog"

        type OrderFlow struct{ id string }

        func (f *OrderFlow) Update() {
            slog.Info("order completed", "id", f.id)
        }

        func Confirm(order *Order) int {
            if !order.IsEligible {
                return 0
            }
            order.Flow.Update()
            return 1
        }
    """
    for path, source, method in (("web/confirm.ts", ts, "update"), ("api/app.go", go, "Update")):
        for name, expected in ((method, []), (method + "Later", [path])):
            root = project(
                {path: dedent(source).lstrip("\n").replace(f"{method}()", f"{name}()", 1)}
            )
            result = run("check", root, "--format", "json", "--select", "CD101")
            found = [d["path"] for d in result.json["diagnostics"] if d["path"] == path]
            assert found == expected, (path, name)


def test_eligibility_said_of_a_technical_subject_is_no_decision(project) -> None:
    # Whether the browser tab may hold a connection (`isPageEligibleForSSE`) is a
    # property of the program; the same guard said of a person is a decision.
    ts = """
        export function connect(user: User) {
          console.info("connecting");
          if (!isPageEligibleForSSE()) {
            return;
          }
          openStream(user);
        }
    """
    py = """
        import logging


        def connect(page, user):
            logging.getLogger("a").info("connecting")
            if not page.is_eligible:
                return None
            open_stream(user)
    """
    go = """
        package app

        import "log/slog"

        func Connect(tab *Tab, user *User) {
            slog.Info("connecting")
            if !tab.IsEligible {
                return
            }
            OpenStream(user)
        }
    """
    for path, source, subject, person in (
        ("web/connect.ts", ts, "isPageEligibleForSSE()", "isUserEligibleForSSE()"),
        ("app/connect.py", py, "page.is_eligible", "user.is_eligible"),
        ("api/connect.go", go, "tab.IsEligible", "user.IsEligible"),
    ):
        for read, expected in ((subject, []), (person, [path])):
            root = project({path: dedent(source).lstrip("\n").replace(subject, read)})
            result = run("check", root, "--format", "json", "--select", "CD101")
            assert result.code in (0, 1), result.err
            found = [d["path"] for d in result.json["diagnostics"] if d["path"] == path]
            assert found == expected, (path, read)
