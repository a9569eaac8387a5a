"""`lintkit check --changed`: the paths are a commit's changed files; files deleted
since git HEAD count too, and with no paths only they are asked about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lk_precommit import call, git_available, isolated_env
from lk_testing import run, run_stats

FLOW = """\
lintkit: 1
workflow: credits
triggers:
  - event: startup_plan_customer_added
steps:
  grant:
    type: action
    next: done
  done:
    type: exit
"""
EVENTS = (
    "import analytics\n\n\ndef added(user):\n"
    "    analytics.track(user.id, 'startup_plan_customer_added')\n"
)
OTHER = "import analytics\n\n\ndef signed_up(user):\n    analytics.track(user.id, 'signed_up')\n"


@pytest.fixture
def repo(project: Any, tmp_path: Path) -> Path:
    if not git_available():
        pytest.skip("git is not installed")
    root: Path = project(
        {"flows/credits.yaml": FLOW, "app/events.py": EVENTS, "app/other.py": OTHER}
    )
    env = isolated_env(tmp_path / "home")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        done = call(["git", *args], root, env)
        assert done.code == 0, done.output
    return root


def _check(root: Path, monkeypatch: pytest.MonkeyPatch, *paths: str) -> list[str]:
    monkeypatch.chdir(root)
    result = run("check", "--changed", "--format", "json", *paths)
    assert result.code in (0, 1), result.err
    return list(result.found)


def test_nothing_changed_asks_about_nothing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "flows" / "credits.yaml").write_text(FLOW.replace("customer_added", "customer_add"))
    # Changed, but not named: without paths only deleted files are asked about.
    assert _check(repo, monkeypatch) == []
    assert _check(repo, monkeypatch, "flows/credits.yaml") == ["flows/credits.yaml:4:12 XR101"]


def test_a_deleted_file_is_asked_about(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "app" / "events.py").unlink()
    assert _check(repo, monkeypatch) == ["flows/credits.yaml:4:12 XR101"]
    assert _check(repo, monkeypatch, "app/other.py") == ["flows/credits.yaml:4:12 XR101"]
    result = run("check", repo / "app" / "other.py", "--format", "json")
    assert result.found == ["flows/credits.yaml:4:12 XR101"]  # deleted files count as given


def test_a_file_a_handler_was_renamed_in_takes_part(
    project: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handler goes through a re-export; renaming the function where it is
    defined breaks it: committing that file alone must report the finding."""
    if not git_available():
        pytest.skip("git is not installed")
    flow = FLOW.replace("    type: action\n", '    type: action\n    handler: "app:get_offer"\n')
    root: Path = project(
        {
            "flows/credits.yaml": flow,
            "app/__init__.py": "from app.offers import get_offer\n",
            "app/offers.py": "def get_offer(user):\n    return None\n",
            "app/events.py": EVENTS,
        }
    )
    env = isolated_env(tmp_path / "home")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        assert call(["git", *args], root, env).code == 0
    (root / "app" / "offers.py").write_text("def get_offers(user):\n    return None\n")

    assert _check(root, monkeypatch, "app/offers.py") == ["flows/credits.yaml:8:14 XR103"]
    assert _check(root, monkeypatch, "app/events.py") == []


def test_a_commits_head_versions_come_from_the_cache(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HEAD version of a changed file is parsed at most once: the cache has it
    when the last run saw the file unchanged, or keeps it after the first parse."""
    monkeypatch.chdir(repo)
    assert run("check").code == 0
    events = repo / "app" / "events.py"
    parsed = []
    for name in ("customer_add", "customer_ad", "customer_a"):
        events.write_text(EVENTS.replace("customer_added", name))
        result = run("check", "--changed", "--format", "json", "--verbose", "app/events.py")
        assert result.found == ["flows/credits.yaml:4:12 XR101"]
        assert "app/events.py named it" in result.json["diagnostics"][0]["message"]
        parsed.append(run_stats(result.err)["head versions parsed"])
    # The first run finds HEAD's content in the file's own entry; the second must
    # parse it (that entry now holds the first edit), the third finds it kept.
    assert parsed == [0, 1, 0]


@pytest.mark.parametrize(
    ("bound", "value", "parsed"),
    [("KEPT_VERSIONS", 1, 1), ("KEPT_VERSION_BYTES", 1, 2), ("KEPT_VERSIONS", 2_000, 0)],
)
def test_the_head_versions_kept_are_bounded(
    repo: Path, monkeypatch: pytest.MonkeyPatch, bound: str, value: int, parsed: int
) -> None:
    """Kept HEAD versions are bounded by count and size, the newest kept: a path in
    them may be gone from the repository, so the files a run sees do not bound them."""
    monkeypatch.setattr(f"lintkit.project.cache.{bound}", value)
    monkeypatch.chdir(repo)
    assert run("check").code == 0
    changed = ("app/events.py", "app/other.py")
    for edit in ("# one\n", "# two\n", "# three\n"):
        for path in changed:
            (repo / path).write_text((repo / path).read_text() + edit)
        result = run("check", "--changed", "--format", "json", "--verbose", *changed)
        assert result.code == 0, result.err
    # Run 1 finds both HEAD versions in the files' own entries; run 2 parses and keeps
    # them; run 3 finds what the bound let it keep.
    assert run_stats(result.err)["head versions parsed"] == parsed


def test_xr101_suggests_what_the_change_renamed_the_event_to_first(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`startup_plan_customer_adds` is a closer spelling, but the commit renamed
    the recorded event to `startup_plan_customer_created`: that is the one meant."""
    (repo / "app" / "other.py").write_text(
        OTHER + "\n\ndef adds(user):\n    analytics.track(user.id, 'startup_plan_customer_adds')\n"
    )
    env = isolated_env(repo.parent / "home")
    for args in (["add", "-A"], ["commit", "-q", "-m", "another event"]):
        assert call(["git", *args], repo, env).code == 0
    (repo / "app" / "events.py").write_text(EVENTS.replace("customer_added'", "customer_created'"))
    monkeypatch.chdir(repo)
    result = run("check", "--changed", "--format", "json", "app/events.py")
    (finding,) = result.json["diagnostics"]
    assert finding["code"] == "XR101"
    assert (
        "(did you mean `startup_plan_customer_created` or `startup_plan_customer_adds`?)"
        in finding["message"]
    )
    # Without the change in view there is no rename to know of: spelling decides.
    whole = run("check", "--format", "json").json["diagnostics"]
    assert "(did you mean `startup_plan_customer_adds`" in whole[0]["message"]
