"""``lintkit check --deep`` and the demo's credits replica, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lk_testing import run

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
REPLICA = DEMO / "flows" / "startup_credits.yaml"


def test_simulate_shows_a_filtered_out_person_who_got_the_final_message() -> None:
    result = run("simulate", REPLICA)
    assert result.code == 1, result.err
    out = result.out
    assert (
        "[1] a filtered-out person gets a message: 'still_eligible' filtered this person out"
        " (otherwise), and 'send_cancelled' still sent them 'credits_cancelled'"
    ) in out
    person = out[out.index("  person:") : out.index("  path:")]
    assert "plan        'free'" in person  # a plan the filter does not keep
    assert "events      startup_plan_customer_added" in person
    path = [line.split() for line in out[out.index("  path:") :].splitlines()[1:5]]
    assert [(row[0], row[1].split("examples/demo/")[-1], row[2]) for row in path] == [
        ("0s", "flows/startup_credits.yaml:18:3", "wait_for_billing"),
        ("12h", "flows/startup_credits.yaml:22:3", "still_eligible"),
        ("12h", "flows/startup_credits.yaml:40:3", "send_cancelled"),
        ("12h", "flows/startup_credits.yaml:47:3", "done"),
    ]
    assert "-> otherwise (filtered out)  <- cause" in out
    assert "message credits_cancelled (email)  -> next  <- here" in out


def test_deep_check_of_the_demo_carries_the_same_counterexample_every_run() -> None:
    first = run("check", "--deep", "--format", "json", DEMO)
    second = run("check", "--deep", "--format", "json", DEMO)
    assert first.code == 1 and first.out == second.out
    (wf201,) = [
        d
        for d in first.json["diagnostics"]
        if d["code"] == "WF201" and d["path"] == "flows/startup_credits.yaml"
    ]
    assert (wf201["line"], wf201["column"]) == (27, 16)
    assert wf201["message"].endswith("(confirmed: a simulated person walks it)")
    example = wf201["counterexample"]
    assert example["property"] == {
        "property": "filtered-out-message",
        "graph": "startup-credits",
        "step": "still_eligible",
        "edge": "otherwise",
        "message": "send_cancelled",
    }
    assert example["person"]["attributes"]["plan"] not in ("startup", "yc")
    assert [
        (s["step"], s["line"], s.get("filtered_out", False)) for s in example["trace"]["steps"]
    ] == [
        ("wait_for_billing", 18, False),
        ("still_eligible", 22, True),
        ("send_cancelled", 40, False),
        ("done", 47, False),
    ]
    assert example["seed"] == 0
    plain = run("check", "--format", "json", DEMO).json["diagnostics"]
    (static,) = [d for d in plain if d["code"] == "WF201" and d["path"] == wf201["path"]]
    assert "counterexample" not in static and "confirmed" not in static["message"]
    assert wf201["message"].startswith(static["message"])


def test_deep_text_output_shows_the_counterexample_line() -> None:
    result = run("check", "--deep", "--select", "WF201", "--concise", DEMO)
    assert "(confirmed: a simulated person walks it)" in result.out
    full = run("check", "--deep", "--select", "WF201", DEMO).out
    assert (
        "= counterexample: plan='free'; no email; identified=False;"
        " events: startup_plan_customer_added; path: wait_for_billing"
        " -> still_eligible (otherwise) -> send_cancelled -> done"
    ) in full


UNDECIDED = """
    lintkit: 1
    workflow: scores
    attributes:
      score: {type: number}
      plan: {enum: [free, pro]}
    steps:
      high_score:
        type: filter
        keep: "score > 10"
        next: done
        otherwise: recheck
      recheck:
        type: branch
        cases:
          - when: "score > 20"
            next: reward
        default: done
      reward:
        type: message
        channel: push
        template: reward
        next: done
      done:
        type: exit
    invariants:
      - every_path_to: reward
        passes_through: high_score
      - never_reaches: reward
        from: high_score.otherwise
"""


def test_findings_no_person_walks_stay_possible(project) -> None:
    # score <= 10, then score > 20: the static analysis cannot rule it out;
    # nobody can walk it.
    root = project({"flow.yaml": UNDECIDED})
    result = run("check", "--deep", "--format", "json", root)
    deep = {d["code"]: d for d in result.json["diagnostics"] if d["code"] in ("WF201", "WF205")}
    assert set(deep) == {"WF201", "WF205"}
    for diagnostic in deep.values():
        assert diagnostic["message"].endswith("(possible: none of 300 simulated people did)")
        assert "counterexample" not in diagnostic
    assert run(
        "check", "--deep", "--seed", "5", "--format", "json", root
    ).out == result.out.replace('"seed": 0', '"seed": 5')


CONFIRMED_INVARIANT = """
    lintkit: 1
    workflow: cancellation
    attributes:
      source: {enum: [app, billing_portal]}
    triggers:
      - event: cancel_requested
    steps:
      by_source:
        type: branch
        cases:
          - when: "source == 'app'"
            next: retention_offer
        default: cancel
      retention_offer:
        type: message
        channel: in_app
        template: retention_offer
        next: cancel
      cancel:
        type: action
        next: done
      done:
        type: exit
    invariants:
      - every_path_to: cancel
        passes_through: retention_offer
"""


def test_a_declared_invariant_is_confirmed_with_its_counterexample(project) -> None:
    root = project({"flow.yaml": CONFIRMED_INVARIANT})
    result = run("check", "--deep", "--format", "json", "--select", "WF205", root)
    (finding,) = result.json["diagnostics"]
    assert finding["message"].endswith("(confirmed: a simulated person walks it)")
    example = finding["counterexample"]
    assert example["property"]["index"] == 0
    assert example["person"]["attributes"] == {"source": "billing_portal"}
    assert [s["step"] for s in example["trace"]["steps"]] == ["by_source", "cancel", "done"]


def test_suppressed_findings_are_not_simulated(project) -> None:
    root = project(
        {
            "flow.yaml": CONFIRMED_INVARIANT.replace(
                "  - every_path_to: cancel", "  - every_path_to: cancel  # lintkit: ignore[WF205]"
            )
        }
    )
    result = run("check", "--deep", "--format", "json", root)
    assert result.json["diagnostics"] == []
    (suppressed,) = result.json["suppressed"]
    assert "counterexample" not in suppressed and "confirmed" not in suppressed["message"]


def test_plain_check_never_imports_hypothesis() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from lintkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(DEMO)!r}, '--no-cache'])\n"
        "print('HYPOTHESIS', 'hypothesis' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HYPOTHESIS False" in done.stdout
