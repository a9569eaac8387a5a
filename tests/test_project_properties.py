"""Property: for any project, what a warm run reports is what a cold one does.

Warm runs read outlines for the project-wide rules and full results only on
first use (lintkit.project.outline); this generates small projects where workflows and
code meet (triggers, handlers, declared events, shared templates) and checks,
through the CLI, that the cache never changes a report: for the whole project,
for one file asked about, and after a file changed since the cache was written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lk_testing import run, write

EVENTS = ("signed_up", "offer_shown", "offer_accepted", "plan_changed")
TEMPLATES = ("welcome", "offer")


@st.composite
def modules(draw: st.DrawFn, index: int) -> str:
    """A module of one or two functions recording some events, one maybe through a
    helper of the module."""
    lines = ["import analytics", ""]
    for number in range(draw(st.integers(1, 2))):
        recorded = draw(st.lists(st.sampled_from(EVENTS), max_size=2, unique=True))
        through_helper = draw(st.booleans())
        lines += ["", f"def handle_{number}(user):"]
        if through_helper:
            lines.append(f"    _record_{number}(user)")
        body = [f'    analytics.track(user.id, "{event}")' for event in recorded] or ["    pass"]
        if through_helper:
            lines += ["", "", f"def _record_{number}(user):"]
        lines += body
    return "\n".join(lines) + "\n"


@st.composite
def workflows(draw: st.DrawFn, index: int, module_count: int) -> str:
    trigger = draw(st.sampled_from((*EVENTS, "signed_upp")))
    module = draw(st.integers(0, module_count))  # == module_count: no such module
    function = draw(st.sampled_from(("handle_0", "handle_1")))
    emits = draw(st.sampled_from(EVENTS))
    template = draw(st.sampled_from(TEMPLATES))
    funnel = draw(st.lists(st.sampled_from(EVENTS), max_size=2, unique=True))
    return (
        f"lintkit: 1\nworkflow: flow-{index}\n"
        f"triggers:\n  - event: {trigger}\n"
        "steps:\n"
        f'  act:\n    type: action\n    handler: "app.m{module}:{function}"\n'
        f"    emits: [{emits}]\n    next: send\n"
        f"  send:\n    type: message\n    channel: email\n    template: {template}\n"
        "    next: done\n"
        "  done:\n    type: exit\n" + (f"funnel: [{', '.join(funnel)}]\n" if funnel else "")
    )


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    count = draw(st.integers(1, 3))
    files = {"lintkit.toml": 'code = ["app"]\n', "app/__init__.py": ""}
    for index in range(count):
        files[f"app/m{index}.py"] = draw(modules(index))
    for index in range(draw(st.integers(1, 3))):
        files[f"flows/w{index}.yaml"] = draw(workflows(index, count))
    return files


def _report(*args: str | Path) -> str:
    result = run("check", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return result.out


@settings(
    max_examples=12,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=projects(), data=st.data())
def test_a_warm_run_reports_what_a_cold_run_does(
    files: dict[str, str], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = write(Path(directory), files)
        cold = _report(str(root), "--no-cache")
        assert _report(str(root)) == cold  # writes the cache
        assert _report(str(root)) == cold  # reads it
        asked = data.draw(st.sampled_from(sorted(p for p in files if p.endswith((".py", ".yaml")))))
        assert _report(str(root / asked)) == _report(str(root / asked), "--no-cache")
        # A module changes after the cache was written: the cached outlines of the
        # others and the changed file's fresh result must meet as a cold run's do.
        changed = data.draw(st.sampled_from(sorted(p for p in files if p.startswith("app/m"))))
        (root / changed).write_text(data.draw(modules(0)) + "\n# changed\n")
        assert _report(str(root / changed)) == _report(str(root / changed), "--no-cache")
        assert _report(str(root)) == _report(str(root), "--no-cache")
