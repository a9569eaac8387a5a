"""The pre-screen (lintkit.code.python.screen) loses nothing: with and without it,
the same facts for screened modules and the same findings for a project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lk_testing import run

from lintkit.project.load_file import LoadSettings
from lintkit.project.loading import load_bytes

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"

PLAIN = '''\
"""Models and helpers with nothing the code rules look for."""
from __future__ import annotations

import dataclasses as dc
from .base import Base, registry as reg
from .. import shared
from ..shared.types import *

@dc.dataclass(frozen=True)
class Plan(Base):
    name: str

    class Meta:
        ordering = ["name"]

    @property
    def label(self) -> str:
        def fmt(x, /, y=1, *rest, z, **kw):
            return f"{x}"
        return fmt(self.name, z=2)

    @reg.register("plan")[0]
    async def refresh(self, *, force: bool = False) -> None:
        import json as jsn
        await self.save()

def \\
   wrapped(a):
    return a

\x0c
def café(ünïcode: str) -> str:
    return ünïcode

# what the project index reads: constants, strings passed to project functions
SIGNED_UP = "signed_up"
ALIAS = SIGNED_UP
(record_x, *_rest) = (None, None)

class Events(Base):
    OFFER = "offer_" + "shown"
    CHOICE = "a" if shared else "b"
    LATER = OFFER

def notify(user, how=(lambda: 0)()):
    event = f"{SIGNED_UP}!" if how else Events.CHOICE
    record(user, event, kind=Events.OFFER, *more)
    shared.record(user, (ALIAS), name=f"{user!r}")
    reg.tally(user, "x" "y", Events.LATER.value)
    (
        reg.chain()
        .done("z")
    )
    [x := "walrus", helper(x)]
    helper("a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n")  # one string
    try:
        pass
    except ValueError as err:
        record(err)
'''


def _facts(text: str, prescreen: bool):
    settings = LoadSettings(options=(("python.prescreen", prescreen),))
    result = load_bytes("pkg/sub/models.py", text.encode(), settings, declared=False)
    assert result.problems == []
    return result.module


def test_screened_module_facts_equal_the_full_extraction() -> None:
    light, full = _facts(PLAIN, True), _facts(PLAIN, False)
    assert light.screened and not full.screened
    assert [f.qualname for f in light.functions] == [
        "Plan.label.<locals>.fmt",
        "Plan.label",
        "Plan.refresh",
        "wrapped",
        "café",
        "notify",
    ]
    assert replace(light, screened=False) == full
    # A class body's names are read from module level, as the full extraction does:
    # `LATER = OFFER` names no module constant.
    assert dict(light.constants) == {
        "ALIAS": ("signed_up",),
        "Events.CHOICE": ("a", "b"),
        "Events.OFFER": ("offer_shown",),
        "SIGNED_UP": ("signed_up",),
    }
    assert light.function("notify") is not None
    assert [(c.callee, c.strings) for c in light.calls_in("notify") if c.strings] == [
        ("record", (("1", ("a", "b", "signed_up!")), ("kind", ("offer_shown",)))),
        ("shared.record", (("1", ("signed_up",)),)),
        ("reg.tally", (("1", ("xy",)),)),
        ("reg.chain().done", (("0", ("z",)),)),
        ("helper", (("0", ("walrus",)),)),
        ("helper", (("0", ("abcdefghijklmn",)),)),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "logger.warning('x')",
        "analytics.track(user, 'signed_up')",
        "token = os.environ['API_TOKEN']",
        "if result.eligible: pass",
        "if user.ineligible: pass",
        "from sentry_sdk import capture_message as cm",
    ],
)
def test_a_module_with_a_name_the_rules_look_for_is_read_in_full(line: str) -> None:
    assert not _facts(PLAIN + line + "\n", True).screened


def test_project_findings_are_the_same_with_and_without_the_screen(tmp_path: Path) -> None:
    root = shutil.copytree(DEMO, tmp_path / "demo")
    (root / "app" / "plain_models.py").write_text(PLAIN)
    with_screen = run("check", root, "--format", "json", "--no-cache")
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + "\n[tool.lintkit.python]\nprescreen = false\n")
    without = run("check", root, "--format", "json", "--no-cache")
    assert with_screen.json["diagnostics"] == without.json["diagnostics"]
    assert any(d["code"].startswith("CD") for d in with_screen.json["diagnostics"])


def test_names_bound_to_themselves_resolve_once() -> None:
    """`x = x` in every branch used to branch at each binding, 7**12 ways."""
    rebinding = "".join(f"    if kind == {i}:\n        x = x\n" for i in range(7))
    text = f'def send(user, x, kind):\n    x = "hello"\n{rebinding}    notify(user, x)\n'
    for prescreen in (True, False):
        facts = _facts(text, prescreen)
        (call,) = facts.calls_in("send")
        assert call.strings == (("1", ("hello",)),)


def test_a_screened_module_does_not_import_libcst() -> None:
    """libcst takes ~0.15 s to import: a run whose changed files are all
    screened (or all cached) should not pay it."""
    code = (
        "import sys\n"
        "from lintkit.project.loading import load_bytes\n"
        "from lintkit.project.load_file import LoadSettings\n"
        f"result = load_bytes('pkg/m.py', {PLAIN!r}.encode(), LoadSettings(), declared=False)\n"
        "assert result.module.screened\n"
        "print('libcst' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
