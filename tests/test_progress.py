"""A progress bar on a terminal for a run past about a second; never in a pipe,
under CI, with --quiet or with a machine format."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

MODULE = "import os\n\n\ndef f(x):\n    if x.eligible:\n        return os.environ.get('API_TOKEN', 'x')\n    return 1\n"  # noqa: E501


@pytest.fixture(scope="module")
def slow_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough modules that reading them one by one takes more than a second."""
    root = tmp_path_factory.mktemp("many")
    (root / "lintkit.toml").write_text("")
    (root / "app").mkdir()
    for i in range(150):
        (root / "app" / f"m{i}.py").write_text(MODULE * 8)
    return root


def _lintkit(*args: str, ci: bool = False, terminal: bool = True) -> tuple[int, str]:
    """Run lintkit with stdout and stderr on a terminal of 100 columns (or a pipe)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "GITHUB_ACTIONS")}
    if ci:
        env["CI"] = "true"
    command = [sys.executable, "-m", "lintkit", *args]
    if not terminal:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return process.wait(), out.decode("utf-8", "replace")


def test_a_long_run_at_a_terminal_shows_progress(slow_project: Path) -> None:
    code, out = _lintkit("check", "--no-cache", "--jobs", "1", "--statistics", str(slow_project))
    assert code == 1
    assert "lintkit:" in out and "/150 [" in out  # tqdm's bar: files read of 150
    assert out.rstrip().endswith("in 150 of 150 files checked.")


@pytest.mark.parametrize(
    ("args", "ci", "terminal"),
    [
        (("--statistics",), True, True),  # CI=true
        (("--format", "json"), False, True),  # a machine format
        (("--statistics", "--quiet"), False, True),
        (("--statistics",), False, False),  # a pipe
    ],
)
def test_no_progress_in_ci_pipes_quiet_or_machine_formats(
    slow_project: Path, args: tuple[str, ...], ci: bool, terminal: bool
) -> None:
    code, out = _lintkit(
        "check", "--no-cache", "--jobs", "1", *args, str(slow_project), ci=ci, terminal=terminal
    )
    assert code == 1
    assert "/150 [" not in out and "\r" not in out.replace("\r\n", "\n")
