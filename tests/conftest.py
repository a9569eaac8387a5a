"""Shared fixtures and the hypothesis profiles; the helpers themselves are in lk_testing.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from lk_testing import write

# Property tests set only their size (max_examples) and the health checks they
# need; how inputs are drawn is the profile's. `ci` (when the CI variable is set,
# as .ci/run and GitHub Actions do) draws the same inputs on every run, so a red
# build is reproducible; `dev` draws new ones each run and remembers failures in
# .hypothesis/. HYPOTHESIS_PROFILE=ci|dev picks one explicitly.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


# Expensive setup that a session- or module-scoped fixture builds once per process.
# Under pytest-xdist (`-n auto --dist loadgroup`, as .ci/run runs) the tests that
# use one run in the same worker, so it is still built once.
_SHARED_SETUP = {"hook_source": "pre-commit-hooks", "built": "built-distribution"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, group in _SHARED_SETUP.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite tests/testdata/err/*.out with what lintkit reports now (review the diff)",
    )


@pytest.fixture
def project(tmp_path: Path):
    """project({...files}) -> the project root, written under tmp_path."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write(tmp_path / "repo", files)

    return make


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory):
    """This checkout as a pre-commit hook repository, its hooks' environment built.

    Session-scoped: pre-commit pip-installs lintkit into a virtualenv once (the
    slow part); every ``hook_repo`` reuses it.
    """
    from lk_precommit import HookSource, git_available, manifest_hook_ids

    if not git_available():
        pytest.skip("git is not installed: pre-commit needs it to run hooks")
    base = tmp_path_factory.mktemp("pre-commit")
    source = HookSource.build(base)
    installed = source.install_hooks(base / "warm-up", manifest_hook_ids())
    assert installed.code == 0, f"pre-commit could not install the hooks:\n{installed.output}"
    return source


@pytest.fixture
def hook_repo(hook_source, tmp_path: Path):
    """hook_repo(hooks=("lintkit",)) -> a user's git repository with pre-commit installed."""
    from lk_precommit import UserRepo

    made = []

    def make(hooks=("lintkit",)):
        made.append(UserRepo.create(tmp_path / f"user-repo-{len(made)}", hook_source, hooks))
        return made[-1]

    return make
