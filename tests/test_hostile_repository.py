"""A repository lintkit must not trust (issue 15, items 2, 3 and 8; issue 16, item 8):
its cache writes nowhere else, it reads nothing outside the root, and its results
are those of the files as they are."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from lk_testing import run, run_stats, write

FLOW = """\
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
SENTINEL = "aws_secret_access_key = SENTINEL-do-not-print"


@pytest.fixture(autouse=True)
def _own_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def snapshot(top: Path, *, skip: str = ".lintkit_cache") -> dict[str, object]:
    """Every entry under ``top`` (symlinks not followed): kind, content, mode."""
    seen: dict[str, object] = {}
    for directory, dirs, files in os.walk(top):
        rel_dir = os.path.relpath(directory, top)
        dirs[:] = [d for d in dirs if d != skip]
        for name in [*dirs, *files]:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            key = os.path.normpath(os.path.join(rel_dir, name))
            if stat.S_ISLNK(info.st_mode):
                seen[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                seen[key] = ("file", digest, info.st_mode, info.st_mtime_ns)
            else:
                seen[key] = ("other", info.st_mode)
    return seen


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


# -- 2. a committed cache writes nowhere else ------------------------------------------
def test_planted_cache_symlinks_are_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    with sqlite3.connect(victim / "app.db") as db:
        db.execute("CREATE TABLE results (id INT)")
        db.execute("CREATE TABLE findings (id INT)")
        db.execute("INSERT INTO results VALUES (42)")
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    cache = root / ".lintkit_cache"
    cache.mkdir()
    (cache / "results.sqlite").symlink_to(victim / "app.db")
    (cache / "results.sqlite-wal").symlink_to(victim / "app.db-wal")
    (cache / ".gitignore").symlink_to(victim / "created.txt")
    before = snapshot(victim)

    first = run("check", root, "--format", "json", "--verbose")
    second = run("check", root, "--format", "json", "--verbose")

    assert snapshot(victim) == before
    assert first.found == second.found == ["flows/ok.yaml:9:3 WF101"]
    assert run_stats(second.err)["cache hits"] == 1  # rebuilt as lintkit's own
    assert not (cache / "results.sqlite").is_symlink()
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_cache_directory_that_is_a_symlink_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    (root / ".lintkit_cache").symlink_to(elsewhere, target_is_directory=True)
    result = run("check", root, "--format", "json")
    assert result.found == ["flows/ok.yaml:9:3 WF101"]
    assert list(elsewhere.iterdir()) == []


def test_the_cache_is_ignored_by_git(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    _git(root, "init", "-q")
    run("check", root)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".lintkit_cache" not in status


# -- 3. nothing outside the root is read ----------------------------------------------
def test_a_symlink_out_of_the_root_is_reported_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "credentials"
    secret.write_text(SENTINEL + "\n")
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    (root / "flows/creds.yaml").symlink_to(secret)
    (root / "app.py").symlink_to(secret)
    (root / "flows/inside.yaml").symlink_to(root / "flows/ok.yaml")  # inside: read

    result = run("check", root, "--format", "json")
    text = run("check", root)

    assert SENTINEL not in result.out + text.out + text.err
    found = {
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['severity']}": d["message"]
        for d in result.json["diagnostics"]
        if d["code"] != "WF202"  # ok.yaml and inside.yaml are one workflow twice
    }
    outside = "a symlink to outside the project root; not read"
    assert found == {
        "app.py:1:1 PY001 warning": outside,
        "flows/creds.yaml:1:1 WF001 warning": outside,
        "flows/inside.yaml:9:3 WF101 warning": found["flows/ok.yaml:9:3 WF101 warning"],
        "flows/ok.yaml:9:3 WF101 warning": found["flows/ok.yaml:9:3 WF101 warning"],
    }


def test_a_symlink_to_nothing_is_passed_over_unless_it_must_be_read(tmp_path: Path) -> None:
    # .pre-commit-config.yaml -> common/pre-commit-config.yaml, a submodule not checked
    # out (readthedocs.org): nothing says it is a workflow, and nothing is there.
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    (root / ".pre-commit-config.yaml").symlink_to("common/pre-commit-config.yaml")
    (root / "flows/gone.yaml").symlink_to("../common/gone.yaml")
    (root / "app.py").symlink_to("common/app.py")

    found = [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['severity']} {d['message']}"
        for d in run("check", root, "--format", "json").json["diagnostics"]
        if d["code"] != "WF101"  # ok.yaml's own finding
    ]
    # A code file is read by its suffix alone, so it is said; the YAML files are not.
    assert found == ["app.py:1:1 PY001 warning a symlink to a file that does not exist; not read"]

    (root / "lintkit.toml").write_text('workflows = ["flows/*.yaml"]\n')
    found = [
        f"{d['path']} {d['code']} {d['severity']}"
        for d in run("check", root, "--format", "json").json["diagnostics"]
        if d["code"] != "WF101"
    ]
    # declared: it should be read
    assert found == ["app.py PY001 warning", "flows/gone.yaml WF001 warning"]


def test_the_config_search_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lintkit.toml").write_text('select = ["NO-SUCH-RULE"]\n')  # not this repo's
    root = tmp_path / "repo"
    write(root, {"pyproject.toml": "[project]\nname = 'x'\n", "flows/ok.yaml": FLOW})
    _git(root, "init", "-q")
    monkeypatch.chdir(root / "flows")
    result = run("check", "--format", "json")
    assert result.code == 1, result.err
    assert result.found == ["flows/ok.yaml:9:3 WF101"]
    (tmp_path / "other").mkdir()
    (root / "flows/other").symlink_to(tmp_path / "other", target_is_directory=True)
    through_a_link = run("check", "other", "--format", "json")  # found from the link's place
    assert through_a_link.code == 0, through_a_link.err
    assert not (tmp_path / ".lintkit_cache").exists()


@pytest.mark.parametrize("manifest", ["/etc/passwd", "../secrets.json", "deploy/../../x.json"])
def test_a_manifest_outside_the_root_is_a_config_error(tmp_path: Path, manifest: str) -> None:
    root = write(
        tmp_path / "repo",
        {"lintkit.toml": f'secrets-manifest = "{manifest}"\n', "app.py": "import os\n"},
    )
    result = run("check", root)
    assert result.code == 2
    assert "must be a path inside the project root" in result.err


def test_a_fifo_or_device_is_refused_without_reading(tmp_path: Path) -> None:
    root = write(
        tmp_path / "repo",
        {
            "lintkit.toml": 'secrets-manifest = "deploy/secrets.json"\n',
            "app.py": "import os\nKEY = os.environ['STRIPE_API_KEY']\n",
            "flows/ok.yaml": FLOW,
        },
    )
    (root / "deploy").mkdir()
    os.mkfifo(root / "deploy/secrets.json")
    os.mkfifo(root / "flows/pipe.yaml")
    (root / "flows/zero.yaml").symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", "check", str(root), "--concise", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=60,  # reading the FIFO would hang, /dev/zero would never end
        cwd=root,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    for expected in (
        "deploy/secrets.json:1:1: warning[CD202] secrets manifest: not a regular file"
        " (a named pipe); not read [undeclared-secret]",
        "deploy/secrets.json:1:1: warning[WF001] not a regular file (a named pipe); not read"
        " [yaml-syntax]",
        "flows/pipe.yaml:1:1: warning[WF001] not a regular file (a named pipe); not read"
        " [yaml-syntax]",
        "flows/zero.yaml:1:1: warning[WF001] a symlink to outside the project root; not read"
        " [yaml-syntax]",
    ):
        assert expected in lines, done.stdout
    assert any(line.startswith("flows/ok.yaml:9:3: warning[WF101]") for line in lines)


# -- 8. results of the files as they are ----------------------------------------------
def test_the_workflows_setting_is_part_of_the_cache_key(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"flows/notes.yaml": "title: notes\n"})
    assert run("check", root, "--format", "json").found == []
    (root / "lintkit.toml").write_text('workflows = ["flows/*.yaml"]\n')
    named = run("check", root, "--format", "json")
    assert named.found == ["flows/notes.yaml:1:1 WF002"]
    (root / "lintkit.toml").write_text("")
    assert run("check", root, "--format", "json").found == []


def test_same_size_and_restored_mtime_is_still_a_change(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    path = root / "flows/ok.yaml"
    old = path.stat()
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # an old file
    old = path.stat()
    run("check", root)
    run("check", root)  # the stat is trusted now
    path.write_text(FLOW.replace("orphan", "island"))  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert path.stat().st_size == old.st_size and path.stat().st_mtime_ns == old.st_mtime_ns
    result = run("check", root, "--format", "json")
    assert "'island'" in result.json["diagnostics"][0]["message"]


def _lintkit_copy(base: Path, edit: bool) -> dict[str, str]:
    """lintkit's code at another path (another virtualenv's site-packages)."""
    import lintkit_rules

    import lintkit

    for module, name in ((lintkit, "lintkit"), (lintkit_rules, "lintkit_rules")):
        shutil.copytree(
            Path(module.__file__).parent, base / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    if edit:
        with open(base / "lintkit/engine.py", "a") as handle:
            handle.write("# another version\n")
    return {**os.environ, "PYTHONPATH": str(base)}


def test_two_installs_share_entries_and_two_versions_keep_theirs(tmp_path: Path) -> None:
    root = write(
        tmp_path / "repo", {f"flows/f{n}.yaml": FLOW.replace("welcome", f"w{n}") for n in range(3)}
    )
    same = _lintkit_copy(tmp_path / "same", edit=False)
    other = _lintkit_copy(tmp_path / "other", edit=True)

    def hits(env: dict[str, str]) -> int:
        done = subprocess.run(
            [sys.executable, "-m", "lintkit", "check", str(root), "--verbose"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=root,  # not this checkout: `python -m` would import lintkit from there
        )
        assert done.returncode == 1, done.stderr
        return run_stats(done.stderr)["cache hits"]

    assert hits(dict(os.environ)) == 0
    assert hits(same) == 3  # the same code elsewhere: the same entries
    assert hits(other) == 0  # another version: its own entries...
    assert [hits(dict(os.environ)), hits(other), hits(same)] == [3, 3, 3]  # ...side by side


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {f"flows/f{n}.yaml": FLOW for n in range(3)})
    for n in range(7):  # seven configurations: seven fingerprints
        (root / "lintkit.toml").write_text(f"max-file-size = {100_000 + n}\n")
        run("check", root)
    (root / "flows/f0.yaml").unlink()
    run("check", root)
    with sqlite3.connect(root / ".lintkit_cache/results.sqlite") as db:
        prints = db.execute("SELECT count(DISTINCT print) FROM results").fetchone()[0]
        latest = db.execute(
            "SELECT count(*) FROM results WHERE print = (SELECT print FROM prints"
            " ORDER BY used DESC LIMIT 1)"
        ).fetchone()[0]
    assert prints == 4
    assert latest == 2  # the deleted file's entry is gone


ONE_LINE_JSON = '{"lintkit": 1, "workflow": "w", "steps": {"a": {"type": "exit", "nxet": "b"}}}'


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        ("flows/one.json", ONE_LINE_JSON.encode(), "1:65"),
        (
            "flows/flow.yaml",
            b"{lintkit: 1, workflow: w, steps: {a: {type: exit, nxet: b}}}",
            "1:51",
        ),
        ("flows/u16.yaml", FLOW.replace("next: done", "nxet: done").encode("utf-16"), "8:5"),
        ("flows/u32.yaml", FLOW.replace("next: done", "nxet: done").encode("utf-32"), "8:5"),
    ],
)
def test_native_workflows_in_any_style_or_unicode_encoding_are_linted(
    tmp_path: Path, name: str, data: bytes, where: str
) -> None:
    root = write(tmp_path / "repo", {name: data})
    result = run("check", root, "--format", "json")
    assert result.found == [f"{name}:{where} WF002"], result.json
    assert "unknown key 'nxet'" in result.json["diagnostics"][0]["message"]


def test_a_coding_cookie_decides_a_python_files_encoding(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\nimport os\n\n"
        'NAME = "caf\xe9"; TOKEN = os.environ.get("STRIPE_API_TOKEN", "sk_live_x")\n'
    )
    root = write(tmp_path / "repo", {"app.py": source.encode("latin-1")})
    result = run("check", root, "--format", "json")
    assert result.found == ["app.py:4:24 CD201"], result.json


def test_nan_and_infinity_are_not_json(tmp_path: Path) -> None:
    machine = (
        '{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": Infinity, "End": true}}}'
    )
    root = write(tmp_path / "repo", {"sf.asl.json": machine})
    result = run("check", root, "--format", "json")
    assert "sf.asl.json:1:62 WF001" in result.found, result.json
    assert any("Infinity is not a JSON value" in d["message"] for d in result.json["diagnostics"])


@pytest.mark.parametrize("glob", ["../elsewhere/*.yaml", "/etc/*.yaml", ""])
def test_workflows_globs_outside_the_root_are_config_errors(tmp_path: Path, glob: str) -> None:
    root = write(tmp_path / "repo", {"lintkit.toml": f'workflows = ["{glob}"]\n'})
    result = run("check", root)
    assert result.code == 2
    assert "globs are relative to the project root" in result.err


def test_a_path_too_long_to_open_is_reported(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW})
    deep = root / "deep"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    try:  # build it relative to open directories: a path over PATH_MAX
        for _ in range(20):
            name = "d" * 250
            os.mkdir(name, dir_fd=fd)
            next_fd = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        with os.fdopen(os.open("flow.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write(FLOW)
    finally:
        os.close(fd)
    result = run("check", root, "--format", "json")
    assert result.code == 1, result.err
    long_ones = [d for d in result.json["diagnostics"] if d["path"].startswith("deep/")]
    assert len(long_ones) == 1 and "name too long" in long_ones[0]["message"], long_ones
    shutil.rmtree(deep)


def test_an_unreadable_directory_is_reported(tmp_path: Path) -> None:
    from test_hostile_inputs import _drop_file_read_override

    prefix = _drop_file_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: root reads any directory")
    root = write(tmp_path / "repo", {"flows/ok.yaml": FLOW, "locked/flow.yaml": FLOW})
    (root / "locked").chmod(0)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "lintkit", "check", str(root), "--concise"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=root,
        )
    finally:
        (root / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert (
        "locked:1:1: warning[WF001] cannot list directory: permission denied;"
        " its files are not checked [yaml-syntax]"
    ) in done.stdout.splitlines()
    assert "flows/ok.yaml:9:3: warning[WF101]" in done.stdout
