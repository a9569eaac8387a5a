"""The pytest plugin stays out of the way. (A user's suite using it, fixture and
strategies, is docs/simulation.md's example, run by test_docs_simulation.py.)"""

from __future__ import annotations

import subprocess
import sys


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
