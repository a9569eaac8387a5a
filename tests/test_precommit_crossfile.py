"""Cross-file findings with the real pre-commit: a commit fails when a file it
changes takes part in a finding, wherever the finding is located, and only then.

The user's repository: a workflow triggered by `startup_plan_customer_added`, the
code that records it (app/events.py), a handler module, and an unrelated module.
"""

from __future__ import annotations

import re

from lk_precommit import UserRepo

CREDITS = """\
lintkit: 1
workflow: startup-credits
triggers:
  - event: startup_plan_customer_added
steps:
  grant:
    type: action
    handler: "app.credits:grant_credits"
    next: done
  done:
    type: exit
"""
EVENTS = """\
import analytics


def customer_added(user):
    analytics.track(user.id, "startup_plan_customer_added", {"plan": user.plan})
"""
CREDITS_CODE = """\
def grant_credits(user):
    return user.account.add_credits(5000)
"""
# An old finding, committed before the hook was installed: a trigger nobody records.
LEGACY = CREDITS.replace("startup-credits", "legacy-credits").replace(
    "customer_added", "customer_add"
)
OTHER = """\
import analytics


def signed_up(user):
    analytics.track(user.id, "user_signed_up")
"""


def _repo(hook_repo) -> UserRepo:
    """The repository above, committed without running the hooks."""
    repo: UserRepo = hook_repo()
    repo.write(
        {
            "flows/credits.yaml": CREDITS,
            "app/__init__.py": "",
            "app/events.py": EVENTS,
            "app/credits.py": CREDITS_CODE,
            "app/other.py": OTHER,
        }
    )
    repo.git("add", "-A", check=True)
    repo.git("commit", "-q", "--no-verify", "-m", "the project", check=True)
    return repo


def _failed(outcome, repo: UserRepo, before: str) -> str:
    assert outcome.code != 0, outcome.output
    assert re.search(r"^lintkit\.+Failed$", outcome.output, flags=re.MULTILINE), outcome.output
    assert repo.head() == before  # nothing was committed
    return outcome.output


def test_a_new_trigger_no_code_records_fails_the_commit(hook_repo) -> None:
    repo = _repo(hook_repo)
    before = repo.head()
    repo.write(
        {
            "flows/credits.yaml": CREDITS.replace(
                "  - event: startup_plan_customer_added\n",
                "  - event: startup_plan_customer_added\n  - event: startup_plan_upgraded\n",
            )
        }
    )

    out = _failed(repo.commit("flows/credits.yaml"), repo, before)

    assert (
        "flows/credits.yaml:5:12: warning[XR101] no code records the trigger event"
        " `startup_plan_upgraded`, so this trigger never starts 'startup-credits'"
    ) in out


def test_code_that_stops_recording_a_trigger_fails_the_commit(hook_repo) -> None:
    """Only app/events.py is committed; the finding sits in the workflow file."""
    repo = _repo(hook_repo)
    before = repo.head()
    repo.write({"app/events.py": EVENTS.replace("customer_added", "customer_created")})

    out = _failed(repo.commit("app/events.py"), repo, before)

    assert (
        "flows/credits.yaml:4:12: warning[XR101] no code records the trigger event"
        " `startup_plan_customer_added`, so this trigger never starts 'startup-credits'"
        " (did you mean `startup_plan_customer_created`?); before this change app/events.py"
        " named it"
    ) in out
    assert "Found 1 problem" in out

    repo.write({"app/events.py": EVENTS})  # the rename reverted: nothing left to say
    repo.write({"app/other.py": OTHER + "\n\nVERSION = 2\n"})
    passed = repo.commit("app/events.py", "app/other.py")
    assert passed.code == 0, passed.output


def test_an_unrelated_commit_passes_beside_an_old_finding(hook_repo) -> None:
    """By design: with changed files, findings they take no part in are not reported."""
    repo = _repo(hook_repo)
    repo.write({"flows/legacy.yaml": LEGACY})
    repo.git("add", "flows/legacy.yaml", check=True)
    repo.git("commit", "-q", "--no-verify", "-m", "an old finding", check=True)
    whole = repo.pre_commit("run", "lintkit", "--all-files")
    assert whole.code != 0 and "flows/legacy.yaml:4:12: warning[XR101]" in whole.output

    repo.write({"app/other.py": OTHER + "\n\nVERSION = 2\n"})
    passed = repo.commit("app/other.py")

    assert passed.code == 0, passed.output
    assert re.search(r"^lintkit\.+Passed$", passed.output, flags=re.MULTILINE), passed.output


def test_deleting_the_emitter_fails_the_commit(hook_repo) -> None:
    """A commit that only deletes a file: pre-commit passes no file names, and the
    hook (always_run, --changed) checks what the deleted file took part in."""
    repo = _repo(hook_repo)
    before = repo.head()
    repo.git("rm", "-q", "app/events.py", check=True)

    out = _failed(repo.git("commit", "-m", "drop the events module"), repo, before)

    assert "flows/credits.yaml:4:12: warning[XR101]" in out
    assert "before this change app/events.py named it" in out


def test_deleting_a_handler_module_fails_the_commit(hook_repo) -> None:
    repo = _repo(hook_repo)
    before = repo.head()
    repo.git("rm", "-q", "app/credits.py", check=True)
    repo.write({"app/other.py": OTHER + "\n\nVERSION = 2\n"})
    repo.git("add", "app/other.py", check=True)

    out = _failed(repo.git("commit", "-m", "move the credits code"), repo, before)

    assert (
        "flows/credits.yaml:8:14: error[XR103] step 'grant' has handler"
        " `app.credits:grant_credits`, but no module `app.credits` is in the code"
    ) in out


def test_a_commit_of_files_lintkit_does_not_read_passes_quickly(hook_repo) -> None:
    repo = _repo(hook_repo)
    repo.write({"flows/legacy.yaml": LEGACY})
    repo.git("add", "flows/legacy.yaml", check=True)
    repo.git("commit", "-q", "--no-verify", "-m", "an old finding", check=True)
    repo.write({"README.md": "# credits\n"})

    passed = repo.commit("README.md")

    assert passed.code == 0, passed.output
    assert re.search(r"^lintkit\.+Passed$", passed.output, flags=re.MULTILINE), passed.output
