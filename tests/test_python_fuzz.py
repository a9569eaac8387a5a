"""Generated Python modules, valid and broken, through the facts extractor and
every code rule: no exception ever escapes, and facts stay plain data."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lk_testing import run, write

from lintkit.config import build_config
from lintkit.engine import load_settings
from lintkit.plugins.registry import load_rules
from lintkit.plugins.rule import Scope
from lintkit.project.load_file import FileResult
from lintkit.project.loading import load_bytes
from lintkit.project.view import Project

OPTIONS = {
    "calls.required-before": {"cancel_subscription": ["offer_retention"]},
    "secrets-manifest": "secrets.json",
}

SIMPLE = [
    "import os",
    "from os import environ, getenv as ge",
    "import analytics, logging",
    "from . import helpers",
    "from ..events import SHOWN as S",
    "logger = logging.getLogger(__name__)",
    "E = 'retention_offer_' + ('shown' if flag else 'declined')",
    "KEY = os.environ.get('API_KEY', 'sk_live_51HbQ2eKz8vQm3TnW7yLp')",
    "TOKEN = ge('GITHUB_TOKEN') or ''",
    "SECRET = environ['WEBHOOK_SECRET']",
    "x = client.access_secret_version(name=f'projects/p/secrets/{n}/versions/1')",
    "os.environ['API_TOKEN'] = 'x'",
    "del os.environ['API_TOKEN']",
    "analytics.track(user.id, E)",
    "analytics.track(BaseEvent(event_type=f'{E}_{S}'))",
    "logger.warning('missing %s', name)",
    "logger.log(logging.ERROR, 'x')",
    "posthog.capture(distinct_id=u, event=S)",
    "offer_retention(user)",
    "billing.cancel_subscription(user)",
    "helper(user)",
    "self.helper()",
    "result = check(user)",
    "return",
    "return build_offer(user)",
    "return None",
    "raise NotEligible()",
    "continue",
    "break",
    "pass",
    "yield x",
    "x = lambda u: billing.cancel_subscription(u)",
    "items = [cancel_subscription(u) for u in users if u.eligible]",
    "if (y := os.getenv('DB_PASSWORD')): pass",
    "assert KEY, 'required'",
    "global KEY",
    "a, *b = c",
    "x += 1",
    "print(x, file=sys.stderr)",
    "abort(403)",
    "'''doc'''",
]
HEADERS = [
    "if result.eligible:",
    "if not result.eligible:",
    "if result.eligible and plan:",
    "if not (user.is_eligible() or force):",
    "if x is None:",
    "if not KEY:",
    "for user in users:",
    "while True:",
    "with lock() as held:",
    "def f(user, result, *args, **kw):",
    "async def g(x=os.getenv('TOKEN', 'dev')):",
    "def env(name, default=None):",
    "class Retention(Base):",
]
# Clauses that continue a compound statement, each after its own kind of block.
CONTINUATIONS = [
    ("if user.ineligible:", "elif status == Status.ELIGIBLE:"),
    ("if not result.eligible:", "else:"),
    ("try:", "except KeyError:"),
    ("try:", "except (KeyError, ValueError) as e:"),
    ("try:", "finally:"),
    ("match event.kind:", None),
]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _flat(groups: list[list[str]]) -> list[str]:
    return [line for group in groups for line in group]


def _blocks(depth: int) -> st.SearchStrategy[list[str]]:
    simple = st.sampled_from(SIMPLE).map(lambda s: [s])
    if depth == 0:
        return st.lists(simple, min_size=1, max_size=4).map(_flat)
    inner = _blocks(depth - 1)
    compound = st.tuples(st.sampled_from(HEADERS), inner).map(lambda t: [t[0], *_indent(t[1])])
    paired = st.tuples(st.sampled_from(CONTINUATIONS), inner, inner).map(_paired)
    return st.lists(st.one_of(simple, compound, paired), min_size=1, max_size=5).map(_flat)


def _paired(t: tuple[tuple[str, str | None], list[str], list[str]]) -> list[str]:
    (head, then), first, second = t
    if then is None:  # match: two cases
        return [
            head,
            "    case 'portal' | 'webhook':",
            *_indent(_indent(first)),
            "    case _:",
            *_indent(_indent(second)),
        ]
    return [head, *_indent(first), then, *_indent(second)]


modules = _blocks(3).map(lambda lines: "\n".join(lines) + "\n")


@st.composite
def broken(draw: st.DrawFn) -> str:
    """A generated module with a slice cut out or junk put in."""
    text = draw(modules)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 12)))
    junk = draw(st.text(alphabet="():[]{}'\"\\#@=\n\t ;,.x", max_size=6))
    return text[:start] + junk + text[end:]


sources = st.one_of(modules, modules, broken(), st.text(max_size=200))


def _check_everything(path: str, source: str, root: Path) -> None:
    registry = load_rules()
    config = build_config(registry, root, None, OPTIONS)
    load = load_settings(config, registry)
    result = load_bytes(path, source.encode("utf-8", "surrogatepass"), load, declared=False)
    assert isinstance(result, FileResult)
    if result.module is not None:
        assert pickle.loads(pickle.dumps(result.module)) == result.module
    else:
        assert [p.kind for p in result.problems] == ["python-syntax"]
    project = Project(root, {path: result}, config.options)
    for code, rule_type in registry.rules.items():
        if not code.startswith(("PY", "CD")):
            continue
        rule = rule_type(config.options)
        if rule.scope is Scope.FILE:
            list(rule.check_file(result))
        elif rule.scope is Scope.MODULE and result.module is not None:
            list(rule.check_module(result.module))
        elif rule.scope is Scope.PROJECT:
            list(rule.check_project(project))


@settings(max_examples=150)
@given(source=sources)
# libcst reads a literal Python refuses, and raises when asked its value
@example(source="import os\nKEY = os.environ.get('API_KEY', 'sk_\\xm3')\n")
@example(source="if x == '\\N{nope}':\n    pass\n")
def test_facts_and_rules_never_raise(tmp_path_factory, source: str) -> None:
    root = tmp_path_factory.getbasetemp() / "fuzz"
    if not (root / "secrets.json").exists():
        write(root, {"secrets.json": '["API_KEY"]'})
    _check_everything("app/module.py", source, root)


@settings(max_examples=20)
@given(source=st.one_of(modules, broken()))
def test_cli_never_crashes_on_generated_modules(tmp_path_factory, source: str) -> None:
    root = tmp_path_factory.mktemp("cli")
    config = (
        'secrets-manifest = "secrets.json"\n'
        '[calls]\nrequired-before = { "cancel_subscription" = "offer_retention" }\n'
    )
    write(root, {"app/module.py": source, "secrets.json": '["API_KEY"]', "lintkit.toml": config})
    result = run("check", root, "--format", "json", "--select", "PY,CD")
    assert result.code in (0, 1), result.err
    assert result.json["errors"] == []
