"""Plugins by entry point: rules, dialects, reporters. The engine names none of them.

A ``lintkit.rules`` entry point names a Rule class, or a list/tuple of them (a
package with many rules may expose one list). Rules are selected by code,
code prefix ("WF2"), kebab-case name, or "ALL".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lintkit.code.extractor import CodeExtractor, extractor_errors, load_extractors
from lintkit.core.suggest import did_you_mean
from lintkit.plugins.dialect import Dialect, dialect_plugins, load_dialects
from lintkit.plugins.entrypoints import blame, group
from lintkit.plugins.option import Option
from lintkit.plugins.reporter import load_reporters
from lintkit.plugins.rule import Rule, is_builtin

RULE_GROUP = "lintkit.rules"

_CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class SelectorError(ValueError):
    pass


@dataclass
class Registry:
    rules: dict[str, type[Rule]] = field(default_factory=dict)  # by code, sorted
    errors: list[str] = field(default_factory=list)  # plugins that failed to load

    @property
    def by_name(self) -> dict[str, type[Rule]]:
        return {rule.name: rule for rule in self.rules.values()}

    def get(self, code_or_name: str) -> type[Rule] | None:
        """The rule a code or name means: its own, else the first rule aliasing it."""
        key = code_or_name.strip()
        rule = self.rules.get(key.upper()) or self.by_name.get(key.lower())
        if rule is None:
            aliased = self.aliased(key)
            rule = self.rules[aliased[0]] if aliased else None
        return rule

    def aliased(self, key: str) -> list[str]:
        """Codes of the rules that declare ``key`` (a code or name) as an alias."""
        wanted = {key.strip().upper(), key.strip().lower()}
        return [code for code, rule in self.rules.items() if wanted & set(rule.aliases)]

    def resolve(self, selector: str) -> list[str]:
        """Codes a selector names; raises SelectorError with a did-you-mean.

        A code or name selects its rule and every rule that keeps it as an alias
        (WF002 still covers the dialect checks split out of it); a prefix ("SF",
        "PY2") selects every rule whose code or alias starts with it.
        """
        key = selector.strip()
        if key.upper() == "ALL":
            return list(self.rules)
        own = self.rules.get(key.upper()) or self.by_name.get(key.lower())
        codes = ([own.code] if own else []) + [
            c for c in self.aliased(key) if own is None or c != own.code
        ]
        if codes:
            return codes
        prefix = key.upper()
        prefixed = [
            code
            for code, rule in self.rules.items()
            if key.isalnum() and any(c.startswith(prefix) for c in (code, *rule.aliases))
        ]
        if prefixed:
            return prefixed
        raise SelectorError(f"unknown rule {selector!r}{did_you_mean(key, self.selectors())}")

    def covers(self, selector: str) -> frozenset[str]:
        """What ``resolve`` names, or nothing for an unknown selector (a stale comment)."""
        try:
            return frozenset(self.resolve(selector))
        except SelectorError:
            return frozenset()

    def selectors(self) -> list[str]:
        return [*self.rules, *self.by_name, *(a for r in self.rules.values() for a in r.aliases)]

    def select(
        self,
        select: Iterable[str] | None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> list[type[Rule]]:
        """The rules a run uses. With no ``select``, the default-enabled ones."""
        if select is None:
            chosen = {code for code, rule in self.rules.items() if rule.default_enabled}
        else:
            chosen = {code for s in select for code in self.resolve(s)}
        chosen |= {code for s in extend_select for code in self.resolve(s)}
        chosen -= {code for s in ignore for code in self.resolve(s)}
        return [self.rules[code] for code in sorted(chosen)]

    def options(self) -> dict[str, Option]:
        """Every option the rules, dialects and language extractors declare, by dotted name."""
        found: dict[str, Option] = {}
        providers: list[type[Rule] | Dialect | CodeExtractor] = [
            *self.rules.values(),
            *load_dialects(),
            *load_extractors(),
        ]
        for provider in providers:
            for opt in provider.options:
                found.setdefault(opt.name, opt)
        return found


@cache
def load_rules() -> Registry:
    """Every ``lintkit.rules`` entry point: lintkit's own rules first, so a plugin
    that claims a built-in code or name is the one refused."""
    registry = Registry()
    found: dict[str, type[Rule]] = {}
    for ep in group(RULE_GROUP):
        try:
            loaded = ep.load()
        except Exception as err:  # a broken plugin must not stop the others
            registry.errors.append(f"{blame('rule', ep)} failed to load: {_said(err)}")
            continue
        for rule in loaded if isinstance(loaded, (list, tuple)) else [loaded]:
            problem = _invalid(rule, found)
            if problem:
                registry.errors.append(f"{blame('rule', ep)}: {problem}")
                continue
            found[rule.code] = rule
    registry.rules = dict(sorted(found.items()))
    return registry


def _said(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def _invalid(rule: Any, found: dict[str, type[Rule]]) -> str | None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        return f"{rule!r} is not a lintkit Rule class"
    for attr in ("code", "name", "scope", "summary"):
        if not getattr(rule, attr, None):
            return f"{rule.__name__} declares no {attr}"
    if not _CODE.match(rule.code):
        return f"{rule.__name__}: code {rule.code!r} is not like 'ABC123'"
    if not _NAME.match(rule.name):
        return f"{rule.__name__}: name {rule.name!r} is not kebab-case"
    for other in found.values():
        if other is rule:
            continue
        if other.code == rule.code:
            return f"{rule.__name__} is refused: code {rule.code} is taken by {_owner(other)}"
        if other.name == rule.name:
            return f"{rule.__name__} is refused: name {rule.name!r} is taken by {_owner(other)}"
    return None


def _owner(rule: type[Rule]) -> str:
    own = "lintkit's built-in rule" if is_builtin(rule) else "the rule"
    return f"{own} {rule.code} {rule.name} ({rule.__module__})"


def plugin_errors(registry: Registry) -> list[str]:
    """Every plugin that failed to load or was refused: rules, dialects, languages,
    report formats."""
    return [
        *registry.errors,
        *dialect_plugins().errors,
        *extractor_errors(),
        *load_reporters().errors,
    ]
