"""Run the real pre-commit on a user's repository whose hooks come from this checkout.

``HookSource`` is this checkout as pre-commit sees a hook repository: a copy of
the working tree (uncommitted changes included, ignored files left out) committed
to a fresh git repository, so ``repo: <path>`` with ``rev: <that commit>`` works
the same from a developer's dirty tree and from a clean clone in CI. Its
PRE_COMMIT_HOME lives as long as the test session: pre-commit builds the hooks'
virtualenv (a pip install of lintkit) once, and every ``UserRepo`` reuses it.

``UserRepo`` is a user's repository with ``pre-commit install`` done: write
files, stage them, ``commit`` for real (the git hook runs pre-commit), or ``run``
one hook on chosen files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not part of a hook repository; everything else in the working tree is copied.
_NOT_COPIED = {".git", ".venv", "venv", "build", "dist", "site", "__pycache__", ".lintkit_cache"}


@dataclass
class Outcome:
    code: int
    output: str  # stdout and stderr, interleaved as a terminal would show them


def git_available() -> bool:
    return shutil.which("git") is not None


def isolated_env(home: Path) -> dict[str, str]:
    """The environment of every git and pre-commit call: no user or CI settings.

    A developer's global git config (commit signing, core.hooksPath, templates)
    and GitHub Actions' variables (which switch lintkit to annotations) must
    not change what the tests see.
    """
    home.mkdir(parents=True, exist_ok=True)
    (home / "gitconfig").touch()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "GITHUB_", "PRE_COMMIT", "LINTKIT"))
    }
    env.update(
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="lintkit tests",
        GIT_AUTHOR_EMAIL="tests@lintkit.invalid",
        GIT_COMMITTER_NAME="lintkit tests",
        GIT_COMMITTER_EMAIL="tests@lintkit.invalid",
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    return env


def call(args: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> Outcome:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return Outcome(done.returncode, done.stdout)


def _checked(args: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> str:
    outcome = call(args, cwd, env)
    if outcome.code != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed:\n{outcome.output}")
    return outcome.output


def _working_tree_files() -> list[str]:
    """Tracked and untracked files of the checkout, minus ignored ones."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return sorted({p for p in listed.split("\0") if p and (ROOT / p).is_file()})
    return sorted(  # an unpacked sdist: no git metadata
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*")
        if p.is_file() and not _NOT_COPIED & set(p.relative_to(ROOT).parts)
    )


@dataclass
class HookSource:
    """This checkout as a hook repository at ``path``, commit ``rev``."""

    path: Path
    rev: str
    home: Path

    @property
    def env(self) -> dict[str, str]:
        return isolated_env(self.home)

    @classmethod
    def build(cls, base: Path) -> HookSource:
        home, path = base / "home", base / "lintkit"
        env = isolated_env(home)
        for name in _working_tree_files():
            if _NOT_COPIED & set(Path(name).parts):
                continue
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, path / name)
        _checked(["git", "init", "-q", "-b", "main"], path, env)
        _checked(["git", "add", "-A"], path, env)
        _checked(["git", "commit", "-q", "--no-verify", "-m", "lintkit under test"], path, env)
        rev = _checked(["git", "rev-parse", "HEAD"], path, env).strip()
        return cls(path, rev, home)

    def config(self, hooks: Iterable[str | dict[str, object]]) -> str:
        """A .pre-commit-config.yaml using these hooks (ids, or dicts with args...)."""
        lines = [
            "repos:",
            f"  - repo: {self.path.as_posix()}",
            f"    rev: {self.rev}",
            "    hooks:",
        ]
        for hook in hooks:
            spec = {"id": hook} if isinstance(hook, str) else hook
            first = True
            for key, value in spec.items():
                rendered = (
                    "[" + ", ".join(str(v) for v in value) + "]"
                    if isinstance(value, list)
                    else str(value)
                )
                lines.append(f"      {'- ' if first else '  '}{key}: {rendered}")
                first = False
        return "\n".join(lines) + "\n"

    def install_hooks(self, base: Path, hooks: Iterable[str]) -> Outcome:
        """Build the hooks' environment now (the slow part), in a scratch repository."""
        repo = UserRepo.create(base, self, hooks, install=False)
        return repo.pre_commit("install-hooks")


@dataclass
class UserRepo:
    path: Path
    source: HookSource

    @classmethod
    def create(
        cls,
        path: Path,
        source: HookSource,
        hooks: Iterable[str | dict[str, object]] = ("lintkit",),
        *,
        install: bool = True,
    ) -> UserRepo:
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path, source)
        repo.git("init", "-q", "-b", "main", check=True)
        repo.write({".pre-commit-config.yaml": source.config(hooks)})
        repo.git("add", ".pre-commit-config.yaml", check=True)
        repo.git("commit", "-q", "--no-verify", "-m", "add pre-commit config", check=True)
        if install:
            installed = repo.pre_commit("install")
            assert installed.code == 0, installed.output
        return repo

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def git(self, *args: str, check: bool = False) -> Outcome:
        outcome = call(["git", *args], self.path, self.source.env)
        if check and outcome.code != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{outcome.output}")
        return outcome

    def pre_commit(self, *args: str) -> Outcome:
        return call([sys.executable, "-m", "pre_commit", *args], self.path, self.source.env)

    def commit(self, *paths: str, message: str = "change") -> Outcome:
        """Stage ``paths`` and ``git commit``: the installed git hook runs pre-commit."""
        self.git("add", "--", *paths, check=True)
        return self.git("commit", "-m", message)

    def run(self, hook: str, *files: str) -> Outcome:
        """``pre-commit run HOOK --files FILES`` (files need not be staged)."""
        return self.pre_commit("run", hook, "--files", *files)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD", check=True).output.strip()


def manifest_hooks() -> list[dict[str, object]]:
    """The hooks ``.pre-commit-hooks.yaml`` declares."""
    from ruamel.yaml import YAML

    return list(YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text()))


def manifest_hook_ids() -> list[str]:
    return [str(hook["id"]) for hook in manifest_hooks()]
