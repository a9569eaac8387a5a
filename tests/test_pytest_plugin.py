"""The pytest plugin and lintkit.testing, as a user's own test suite uses them."""

from __future__ import annotations

import subprocess
import sys

from lk_testing import write

FLOW = """
    lintkit: 1
    workflow: startup-credits
    attributes:
      plan: {enum: [free, startup, yc]}
    triggers:
      - event: startup_plan_customer_added
    steps:
      hold:
        type: delay
        duration: 12h
        next: eligible
      eligible:
        type: filter
        keep: "plan in ['startup', 'yc']"
        next: grant
        otherwise: OTHERWISE
      grant:
        type: message
        channel: email
        template: credits_granted
        next: done
      cancel:
        type: message
        channel: email
        template: credits_cancelled
        next: done
      done:
        type: exit
"""

USER_TESTS = """
    from pathlib import Path

    from hypothesis import given

    from lintkit.testing import assert_invariants, load_workflow, persons, run

    FLOWS = Path(__file__).parent.parent / "flows"
    good = load_workflow(FLOWS / "good.yaml")
    bad = load_workflow(FLOWS / "bad.yaml")


    @given(persons(good))
    def test_good_flow_keeps_its_invariants(person):
        assert_invariants(good, person)


    @given(persons(bad))
    def test_bad_flow_keeps_its_invariants(person):
        assert_invariants(bad, person)


    @given(persons(good))
    def test_free_plan_never_gets_credits(person):
        trace = run(good, person)
        if person.attributes.get("plan") not in ("startup", "yc"):
            assert "credits_granted" not in trace.templates


    def test_fixture_loads_relative_to_the_root(lintkit_workflow):
        flow = lintkit_workflow("flows/good.yaml")
        assert flow is lintkit_workflow("flows/good.yaml")  # cached per session
        assert flow.id == "startup-credits"
"""


def test_users_property_tests_find_the_filtered_out_message(tmp_path) -> None:
    root = write(
        tmp_path / "repo",
        {
            "flows/good.yaml": FLOW.replace("OTHERWISE", "done"),
            "flows/bad.yaml": FLOW.replace("OTHERWISE", "cancel"),
            "tests/test_flows.py": USER_TESTS,
            "pytest.ini": "[pytest]\n",
        },
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "1 failed, 3 passed" in out
    assert "FAILED tests/test_flows.py::test_bad_flow_keeps_its_invariants" in out
    assert "startup-credits: invariant broken" in out
    assert (
        "[1] a filtered-out person gets a message: 'eligible' filtered this person out"
        " (otherwise), and 'cancel' still sent them 'credits_cancelled'"
    ) in out
    assert "12h  flows/bad.yaml:12:3  eligible  filter" in out
    assert "Failing test case" in out


def test_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys, lintkit.pytest_plugin\n"
        "heavy = [m for m in ('hypothesis', 'libcst', 'jsonschema', 'lintkit.testing')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout


def test_plugin_is_registered_with_pytest(tmp_path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--fixtures", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "lintkit_workflow [session scope]" in done.stdout
