"""The real pre-commit hook in a repository that plays tricks (issue 15, items 1
and 8): file names that look like options, renames, non-ASCII and newline names."""

from __future__ import annotations

import re

from lk_precommit import UserRepo
from test_precommit_crossfile import CREDITS, CREDITS_CODE, EVENTS

BROKEN = """\
lintkit: 1
workflow: welcome
steps:
  send:
    type: message
    channel: email
    template: welcome
    next: dnoe
  done:
    type: exit
"""


def _committed(repo: UserRepo, files: dict[str, str]) -> str:
    repo.write(files)
    repo.git("add", "-A", check=True)
    repo.git("commit", "-q", "--no-verify", "-m", "the project", check=True)
    return repo.head()


def _failed(outcome, repo: UserRepo, before: str) -> str:
    assert outcome.code != 0, outcome.output
    assert re.search(r"^lintkit\.+Failed$", outcome.output, flags=re.MULTILINE), outcome.output
    assert repo.head() == before
    return outcome.output


def test_file_names_that_look_like_options_are_file_names(hook_repo) -> None:
    repo: UserRepo = hook_repo([{"id": "lintkit", "args": ["--fail-on", "error"]}])
    ignored = "DATABASE = 'prod'\n"
    before = _committed(repo, {".gitignore": "local_settings.py\n", "flows/ok.yaml": CREDITS})
    repo.write(
        {
            "local_settings.py": ignored,  # git-ignored: the commit cannot bring it back
            "--output=local_settings.py": "VALUE = 1\n",
            "--out=setup.py": "VALUE = 2\n",
            "setup.py": "from setuptools import setup\n",
            # valid TOML and Python: as --config it would ignore every rule
            "evil.py": 'ignore = ["ALL"]\n',
            "--config=evil.py": "VALUE = 3\n",
            "flows/broken.yaml": BROKEN,
        }
    )
    repo.git("add", "setup.py", check=True)
    outcome = repo.commit(
        "--output=local_settings.py",
        "--out=setup.py",
        "evil.py",
        "--config=evil.py",
        "flows/broken.yaml",
    )

    out = _failed(outcome, repo, before)
    assert (repo.path / "local_settings.py").read_text() == ignored
    assert (repo.path / "setup.py").read_text() == "from setuptools import setup\n"
    assert "flows/broken.yaml:8:11: error[WF004]" in out  # the config was not swapped
    assert "unrecognized arguments" not in out


def test_renaming_a_handler_module_fails_the_commit(hook_repo) -> None:
    repo: UserRepo = hook_repo()
    before = _committed(
        repo,
        {
            "flows/credits.yaml": CREDITS,
            "app/__init__.py": "",
            "app/events.py": EVENTS,
            "app/credits.py": CREDITS_CODE,
        },
    )
    repo.git("mv", "app/credits.py", "app/credits2.py", check=True)

    out = _failed(repo.git("commit", "-m", "rename the credits module"), repo, before)

    assert "flows/credits.yaml:8:14: error[XR103]" in out


def test_deleting_an_emitter_with_a_non_ascii_name_fails_the_commit(hook_repo) -> None:
    repo: UserRepo = hook_repo()
    before = _committed(
        repo,
        {
            "flows/credits.yaml": CREDITS,
            "app/__init__.py": "",
            "app/événements.py": EVENTS,
            "app/credits.py": CREDITS_CODE,
        },
    )
    repo.git("rm", "-q", "app/événements.py", check=True)

    out = _failed(repo.git("commit", "-m", "drop the events"), repo, before)

    assert "flows/credits.yaml:4:12: warning[XR101]" in out
    assert "before this change app/événements.py named it" in out


def test_a_name_with_a_newline_does_not_lose_another_files_head_version(hook_repo) -> None:
    repo: UserRepo = hook_repo()
    before = _committed(
        repo,
        {
            "flows/credits.yaml": CREDITS,
            "a\nb.yaml": "title: notes\n",
            "app/__init__.py": "",
            "app/events.py": EVENTS,
            "app/credits.py": CREDITS_CODE,
        },
    )
    repo.write(
        {
            "a\nb.yaml": "title: more notes\n",
            "app/events.py": EVENTS.replace("startup_plan_customer_added", "customer_added"),
        }
    )

    out = _failed(repo.commit("a\nb.yaml", "app/events.py"), repo, before)

    assert "flows/credits.yaml:4:12: warning[XR101]" in out
    assert "before this change app/events.py named it" in out
