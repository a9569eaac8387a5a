"""What a user installs: the built wheel and sdist, in fresh virtual environments
without the test dependencies, run the README's first command and simulation.

Slow (a build and two installs): ``-m "not slow"`` skips it while iterating;
CI (.ci/run) runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lintkit import DISTRIBUTION, __version__

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"


def _run(args: list[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "LINTKIT"))}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "--outdir", out, ROOT])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    name = DISTRIBUTION.replace("-", "_")
    return {
        "wheel": out / f"{name}-{__version__}-py3-none-any.whl",
        "sdist": out / f"{name}-{__version__}.tar.gz",
    }


def _install(artifact: Path, venv: Path) -> Path:
    """A fresh venv with the artifact alone (its own dependencies, no extras)."""
    assert artifact.is_file(), f"not built: {artifact.name}"
    made = _run([sys.executable, "-m", "venv", venv])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run([python, "-m", "pip", "install", "--quiet", artifact])
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return venv / "bin" / "lintkit"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_built_package_installs_and_checks_the_demo(
    built: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    lintkit = _install(built[kind], tmp_path / "venv")
    version = _run([lintkit, "--version"])
    assert version.stdout.strip() == f"lintkit {__version__} (lintkit-workflows)"
    demo = shutil.copytree(DEMO, tmp_path / "demo")
    checked = _run([lintkit, "check", "--no-cache", demo], cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert "error[WF201]" in checked.stdout
    assert checked.stdout.rstrip().splitlines()[-1].startswith("Found ")
    assert "Traceback" not in checked.stderr
    if kind == "wheel":  # the README's promises, with no test dependency installed
        simulated = _run([lintkit, "simulate", "flows/startup_credits.yaml"], cwd=demo)
        assert simulated.returncode == 1, simulated.stderr  # the demo breaks its invariants
        assert "Traceback" not in simulated.stderr
        assert "startup-credits" in simulated.stdout
        deep = _run([lintkit, "check", "--no-cache", "--deep", "flows"], cwd=demo)
        assert deep.returncode == 1, deep.stderr
        assert "Traceback" not in deep.stderr
        assert "counterexample" in deep.stdout


def test_check_and_version_do_not_import_hypothesis() -> None:
    """hypothesis is a dependency for simulation; a plain check never pays for it."""
    driver = (
        "import sys\n"
        "from lintkit.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('HYPOTHESIS=%s' % ('hypothesis' in sys.modules))\n"
    )
    for args in (["--version"], ["check", "--no-cache", "--quiet", str(DEMO)]):
        done = _run([sys.executable, "-c", driver, *args])
        assert done.stderr.endswith("HYPOTHESIS=False"), (args, done.stderr[-2000:])
    deep = _run([sys.executable, "-c", driver, "check", "--no-cache", "--deep", str(DEMO)])
    assert deep.stderr.endswith("HYPOTHESIS=True")  # the driver can tell
