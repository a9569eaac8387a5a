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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lk_testing import write

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
