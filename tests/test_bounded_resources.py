"""Bounded resources: the worst inputs of issue 15 end in time and memory, or get one clear
diagnostic, and the rest of the run goes on.

Each input is generated at test time and run through the real CLI in a subprocess
whose address space is capped at 500 MB above what the interpreter takes once it
has imported lintkit and its parsers (measured here, once). The timeout only
guards against a hang (a stalled case fails instead of stalling the suite); the
cases are small enough to finish in a few seconds.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lk_testing import run, write

MB = 1024 * 1024
BUDGET = 500 * MB
HANG_GUARD = 60  # seconds; not a speed assertion

FINDING = """\
lintkit: 1
workflow: welcome
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: done
  orphan:
    type: exit
  done:
    type: exit
"""


@functools.cache
def baseline() -> int:
    """The address space of an interpreter with lintkit and every parser it may load."""
    probe = (
        "import lintkit.cli, lintkit.engine, libcst, ruamel.yaml, hypothesis\n"
        "from libcst.metadata import MetadataWrapper\n"
        "status = open('/proc/self/status').read().splitlines()\n"
        "print(next(int(line.split()[1]) for line in status if line.startswith('VmPeak')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(done.stdout) * 1024


def _cap() -> None:
    limit = baseline() + BUDGET
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def found(self) -> list[str]:
        return [
            f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in self.json["diagnostics"]
        ]

    def message(self, path: str) -> str:
        (message,) = [d["message"] for d in self.json["diagnostics"] if d["path"] == path]
        return message


def lintkit(cwd: Path, *args: str, script: str | None = None) -> Run:
    """``lintkit ARGS`` in ``cwd``, capped; ``script`` replaces ``-m lintkit`` (fault injection)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the memory cap reads /proc and sets RLIMIT_AS")
    baseline()  # measured before the cap, outside preexec_fn
    command = [sys.executable, *(["-c", script] if script else ["-m", "lintkit"]), *args]
    done = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_cap,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return Run(done.returncode, done.stdout, done.stderr)


def check(root: Path, *args: str) -> Run:
    return lintkit(root, "check", ".", "--no-cache", "--format", "json", *args)


# -- Python: nesting that crashed libcst, sizes that took gigabytes ----------------------------
INTERESTING = "import os\n\nTOKEN = os.environ['TOKEN']\n"  # sends the module to libcst


def test_the_baseline_is_measured_and_the_cap_holds(tmp_path: Path) -> None:
    assert 20 * MB < baseline() < 2048 * MB
    hog = "x = bytearray(600 * 1024 * 1024)"
    done = subprocess.run(
        [sys.executable, "-c", hog], capture_output=True, preexec_fn=_cap, timeout=HANG_GUARD
    )
    assert done.returncode != 0 and b"MemoryError" in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_parentheses_too_deep_for_libcst_are_one_diagnostic(tmp_path: Path, jobs: str) -> None:
    # CPython stops at 200 levels; libcst's native parser used to overflow its stack here.
    files: dict[str, str | bytes] = {"flows/ok.yaml": FINDING}
    files["app/deep.py"] = "x = " + "(" * 2000 + ")" * 2000 + "\n"
    # 48 files or more are loaded in worker processes.
    files.update({f"app/m{i}.py": "import os\n" for i in range(50 if jobs == "2" else 1)})
    root = write(tmp_path / "repo", files)

    result = check(root, "--jobs", jobs)

    assert result.code == 1, result.err
    assert result.found == ["app/deep.py:1:205 PY001", "flows/ok.yaml:9:3 WF101"]
    assert result.message("app/deep.py") == "syntax error: too many nested parentheses"


DEEP = {
    # what CPython reads but libcst crashed on, hung on, or hit its recursion limit
    "boolop": ("x = " + " and ".join(["a"] * 20_000) + "\n", "4:1807"),
    "unary": ("x = " + "-" * 20_000 + "1\n", "4:305"),
    "elif": ("if a:\n    pass\n" + "elif a:\n    pass\n" * 20_000, "605:5"),
    "subscripts": ("x = a" + "[0]" * 3_000 + "\n", "4:906"),
    "strings": ("x = " + " ".join(["'a'"] * 5_000) + "\n", "4:1205"),
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_code_gets_one_diagnostic_where_the_limit_is_crossed(
    tmp_path: Path, shape: str
) -> None:
    source, where = DEEP[shape]
    root = write(tmp_path / "repo", {"deep.py": INTERESTING + source, "flows/ok.yaml": FINDING})

    result = check(root)

    assert result.code == 1, result.err
    assert result.found == [f"deep.py:{where} PY001", "flows/ok.yaml:9:3 WF101"]
    assert "nested more than 300 levels deep" in result.message("deep.py")


def test_many_chains_just_under_the_depth_limit_are_one_diagnostic(tmp_path: Path) -> None:
    # Each line is 140 deep, under the limit, but libcst's time grows as the square of
    # a chain's depth: 150 such lines took it about 6 s, 1,000 lines 40 s.
    source = INTERESTING + ("x = a" + "[0]" * 140 + "\n") * 150
    root = write(tmp_path / "repo", {"chains.py": source, "flows/ok.yaml": FINDING})

    result = check(root)

    assert result.code == 1, result.err
    assert result.found == ["chains.py:105:241 PY001", "flows/ok.yaml:9:3 WF101"]
    assert result.message("chains.py") == (
        "nested deeply too often for lintkit's Python parser: the depth of every token up"
        " to here adds up to more than 3,000,000"
    )


def test_a_module_of_a_million_statements_is_rejected_before_parsing(tmp_path: Path) -> None:
    # 9 MB, 1.5M assignments: CPython's ast alone took gigabytes.
    root = write(tmp_path / "repo", {"flows/ok.yaml": FINDING})
    (root / "big.py").write_text(INTERESTING + "x = 1\n" * 1_500_000)

    result = check(root)

    assert result.code == 1, result.err
    assert result.found == ["big.py:1:1 PY001", "flows/ok.yaml:9:3 WF101"]
    assert "too large for lintkit's Python parsers" in result.message("big.py")


def test_deep_unary_that_python_gives_up_on_is_named_not_an_empty_reason(tmp_path: Path) -> None:
    # CPython's parser raises a MemoryError with no message: "cannot parse: " once.
    root = write(tmp_path / "repo", {"gen.py": "x = " + "not " * 30_000 + "a\n"})

    result = check(root)

    assert result.found == ["gen.py:1:1205 PY001"], result.err
    assert result.message("gen.py").startswith("nested more than 300 levels deep")


def test_a_long_integer_literal_is_named_without_python_advice(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"big_int.py": "x = " + "9" * 5_000 + "\n"})

    result = check(root, "--select", "PY001")

    assert result.found == ["big_int.py:1:1 PY001"], result.err
    message = result.message("big_int.py")
    assert "set_int_max_str_digits" not in message
    assert "integer literal too long for Python" in message and "5000 digits" in message


# -- a worker process that dies ------------------------------------------------------------------
CRASHING = textwrap.dedent(
    """
    import os, signal, sys
    import lintkit.code.python.python as python

    real = python.extract

    def extract(path, data, settings):  # stands for a native parser's crash on one file
        if path.endswith("crash.py"):
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, data, settings)

    python.extract = extract
    from lintkit.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)


def _crash_project(root: Path, modules: int) -> Path:
    files: dict[str, str | bytes] = {"flows/ok.yaml": FINDING, "app/crash.py": "x = 1\n"}
    files.update({f"app/m{i}.py": "import os\n" for i in range(modules)})
    return write(root, files)


def _assert_one_internal_error(result: Run) -> None:
    assert result.code == 2, result.err
    assert result.found == ["flows/ok.yaml:9:3 WF101"]
    (error,) = result.json["errors"]
    assert error["path"] == "app/crash.py"
    assert "the process loading it died" in error["message"]


def test_a_worker_that_dies_is_one_internal_error_and_the_run_goes_on(tmp_path: Path) -> None:
    root = _crash_project(tmp_path / "repo", modules=60)

    result = lintkit(
        root, "check", ".", "--no-cache", "--jobs", "2", "--format", "json", script=CRASHING
    )

    _assert_one_internal_error(result)


def test_a_changed_file_that_kills_its_process_is_one_internal_error(tmp_path: Path) -> None:
    # A few changed files among cached ones are parsed in a forked process.
    root = _crash_project(tmp_path / "repo", modules=10)
    crash = (root / "app/crash.py").read_text()
    (root / "app/crash.py").unlink()
    warm = lintkit(root, "check", ".", "--jobs", "2", "--format", "json")
    assert warm.code == 1, warm.err
    (root / "app/crash.py").write_text(crash)

    result = lintkit(root, "check", ".", "--jobs", "2", "--format", "json", script=CRASHING)

    _assert_one_internal_error(result)


# -- conditions ------------------------------------------------------------------------------------
def flow(condition: str) -> str:
    return textwrap.dedent(
        f"""\
        lintkit: 1
        workflow: hostile
        attributes:
          plan: {{enum: [free, startup]}}
          n: {{type: number}}
        steps:
          check:
            type: filter
            keep: {json.dumps(condition)}
            next: send
            otherwise: done
          send:
            type: message
            channel: email
            template: hello
            next: done
          done:
            type: exit
        """
    )


CONDITIONS = {
    # what stalled (issue 15: 42 s, past 120 s, 53 s) -> where WF003 says it stops, and why
    "8,000 names": (" and ".join(f"a{i}" for i in range(8_000)), 10_012, "characters long"),
    "100,000 names": (" or ".join(f"a{i}" for i in range(100_000)), 10_012, "characters long"),
    "200,000 values": (
        "plan in [" + ", ".join(f"'v{i}'" for i in range(200_000)) + "]",
        10_012,
        "characters long",
    ),
    "10,000 chained <": (" < ".join(["n"] * 10_000), 10_012, "characters long"),
    "600 tests": (" and ".join(f"events.e{i}" for i in range(600)), 7_902, "more than 500 tests"),
    "2,000 values": ("n in [" + ",".join(["1"] * 2_000) + "]", 2_018, "a list of 2,000 values"),
    "60 nots": ("not " * 60 + "n", 212, "more than 50 deep"),
}


@pytest.mark.parametrize("shape", list(CONDITIONS))
def test_a_condition_too_large_to_analyse_is_one_wf003(tmp_path: Path, shape: str) -> None:
    condition, column, words = CONDITIONS[shape]
    root = write(tmp_path / "repo", {"flow.yaml": flow(condition), "flows/ok.yaml": FINDING})

    result = check(root)

    assert result.code == 1, result.err
    assert result.found == [f"flow.yaml:9:{column} WF003", "flows/ok.yaml:9:3 WF101"]
    assert words in result.message("flow.yaml")


def test_a_condition_of_500_tests_is_analysed(tmp_path: Path) -> None:
    # The path analysis re-sorted what it knows at each test: 2,000 tests took seconds.
    condition = " and ".join(f"events.e{i}" for i in range(500))
    root = write(tmp_path / "repo", {"flow.yaml": flow(condition)})

    result = check(root)

    assert result.code == 0 and result.found == [], result.err


def test_a_long_integer_in_a_condition_is_named_without_python_advice(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"flow.yaml": flow("n == " + "9" * 5_000)})

    result = check(root)

    assert result.found == ["flow.yaml:9:12 WF003"], result.err
    assert result.message("flow.yaml") == (
        "syntax error: an integer literal of more than 4,300 digits"
    )


# -- YAML structure sizes --------------------------------------------------------------------------
def test_a_list_of_a_million_items_is_rejected_while_it_is_read(tmp_path: Path) -> None:
    # 2 MB: 83 s and 792 MB before; now it stops at the 100,001st node.
    root = write(tmp_path / "repo", {"flows/ok.yaml": FINDING})
    (root / "flows/list.yaml").write_text("lintkit: 1\nitems:\n" + "- 1\n" * 990_000)

    result = check(root)

    assert result.code == 1, result.err
    assert result.found == ["flows/list.yaml:99998:3 WF001", "flows/ok.yaml:9:3 WF101"]
    message = result.message("flows/list.yaml")
    assert message == "document has more than 100,000 keys, values and lists; not loaded"
    assert "alias" not in message


def test_a_deep_and_wide_document_is_rejected_by_its_path_items(tmp_path: Path) -> None:
    # 195 levels deep, then wide: every node keeps its path from the root (2.26 GB before).
    head = "".join(f"{' ' * (2 * i)}k{i}:\n" for i in range(194))
    body = " " * 388 + "k194: [" + ", ".join(["1"] * 50_000) + "]\n"
    root = write(tmp_path / "repo", {"flows/deep.yaml": "lintkit: 1\n" + head + body})

    result = check(root)

    assert result.code == 1, result.err
    (found,) = result.found
    assert found.startswith("flows/deep.yaml:") and found.endswith(" WF001")
    assert "too large for its depth" in result.message("flows/deep.yaml")


def test_a_million_digit_integer_is_named_not_a_string(tmp_path: Path) -> None:
    root = write(
        tmp_path / "repo", {"flows/int.yaml": "lintkit: 1\nworkflow: x\nn: " + "9" * 10**6}
    )

    result = check(root)

    assert result.found == ["flows/int.yaml:3:4 WF001"], result.err
    message = result.message("flows/int.yaml")
    assert message == "an integer of 1,000,000 digits; lintkit reads at most 4,300"
    assert len(result.out) < 10_000  # the value is not echoed


# -- suppressions, globs ---------------------------------------------------------------------------
def test_twenty_thousand_suppression_comments_are_read_in_linear_time(tmp_path: Path) -> None:
    # The comment scan compared every comment with every scalar: 54 s before.
    notes = "".join(
        f"  k{i}: v  # lintkit: ignore[WF101] -- {' ' * 200}why\n" for i in range(20_000)
    )
    text = FINDING.replace("  orphan:\n", "  orphan:  # lintkit: ignore[WF101] -- kept\n")
    root = write(tmp_path / "repo", {"flows/ok.yaml": text + "notes:\n" + notes})

    result = check(root, "--select", "WF101")

    assert result.code == 0 and result.found == [], result.err


def test_five_thousand_per_file_ignores_are_compiled_once(tmp_path: Path) -> None:
    globs = "".join(f'"dir{i}/**/*.yaml" = ["WF101"]\n' for i in range(5_000))
    files: dict[str, str | bytes] = {"lintkit.toml": "[per-file-ignores]\n" + globs}
    files.update({f"flows/f{i}.yaml": FINDING for i in range(30)})
    root = write(tmp_path / "repo", files)

    result = check(root)

    assert result.code == 1, result.err
    assert len(result.found) == 30


# -- output growth -------------------------------------------------------------------------------
def chain(filters: int) -> str:
    lines = ["lintkit: 1", "workflow: chain", "attributes:", "  plan: {enum: [free, startup]}"]
    lines.append("steps:")
    for i in range(filters):
        after = f"f{i + 1}" if i + 1 < filters else "send"
        lines += [f"  f{i}:", "    type: filter", "    keep: \"plan == 'startup'\""]
        lines += [f"    next: {after}", f"    otherwise: {after}"]
    lines += ["  send:", "    type: message", "    channel: email", "    template: hello"]
    lines += ["    next: done", "  done:", "    type: exit"]
    return "\n".join(lines) + "\n"


def test_a_long_path_is_named_by_its_first_steps_and_counted(tmp_path: Path) -> None:
    # 400 filters, each one's dropped people reach the message: 13 MB of JSON before.
    root = write(tmp_path / "repo", {"flows/chain.yaml": chain(400)})

    result = check(root)

    assert result.code == 1, result.err
    first = result.json["diagnostics"][0]
    assert first["code"] == "WF201" and first["line"] == 10
    assert (
        "f0.otherwise -> f1 -> f2 -> f3 -> f4 -> f5 -> ... and 394 more -> send"
        in (first["message"])
    )
    assert len(first["related"]) == 8  # the filter's keep, six hops and the last
    assert first["related"][-1]["message"].startswith("(after 393 more hops) f399.otherwise")
    assert len(result.out) < 2_000_000  # linear in the workflow, not its square


# -- simulate ------------------------------------------------------------------------------------
def cyclic(branches: int) -> str:
    lines = ["lintkit: 1", "workflow: cyclic", "attributes:", "  n: {type: number}", "steps:"]
    lines += ["  route:", "    type: branch", "    cases:"]
    for i in range(branches):
        lines += [f'      - when: "n == {i}"', f"        next: s{i}"]
    lines += ["    default: done"]
    for i in range(branches):
        lines += [f"  s{i}:", "    type: delay", "    duration: 1h", "    next: route"]
    lines += ["  done:", "    type: exit"]
    return "\n".join(lines) + "\n"


def test_simulate_stops_at_its_time_limit_with_a_note(tmp_path: Path) -> None:
    # 300 branches in a loop: past 120 s before (each visit re-read every case).
    root = write(tmp_path / "repo", {"cyclic.yaml": cyclic(300)})

    result = lintkit(root, "simulate", "cyclic.yaml", "--time-limit", "3", "--format", "json")

    assert result.code == 1, result.err
    (workflow,) = result.json["workflows"]
    assert workflow["stopped_early"].startswith("stopped at the time limit (3 s, --time-limit)")
    assert workflow["broken"][0]["violation"].endswith(": a loop")


def test_simulate_stops_at_its_time_limit_on_the_wall_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A process that waits (a loaded machine, a stopped job) spends no CPU time: the
    # limit counted CPU seconds and let such a run go on for as long as it took.
    root = write(tmp_path / "repo", {"flow.yaml": FINDING})
    hour = iter(range(0, 10**9, 3600))
    clock = SimpleNamespace(monotonic=lambda: float(next(hour)), process_time=time.process_time)
    monkeypatch.setattr("lintkit.simulation.search.time", clock)
    monkeypatch.chdir(root)

    result = run("simulate", "flow.yaml", "--time-limit", "60", "--format", "json")

    (workflow,) = result.json["workflows"]
    assert workflow["stopped_early"] == (
        "stopped at the time limit (60 s, --time-limit) after 0 of 1,000 people;"
        " counterexamples found then may not be the smallest"
    )


def test_simulate_calls_a_long_acyclic_chain_long_not_a_loop(tmp_path: Path) -> None:
    steps = "".join(
        f"  s{i}:\n    type: delay\n    duration: 1h\n    next: s{i + 1}\n" for i in range(5_000)
    )
    text = "lintkit: 1\nworkflow: chain\nsteps:\n" + steps + "  s5000:\n    type: exit\n"
    root = write(tmp_path / "repo", {"chain.yaml": text})

    result = lintkit(root, "simulate", "chain.yaml")

    assert result.code == 1, result.err
    assert "a path longer than the budget" in result.out and ": a loop" not in result.out
    assert "STEP BUDGET EXHAUSTED at 's1000' (a loop or a longer path)" in result.out


def test_simulate_on_a_file_that_is_not_a_workflow_names_no_setting(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"data.yaml": "just: data\n"})

    result = lintkit(root, "simulate", "data.yaml")

    assert result.code == 2
    assert "data.yaml is not a workflow any dialect reads" in result.err
    assert "`workflows`" not in result.err


# -- configuration -------------------------------------------------------------------------------
@pytest.mark.parametrize("size", ["0", '"0MB"'])
def test_a_max_file_size_of_zero_is_refused(tmp_path: Path, size: str) -> None:
    root = write(tmp_path / "repo", {"lintkit.toml": f"max-file-size = {size}\n"})

    result = check(root)

    assert result.code == 2
    assert "'max-file-size' must be more than 0 bytes" in result.err


def test_a_file_over_the_limit_is_reported_in_the_configured_unit(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"lintkit.toml": 'max-file-size = "1MB"\n'})
    (root / "flows").mkdir()
    (root / "flows/big.yaml").write_text("lintkit: 1\n" + "# padding\n" * 200_000)

    result = check(root)

    assert result.found == ["flows/big.yaml:1:1 WF001"], result.err
    assert result.message("flows/big.yaml") == (
        "file is 2,000,011 bytes, over the max-file-size of 1MB (1,048,576 bytes); not parsed"
    )


# -- PostHog hogFlow TypeScript: read statically, bounded while it is built --------------------
def test_hostile_hogflow_typescript_is_one_diagnostic_each_under_the_cap(tmp_path: Path) -> None:
    head = "export default hogFlow({ key: "
    files: dict[str, str | bytes] = {"flows/ok.yaml": FINDING}
    files["posthog/hog-flows/deep.ts"] = head + "[" * 20_000 + "]" * 20_000 + " });\n"
    files["posthog/hog-flows/wide.ts"] = head + "[" + "1, " * 120_000 + "] });\n"
    # a 1 MB string is read (nothing wrong with this workflow)
    files["posthog/hog-flows/long.ts"] = head + (
        '"k", name: "' + "a" * 1_000_000 + '", actions: ['
        '{ id: "t", type: "trigger", config: { type: "event", filters: {} } },'
        ' { id: "x", type: "exit", config: {} }],'
        ' edges: [{ from: "t", to: "x", type: "continue" }] });\n'
    )
    root = write(tmp_path / "repo", files)
    done = check(root)
    assert done.code == 1, done.err
    assert sorted(done.found) == [
        "flows/ok.yaml:9:3 WF101",
        "posthog/hog-flows/deep.ts:1:231 WF001",
        "posthog/hog-flows/wide.ts:1:300023 WF001",
    ], done.found
    assert "nesting deeper than 200 levels" in done.message("posthog/hog-flows/deep.ts")
    assert "more than 100,000" in done.message("posthog/hog-flows/wide.ts")
