"""Option values -> the compiled matchers every extractor reads (``FactSettings``),
cached by value (options are hashable)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lintkit.code import options as opt
from lintkit.plugins.option import Option

# A negated eligibility word (`ineligible`, `not_eligible`, `unqualified`): the
# test's other branch is the eligible one.
NEGATED = re.compile(r"(?i)(?<![a-z])(in|not_?|non_?|un|dis)(eligib|qualif)")
# What an eligibility word may be said of that is part of the program, not a person
# or an account (`isPageEligibleForSSE`, `tab.is_eligible`): whether the browser tab
# may hold a connection is no decision anyone measures.
_TECHNICAL_SUBJECTS = frozenset(
    [
        "page",
        "tab",
        "window",
        "element",
        "component",
        "browser",
        "device",
        "file",
        "url",
        "request",
        "response",
        "route",
        "cache",
        "connection",
        "socket",
        "stream",
        "buffer",
        "platform",
        "dom",
    ]
)
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_VERBS = frozenset({"is", "are", "was", "has", "can", "should"})


def technical_subject(name: str, at: int) -> bool:
    """Whether the eligibility word found at ``at`` in the read ``name`` (dotted,
    snake or camel case) is said of a technical subject: the last word before it,
    past a verb (`isPageEligible`, `page.is_eligible`)."""
    words = [w.lower() for w in _WORD.findall(name[:at])]
    while words and words[-1] in _VERBS:
        words.pop()
    return bool(words) and words[-1] in _TECHNICAL_SUBJECTS


# The parameter of a reader's signature that holds its default.
DEFAULT_PARAMETERS = ("default", "fallback", "default_value", "defaultValue")
# Statements between a secret read and the "immediate" check that reports its
# fallback (`if not KEY: raise ...` after `KEY = os.getenv("KEY", "dev")`).
CHECK_DISTANCE = 5


class NamePatterns:
    """Glob patterns over dotted call names; a pattern may match a dotted tail.

    ``logger.*`` matches ``self.logger.info`` because it matches the tail
    ``logger.info``. Matching is case-sensitive: ``LOG.info`` is not ``log.info``.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(p for p in patterns if p)
        self._compiled = [(p, re.compile(fnmatch.translate(p))) for p in self.patterns]
        # one regex for "does any pattern match": a miss (most calls) costs one
        # match per tail instead of one per pattern and tail
        self._any = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self.patterns))
        self._memo: dict[str, str | None] = {}  # a module calls the same names again and again

    def match(self, dotted: str) -> str | None:
        """The first pattern matching ``dotted`` or one of its tails, or None."""
        if dotted in self._memo:
            return self._memo[dotted]
        found = self._match(dotted)
        if len(self._memo) < 100_000:
            self._memo[dotted] = found
        return found

    def _match(self, dotted: str) -> str | None:
        if not dotted:
            return None
        tails = [dotted]
        start = dotted.find(".")
        while start >= 0:
            tails.append(dotted[start + 1 :])
            start = dotted.find(".", start + 1)
        if not any(self._any.match(tail) for tail in tails):
            return None
        for pattern, regex in self._compiled:
            if any(regex.match(tail) for tail in tails):
                return pattern
        return None

    def __bool__(self) -> bool:
        return bool(self.patterns)


_NAME_RUN = re.compile(r"[A-Za-z0-9_]+")


def literal_part(pattern: str) -> str | None:
    """The longest run of name characters of a pattern (``*.logEvent`` -> ``logEvent``):
    the text of any name it matches contains it. None for a pattern without one (``*``).
    Synthetic parts, which the code does not write (``__getitem__`` stands for
    ``os.environ[...]``), are not counted."""
    runs = [r for r in _NAME_RUN.findall(pattern) if not (r.startswith("__") and r.endswith("__"))]
    return max(runs, key=len) if runs else None


@dataclass(frozen=True)
class RequiredCall:
    call: NamePatterns  # e.g. cancel_subscription
    required: NamePatterns  # any of these must have been called before
    call_text: str
    required_text: tuple[str, ...]


@dataclass(frozen=True)
class FactSettings:
    telemetry: NamePatterns
    eligibility: re.Pattern[str]
    secret_names: re.Pattern[str]
    readers: NamePatterns
    required_before: tuple[RequiredCall, ...]
    # the values of the options one language's extractor declares (its `options`)
    language: tuple[tuple[str, Any], ...] = ()
    # readers written with their parameters (`get_string(name, default)`): the
    # pattern -> the parameters, in order
    reader_signatures: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def default_position(self, pattern: str) -> tuple[int | None, str | None] | None:
        """Where a reader matching ``pattern`` takes its default: (position,
        keyword), from its signature; None when it was written without one."""
        for written, parameters in self.reader_signatures:
            if written == pattern:
                for index, parameter in enumerate(parameters):
                    if parameter in DEFAULT_PARAMETERS:
                        return index, parameter
                return None, None
        return None

    def language_option(self, option: Option) -> Any:
        """The value of one of the extractor's own options."""
        return dict(self.language).get(option.name, option.default)


def fact_settings(
    option_map: Mapping[str, Any], language_options: Iterable[Option] = ()
) -> FactSettings:
    """The settings an extractor reads: the shared ones, and the values of
    ``language_options``, the options that extractor declares."""

    def value(option: Option) -> Any:
        return option_map.get(option.name, option.default)

    return _compile(
        _freeze(value(opt.TELEMETRY_CALLS)),
        value(opt.ELIGIBILITY),
        value(opt.SECRET_NAMES),
        _freeze(value(opt.SECRET_READERS)),
        _freeze(value(opt.REQUIRED_BEFORE)),
        tuple((option.name, _freeze(value(option))) for option in language_options),
    )


def _freeze(value: Any) -> Any:
    """Lists and dicts as (sorted) tuples, so the value can key a cache."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def required_pairs(value: Any) -> list[tuple[str, tuple[str, ...]]]:
    """``calls.required-before`` as (call, required calls); malformed entries dropped.

    The value arrives as a dict from the config, or as a tuple of pairs once
    made hashable for the loader.
    """
    items = value.items() if isinstance(value, Mapping) else value or ()
    pairs = []
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            continue
        call, required = item
        names = (required,) if isinstance(required, str) else required
        if (
            isinstance(call, str)
            and call
            and isinstance(names, (tuple, list))
            and names
            and all(isinstance(n, str) and n for n in names)
        ):
            pairs.append((call, tuple(names)))
    return pairs


def _signature(reader: str) -> tuple[str, tuple[str, ...] | None]:
    """``get_string(name, default)`` -> ("get_string", ("name", "default"))."""
    name, paren, rest = reader.partition("(")
    if not paren:
        return reader, None
    parameters = tuple(p.strip() for p in rest.rstrip().removesuffix(")").split(",") if p.strip())
    return name.strip(), parameters


@lru_cache(maxsize=16)
def _compile(
    telemetry: tuple[str, ...],
    eligibility: str,
    secret_names: str,
    readers: tuple[str, ...],
    required_before: tuple[tuple[str, Any], ...],
    language: tuple[tuple[str, Any], ...] = (),
) -> FactSettings:
    return FactSettings(
        telemetry=NamePatterns(telemetry),
        eligibility=re.compile(eligibility),
        secret_names=re.compile(secret_names),
        readers=NamePatterns(_signature(r)[0] for r in readers),
        reader_signatures=tuple(
            (name, parameters) for name, parameters in map(_signature, readers) if parameters
        ),
        required_before=tuple(
            RequiredCall(NamePatterns([call]), NamePatterns(required), call, required)
            for call, required in required_pairs(required_before)
        ),
        language=language,
    )
