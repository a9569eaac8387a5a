"""lintkit on a repository it does not trust changes nothing outside `.lintkit_cache/`
and reads nothing outside the repository (issue 15, "Done when").

The traps: symlinks to a credentials file, a FIFO and /dev/zero outside, a cache
whose database and .gitignore are symlinks to a sibling's files, a manifest that
is a FIFO, a config above the repository, file names that are options, newlines
and non-ASCII. The property test builds such layouts at random, commits them,
renames and deletes some, and runs the full check and the hook's command line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lk_testing import run, write
from test_hostile_repository import FLOW, SENTINEL, snapshot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs")

CODE = "import os\n\nKEY = os.environ.get('STRIPE_API_KEY', 'sk_live_x')\n"
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@t.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@t.invalid",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def sibling(base: Path) -> Path:
    """What lies beside the repository: a secret, a FIFO, another project's database."""
    outside = base / "sibling"
    outside.mkdir()
    (outside / "credentials").write_text(SENTINEL + "\n")
    os.mkfifo(outside / "fifo")
    with sqlite3.connect(outside / "app.db") as db:
        db.execute("CREATE TABLE results (id INT)")
        db.execute("CREATE TABLE findings (id INT)")
    (base / "lintkit.toml").write_text('select = ["NO-SUCH-RULE"]\n')  # above the repository
    return outside


def trapped_repository(base: Path, outside: Path) -> Path:
    root = write(
        base / "repo",
        {
            "lintkit.toml": 'secrets-manifest = "deploy/secrets.json"\n',
            "flows/ok.yaml": FLOW,
            "app/billing.py": CODE,
            "app/événements.py": CODE,
            "--output=app/billing.py": FLOW,
            "--config=lintkit.toml": FLOW,
            "flows/new\nline.yaml": FLOW,
        },
    )
    links = {
        "flows/creds.yaml": outside / "credentials",
        "flows/pipe.yaml": outside / "fifo",
        "app/zero.py": Path("/dev/zero"),
        "deploy/secrets.json": outside / "fifo",
        ".lintkit_cache/results.sqlite": outside / "app.db",
        ".lintkit_cache/results.sqlite-wal": outside / "app.db-wal",
        ".lintkit_cache/.gitignore": outside / "created",
        "flows/sibling": outside,
    }
    for name, target in links.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).symlink_to(target)
    os.mkfifo(root / "flows/local.yaml")
    git(root, "init", "-q")
    git(root, "add", "-A", "--", ":!.lintkit_cache")
    git(root, "commit", "-q", "-m", "traps")
    git(root, "mv", "app/événements.py", "app/events2.py")
    return root


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A run that blocks on a FIFO fails instead of hanging the suite."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"lintkit ran longer than {seconds} s (blocked on a FIFO?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def runs(root: Path, names: list[str]) -> list[tuple[int, str]]:
    """The full check in text, JSON and SARIF, and the hook's command line with these names."""
    os.chdir(root)
    outcomes = []
    with deadline(60):
        for args in (
            ["check"],
            ["check", "--format", "json"],
            ["check", "--format", "sarif"],  # reads each flagged line for fingerprints
            ["check", "--changed", "--pre-commit", "--fail-on", "error", *names],
        ):
            result = run(*args)
            outcomes.append((result.code, result.out + result.err))
    return outcomes


def test_a_trapped_repository_changes_and_reads_nothing_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    outside = sibling(tmp_path)
    root = trapped_repository(tmp_path, outside)
    before = (snapshot(root), snapshot(outside), (tmp_path / "lintkit.toml").read_text())
    names = ["--output=app/billing.py", "--config=lintkit.toml", "app/events2.py"]
    monkeypatch.chdir(root)

    outcomes = runs(root, names)

    assert (snapshot(root), snapshot(outside), (tmp_path / "lintkit.toml").read_text()) == before
    assert not (outside / "created").exists() and not (tmp_path / ".lintkit_cache").exists()
    for code, output in outcomes:
        assert code == 1, output
        assert SENTINEL not in output and "Traceback" not in output
    text = outcomes[0][1]
    assert "flows/creds.yaml:1:1: warning[WF001] a symlink to outside the project root" in text
    assert "app/zero.py:1:1: warning[PY001] a symlink to outside the project root" in text
    assert "deploy/secrets.json:1:1: warning[CD202] secrets manifest: a symlink to outside" in text
    assert "flows/local.yaml:1:1: warning[WF001] not a regular file (a named pipe)" in text
    assert "flows/new\\nline.yaml:9:3: warning[WF101]" in text  # one line per finding


NAMES = st.sampled_from(
    [
        "-x.yaml",
        "--output=app.py",
        "--config=flow.yaml",
        "new\nline.yaml",
        "tab\there.py",
        "ünïcödé.yaml",
        "日本.py",
        "sp ace.json",
        "star*[q]?.yaml",
        "'quote\".py",
        "back\\slash.yaml",
        ".hidden.yaml",
    ]
)
KINDS = st.sampled_from(["flow", "code", "out-link", "in-link", "fifo", "dir-link", "bad-flow"])


@st.composite
def layouts(draw: st.DrawFn) -> tuple[dict[str, str], list[tuple[str, str]]]:
    entries = draw(st.dictionaries(NAMES, KINDS, min_size=1, max_size=6))
    placed = {}
    for name, kind in entries.items():
        folder = draw(st.sampled_from(["", "flows/", "app/", "-d/", "ü/"]))
        placed[folder + name] = kind
    changes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(placed)),  # git keeps no FIFO: only others change
                st.sampled_from(["rename", "delete"]),
            ).filter(lambda change: placed[change[0]] != "fifo"),
            max_size=3,
            unique_by=lambda change: change[0],
        )
    )
    return placed, changes


def _build(base: Path, outside: Path, placed: dict[str, str]) -> Path:
    root = base / "repo"
    root.mkdir()
    (root / "lintkit.toml").write_text("")
    for name, kind in placed.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "flow":
            path.write_text(FLOW)
        elif kind == "bad-flow":
            path.write_text(FLOW.replace("next: done", "next: dnoe"))
        elif kind == "code":
            path.write_text(CODE)
        elif kind == "out-link":
            path.symlink_to(outside / "credentials")
        elif kind == "in-link":
            path.symlink_to(root / "lintkit.toml")
        elif kind == "dir-link":
            path.symlink_to(outside, target_is_directory=True)
        else:
            os.mkfifo(path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "layout")
    return root


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(layout=layouts())
def test_hostile_layouts_never_crash_nor_touch_anything_outside(
    tmp_path_factory: pytest.TempPathFactory, layout: tuple[dict[str, str], list]
) -> None:
    placed, changes = layout
    base = tmp_path_factory.mktemp("layout")
    os.environ["XDG_CACHE_HOME"] = str(base / "user-cache")
    cwd = os.getcwd()
    try:
        outside = sibling(base)
        root = _build(base, outside, placed)
        changed = []
        for name, change in changes:
            if change == "rename":
                git(root, "mv", "--", name, name + ".moved.py")
                changed.append(name + ".moved.py")
            else:
                git(root, "rm", "-q", "--", name)
        before = snapshot(outside)
        outcomes = runs(root, changed)
        assert snapshot(outside) == before
        for code, output in outcomes:
            assert code in (0, 1), output
            assert SENTINEL not in output and "Traceback" not in output
    finally:
        os.chdir(cwd)
        os.environ.pop("XDG_CACHE_HOME", None)
