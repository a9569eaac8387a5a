"""Code facts of a Python module (lintkit.project.loading.load_bytes), and PY001.

Facts are what later rules (cross-checks with workflows) and the cache build
on: plain picklable data, a pure function of the bytes and the settings.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from textwrap import dedent

import pytest
from lk_testing import run

from lintkit.code.model import ModuleFacts
from lintkit.project.load_file import LoadSettings
from lintkit.project.loading import load_bytes

SOURCE = """
import logging
import os
from os import getenv as env_get

import analytics
from .events import ACCEPTED

logger = logging.getLogger(__name__)
SHOWN = "retention_offer_shown"
PREFIX = "retention_offer_"


class Events:
    DECLINED = "retention_offer_declined"


class Retention:
    def offer(self, user, result, stage):
        if result.eligible:
            name = SHOWN if user.first_time else PREFIX + "reshown"
            analytics.track(user.id, name)
            analytics.track(user.id, Events.DECLINED)
            analytics.track(user.id, f"{PREFIX}{stage}")
            logger.warning("offer %s", user.id)
        posthog.capture(distinct_id=user.id, event=ACCEPTED)

    async def cancel(self, user):
        def inner():
            return env_get("API_TOKEN", "")
        return inner()
"""


def facts(source: str = SOURCE, path: str = "app/retention.py") -> ModuleFacts:
    result = load_bytes(path, dedent(source).lstrip().encode(), LoadSettings(), declared=False)
    assert result.problems == []
    assert isinstance(result.module, ModuleFacts)
    return result.module


ENTRY_POINTS = """
from flask import Flask
app = Flask(__name__)

@app.route("/cancel")
def cancel_view():
    def inner():
        pass

@property
def plain(self):
    pass

def stripe_webhook(request):
    pass

class BillingView:
    def post(self, request):
        pass

    def _helper(self):
        pass
"""


def test_functions_say_how_a_framework_calls_them() -> None:
    """Whichever parser read the module (the screen sends this one to CPython's)."""
    for source in (ENTRY_POINTS, ENTRY_POINTS + "logger.info('x')\n"):
        module = facts(source)
        assert module.screened == (source == ENTRY_POINTS)
        assert [(f.qualname, f.entry) for f in module.functions] == [
            ("cancel_view.<locals>.inner", None),
            ("cancel_view", "decorated"),
            ("plain", None),
            ("stripe_webhook", "named"),
            ("BillingView.post", "method"),
            ("BillingView._helper", None),
        ]


def test_module_functions_and_imports() -> None:
    module = facts()
    assert module.module == "app.retention"
    assert [(f.qualname, f.class_name, f.is_async) for f in module.functions] == [
        ("Retention.offer", "Retention", False),
        ("Retention.cancel.<locals>.inner", None, False),
        ("Retention.cancel", "Retention", True),
    ]
    offer = module.function("Retention.offer")
    assert offer is not None
    assert (offer.location.line, offer.location.column) == (18, 9)
    assert offer.parameters == ("self", "user", "result", "stage")
    assert ("env_get", "os.getenv") in module.imports
    assert ("ACCEPTED", "app.events.ACCEPTED") in module.imports
    assert ("SHOWN", ("retention_offer_shown",)) in module.constants


def test_emit_sites_resolve_every_possible_event_name() -> None:
    emits = [e for e in facts().emits if e.function == "Retention.offer"]
    assert [(e.callee, e.events, e.dynamic) for e in emits] == [
        ("analytics.track", ("retention_offer_reshown", "retention_offer_shown"), False),
        ("analytics.track", ("retention_offer_declined",), False),
        ("analytics.track", (), True),  # f"{PREFIX}{stage}": stage is a parameter
        ("logger.warning", ("offer %s",), False),
        ("posthog.capture", (), True),  # imported from another module
    ]
    first = emits[0]
    assert first.branch is not None and first.branch.test == "result.eligible"
    assert first.branch.taken and emits[-1].branch is None
    assert emits[3].level == "warning" and first.level is None
    assert first.event_location is not None and first.event_location.column == 38


def test_calls_per_function_and_secret_reads() -> None:
    module = facts()
    inner = module.function("Retention.cancel.<locals>.inner")
    assert inner is not None
    calls = module.calls_in(inner.qualname)
    assert [(c.callee, c.resolved) for c in calls] == [("env_get", "os.getenv")]
    [read] = module.secret_reads
    assert read.names == ("API_TOKEN",) and read.function == "Retention.cancel.<locals>.inner"
    assert read.fallback is not None and read.fallback.kind == "default-argument"
    assert read.fallback.value == "" and not read.reported


def test_facts_are_plain_picklable_data() -> None:
    module = facts()
    again = pickle.loads(pickle.dumps(module))
    assert again == module
    assert "libcst" not in pickle.dumps(module).decode("latin-1")


def test_facts_are_a_function_of_bytes_and_settings() -> None:
    assert facts() == facts()
    settings = LoadSettings(options=(("telemetry.calls", ("posthog.*",)),))
    result = load_bytes(
        "app/retention.py", dedent(SOURCE).lstrip().encode(), settings, declared=False
    )
    assert [e.callee for e in result.module.emits] == ["posthog.capture"]


def test_newer_syntax_is_read_by_libcst() -> None:
    # PEP 695 (Python 3.12): CPython 3.10/3.11 reject it, libcst reads it.
    module = facts("type UserId = int\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n")
    assert [f.qualname for f in module.functions] == ["first"]


def test_lintkit_explain_and_version_do_not_import_libcst() -> None:
    code = (
        "import sys\nfrom lintkit.cli import main\n"
        "main(['explain', 'CD201'])\nassert 'libcst' not in sys.modules, 'libcst imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "silent-secret-fallback" in done.stdout


# -- PY001 -----------------------------------------------------------------------
def test_syntax_error_reported_and_other_files_go_on(project) -> None:
    root = project(
        {
            "app/broken.py": "def grant(user:\n    return user\n",
            "app/also_broken.py": b"x = 1\n\xff\xfe = 2\n",
            "app/config.py": "import os\nKEY = os.environ.get('API_KEY', 'dev')\n",
        }
    )
    result = run("check", root, "--format", "json", "--select", "PY,CD")
    assert result.code == 1, result.err
    assert result.found == [
        "app/also_broken.py:2:1 PY001",
        "app/broken.py:1:10 PY001",
        "app/config.py:2:7 CD201",
    ]
    messages = {d["path"]: d["message"] for d in result.json["diagnostics"]}
    assert messages["app/broken.py"] == "syntax error: '(' was never closed"
    assert "not valid UTF-8" in messages["app/also_broken.py"]


def test_py001_alone_still_reads_python_files(project) -> None:
    root = project({"app/broken.py": "if True\n    pass\n"})
    result = run("check", root, "--format", "json", "--select", "PY001")
    assert result.found == ["app/broken.py:1:8 PY001"]


@pytest.mark.parametrize("recursion_limit", [None, 4_000], ids=["default", "raised"])
def test_deeply_nested_code_is_a_problem_not_a_crash(project, recursion_limit) -> None:
    """Under a raised recursion limit (a host program's, or a test library's)
    CPython's parser reads the whole chain: the walk after it must not fail."""
    root = project({"gen.py": "x = " + "-" * 5000 + "1\n"})
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(recursion_limit or before)
    try:
        result = run("check", root, "--format", "json", "--select", "PY,CD")
    finally:
        sys.setrecursionlimit(before)
    assert result.code == 1, result.err
    # Where the nesting passes the limit: x = then 300 levels of unary minus.
    assert result.found == ["gen.py:1:305 PY001"]
    assert "nested more than 300 levels deep" in result.json["diagnostics"][0]["message"]


def test_what_cross_file_rules_need_of_a_module() -> None:
    """Names a handler can name, and event names another module must complete."""
    module = facts(
        """
        import analytics
        from app.events import Event, SIGNED_UP
        from .helpers import *

        PREFIX = "startup_plan_"


        class Tracker(Base):
            KIND = "customer_added"

            def _record(self, user, event_name, props=None):
                analytics.track(user.id, event_name, props)


        def go(user, kind):
            analytics.track(user.id, SIGNED_UP)
            analytics.track(user.id, Event.DONE.value)
            analytics.track(user.id, f"{PREFIX}{kind}_added")
            Tracker()._record(user, "ignored")
            record(user, PREFIX + "x", *extra, label="a")


        handler = make_handler(go)
        """,
        path="app/telemetry/__init__.py",
    )
    assert {"Tracker", "Tracker.KIND", "Tracker._record", "go", "handler"} <= set(module.names)
    assert module.star_imports == ("app.telemetry.helpers",)
    assert module.bases == (("Tracker", ("Base",)),)
    assert ("Tracker.KIND", ("customer_added",)) in module.constants
    record, *_ = [e for e in module.emits if e.function == "Tracker._record"]
    assert (record.dynamic, record.event_parameters) == (True, ("event_name",))
    signed_up, done, pattern = [e for e in module.emits if e.function == "go"]
    assert signed_up.event_ref == "app.events.SIGNED_UP"
    assert done.event_ref == "app.events.Event.DONE"
    assert pattern.patterns == ("startup_plan_*_added",)
    go = module.function("go")
    assert go is not None
    strings = {c.callee: c.strings for c in module.calls_in("go")}
    assert strings["record"] == (("1", ("startup_plan_x",)), ("label", ("a",)))
    assert strings["Tracker()._record"] == ()  # not a name the project's functions answer to
