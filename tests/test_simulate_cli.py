"""``lintkit simulate`` through the real CLI on real files."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run

CREDITS = """
    lintkit: 1
    workflow: startup-credits
    attributes:
      plan: {enum: [free, startup, yc]}
      email: {type: string}
    triggers:
      - event: startup_plan_customer_added
    steps:
      wait_for_billing:
        type: delay
        duration: 12h
        next: still_eligible
      still_eligible:
        type: filter
        keep: "plan in ['startup', 'yc'] and not events.startup_plan_customer_added_backfill"
        next: send_credits
        otherwise: cancel_notice
      send_credits:
        type: message
        channel: email
        template: credits_granted
        next: done
      cancel_notice:
        type: message
        channel: email
        template: credits_cancelled
        final: true
        next: done
      done:
        type: exit
"""

CLEAN = CREDITS.replace("otherwise: cancel_notice", "otherwise: done")


def test_prints_the_filtered_out_person_who_got_the_final_message(project) -> None:
    root = project({"flows/credits.yaml": CREDITS})
    result = run("simulate", root / "flows/credits.yaml", "--examples", "200")
    assert result.code == 1, result.err
    out = result.out
    assert "startup-credits (" in out and "200 people simulated, seed 0" in out
    assert (
        "[1] a filtered-out person gets a message: 'still_eligible' filtered this person out"
        " (otherwise), and 'cancel_notice' still sent them 'credits_cancelled'"
    ) in out
    # The shrunk person: the first plan the filter drops, no email, enrolled by the trigger.
    assert "plan       'free'\n    email      (missing)" in out
    assert "events     startup_plan_customer_added\n" in out
    path = out[out.index("  path:") :]
    rows = [line.split() for line in path.splitlines()[1:5]]
    assert [(r[0], r[1].rsplit("/", 1)[-1], r[2]) for r in rows] == [
        ("0s", "credits.yaml:9:3", "wait_for_billing"),
        ("12h", "credits.yaml:13:3", "still_eligible"),
        ("12h", "credits.yaml:23:3", "cancel_notice"),
        ("12h", "credits.yaml:29:3", "done"),
    ]
    assert "-> otherwise (filtered out)  <- cause" in path
    assert "credits_cancelled (email)  -> next  <- here" in path
    assert "end: reached exit 'done'" in path
    assert out.rstrip().endswith("1 invariant broken.")


def test_summary_counts_exits_and_messages(project) -> None:
    root = project({"flows/credits.yaml": CLEAN})
    result = run("simulate", root / "flows/credits.yaml", "--examples", "100")
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    assert lines[2].split() == ["how", "people", "left", "people"]
    assert lines[3].split() == ["exit", "'done'", "100"]
    table = lines[lines.index(next(x for x in lines if x.strip().startswith("message"))) :]
    granted = next(x for x in table if "credits_granted" in x).split()
    assert granted[1] == "email" and granted[2] == granted[3] and 0 < int(granted[2]) < 100
    assert "credits_cancelled" not in result.out
    assert result.out.rstrip().endswith("No invariant broken by 100 simulated people.")


def test_json_is_identical_across_runs_and_seeds_matter(project) -> None:
    root = project({"flows/credits.yaml": CREDITS})
    args = ("simulate", root / "flows/credits.yaml", "--format", "json", "--examples", "150")
    first, second = run(*args), run(*args)
    assert first.code == second.code == 1
    assert first.out == second.out
    data = first.json
    assert data["version"] == 1 and data["broken"] == 1
    flow = data["workflows"][0]
    assert (flow["workflow"], flow["path"], flow["people"]) == (
        "startup-credits",
        "flows/credits.yaml",
        150,
    )
    example = flow["broken"][0]
    assert example["property"] == {
        "property": "filtered-out-message",
        "graph": "startup-credits",
        "step": "still_eligible",
        "edge": "otherwise",
        "message": "cancel_notice",
    }
    assert example["person"]["attributes"] == {"plan": "free"}
    assert example["person"]["events"] == ["startup_plan_customer_added"]
    steps = example["trace"]["steps"]
    assert [(s["step"], s["line"], s.get("edge"), s.get("filtered_out")) for s in steps] == [
        ("wait_for_billing", 9, "next", None),
        ("still_eligible", 13, "otherwise", True),
        ("cancel_notice", 23, "next", None),
        ("done", 29, None, None),
    ]
    assert example["trace"]["messages"] == [
        {
            "step": "cancel_notice",
            "template": "credits_cancelled",
            "channel": "email",
            "time": "12h",
            "seconds": 43200,
        }
    ]
    other_seed = run(*args, "--seed", "7").json["workflows"][0]
    assert other_seed["seed"] == 7 and other_seed["broken"][0]["property"] == example["property"]


def test_declared_invariants_duplicates_and_loops(project) -> None:
    root = project(
        {
            "flow.yaml": """
                lintkit: 1
                workflow: nag
                attributes:
                  paid: {type: boolean}
                steps:
                  check:
                    type: branch
                    cases:
                      - when: "paid"
                        next: thanks
                    default: nag
                  nag:
                    type: message
                    channel: push
                    template: please_pay
                    next: pause
                  pause:
                    type: delay
                    duration: 1d
                    next: check
                  thanks:
                    type: message
                    channel: push
                    template: thanks
                    next: done
                  done:
                    type: exit
                invariants:
                  - every_path_to: thanks
                    passes_through: nag
            """
        }
    )
    result = run("simulate", root / "flow.yaml", "--examples", "50", "--budget", "30")
    assert result.code == 1
    titles = [line for line in result.out.splitlines() if line.startswith("[")]
    assert titles == [
        "[1] a declared invariant breaks: reached 'thanks' without passing through 'nag'"
        " (invariant: every path to thanks passes through nag)",
        "[2] a person gets the same message twice: received 'please_pay' twice:"
        " at 'nag' (0s) and at 'nag' (1d)",
        "[3] a person never reaches an exit: step budget exhausted (last at 'check'): a loop",
    ]
    assert "STEP BUDGET EXHAUSTED at 'check' (a loop or a longer path)" in result.out
    assert "... " in result.out and " more steps ..." in result.out  # a long trace is cut


def test_one_workflow_of_a_file_and_usage_errors(project) -> None:
    root = project({"flows/credits.yaml": CLEAN, "broken.yaml": "lintkit: 1\nworkflow: x\n"})
    flow = root / "flows/credits.yaml"
    assert run("simulate", f"{flow}::startup-credits", "--examples", "5").code == 0
    unknown = run("simulate", f"{flow}::nope")
    assert unknown.code == 2
    assert "has no workflow 'nope' (it has: startup-credits)" in unknown.err
    missing = run("simulate", root / "nope.yaml")
    assert (missing.code, missing.err) == (2, f"lintkit: error: no such file: {root}/nope.yaml\n")
    broken = run("simulate", root / "broken.yaml")
    assert broken.code == 2
    assert "broken.yaml:1:1:" in broken.err and "steps" in broken.err
    assert "does not load cleanly" in broken.err
    directory = run("simulate", root / "flows")
    assert (directory.code, directory.err) == (
        2,
        f"lintkit: error: {root}/flows is a directory: give a workflow file (or FILE::ID)\n",
    )
    assert run("simulate", flow, "--examples", "0").code == 2
    assert run("simulate", flow, "--seed", "x").code == 2


SCORED = """
    lintkit: 1
    workflow: big-spenders
    attributes:
      score: {type: number}
    steps:
      route:
        type: branch
        cases:
          - when: "score > 1000"
            next: thank
        default: done
      thank:
        type: message
        channel: push
        template: thanks_big_spender
        next: done
      done:
        type: exit
"""


def test_same_people_whatever_else_is_imported(project, tmp_path, monkeypatch) -> None:
    # hypothesis mixes in literals of loaded non-installed modules unless told not to.
    root = project({"flow.yaml": SCORED})
    args = ("simulate", root / "flow.yaml", "--format", "json", "--examples", "300")
    before = run(*args).out
    local = tmp_path / "local_code"
    local.mkdir()
    numbers = ", ".join(str(n) for n in range(100_000, 100_500))
    (local / "lk_constants_module.py").write_text(f"NUMBERS = [{numbers}]\n")
    monkeypatch.syspath_prepend(str(local))
    __import__("lk_constants_module")
    assert run(*args).out == before


def test_leaves_no_hypothesis_folder_behind(project) -> None:
    root = project({"flows/credits.yaml": CREDITS})
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", "simulate", "flows/credits.yaml", "--examples", "50"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert not (root / ".hypothesis").exists()


def test_progress_goes_to_a_terminal_only(project) -> None:
    pty = pytest.importorskip("pty")
    root = project({"flows/credits.yaml": CLEAN})
    command = [sys.executable, "-m", "lintkit", "simulate", "flows/credits.yaml"]
    primary, secondary = pty.openpty()
    import fcntl
    import struct
    import termios

    # A terminal has a width (a bare pseudo-terminal's is 0); this is no CI run.
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run(
        [*command, "--examples", "300"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    shown = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(primary, 4096):
            shown += chunk
    os.close(primary)
    assert done.returncode == 0
    # drawn by tqdm, erased at the end
    assert re.search(rb"\rsimulating startup-credits: \d+/300 people", shown), shown
    assert b"simulating" not in done.stdout
    piped = subprocess.run([*command, "--examples", "300"], cwd=root, capture_output=True)
    assert piped.stderr == b""


MACHINE = """
    {
      "StartAt": "Eligible?",
      "States": {
        "Eligible?": {
          "Type": "Choice",
          "Choices": [
            {"Variable": "$.plan", "StringEquals": "startup", "Next": "Grant"}
          ],
          "Default": "Notify"
        },
        "Grant": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "grant-credits"},
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
          "Next": "Notify"
        },
        "Notify": {
          "Type": "Parallel",
          "Branches": [
            {"StartAt": "Email", "States": {"Email": {
              "Type": "Task",
              "Resource": "arn:aws:states:::aws-sdk:sesv2:sendEmail",
              "Parameters": {"Content": {"Template": {"TemplateName": "credits_news"}}},
              "End": true}}}
          ],
          "End": true
        },
        "Failed": {"Type": "Fail", "Error": "GrantFailed"}
      }
    }
"""


def test_step_functions_machines_run_too(project) -> None:
    root = project(
        {
            "flows/credits.asl.json": MACHINE,
            "lintkit.toml": '[stepfunctions]\nfiltered-out = ["Eligible?.default"]\n',
        }
    )
    result = run("simulate", root / "flows/credits.asl.json", "--format", "json")
    assert result.code == 1, result.err
    flow = result.json["workflows"][0]
    assert flow["people"] < 1000  # a small machine: every distinct person was tried
    outcomes = {(o["outcome"], o["step"]) for o in flow["outcomes"]}
    assert outcomes == {("exit", "(end)"), ("exit", "Failed")}
    (broken,) = flow["broken"]
    assert broken["property"]["step"] == "Eligible?"
    assert broken["property"]["message"] == "Email"
    assert broken["person"]["attributes"].get("$.plan") != "startup"
    steps = [(s["step"], s["graph"], s.get("edge")) for s in broken["trace"]["steps"]]
    assert steps == [
        ("Eligible?", "flows/credits", "default"),
        ("Notify", "flows/credits", "end"),
        ("Email", "flows/credits/Notify/Branches[0]", "end"),
        ("(end)", "flows/credits/Notify/Branches[0]", None),
        ("(end)", "flows/credits", None),
    ]


def test_same_output_in_processes_with_different_hash_seeds(project) -> None:
    root = project({"flows/credits.yaml": CREDITS})
    command = [sys.executable, "-m", "lintkit", "simulate", "flows/credits.yaml"]
    outputs = {
        subprocess.run(
            [*command, "--format", "json", "--examples", "120"],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and '"broken": 1' in outputs.pop()


def test_simulate_a_posthog_workflow_finds_the_incident_person() -> None:
    hogflow = (
        Path(__file__).resolve().parents[1] / "examples/demo/flows/posthog_credits.hogflow.json"
    )
    result = run("simulate", hogflow)
    assert result.code == 1, result.err
    assert (
        "'action_still_eligible' filtered this person out (continue), and"
        " 'action_credits_cancelled' still sent them 'Your credits were cancelled'"
    ) in result.out
    assert "posthog_credits.hogflow.json:138:13  action_credits_cancelled" in result.out
