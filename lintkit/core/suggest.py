"""The one did-you-mean: which known names a misspelt one may mean, and how a
message proposes them.

``similar`` is plain string similarity (rule codes, config keys, step names);
``closest`` and ``closest_event`` know more about names written in one file and
defined in another (events, modules, functions).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence

from lintkit.core.types import Applicability, Fix, Location


def similar(
    word: str,
    choices: Iterable[str],
    *,
    n: int = 1,
    cutoff: float = 0.6,
    key: Callable[[str], str] | None = None,
) -> list[str]:
    """Up to ``n`` choices most like ``word``, best first; compared through
    ``key`` when given (the choices come back as written)."""
    if key is None:
        return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
    by_key = {key(c): c for c in choices}
    return [by_key[c] for c in difflib.get_close_matches(key(word), list(by_key), n, cutoff)]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice most like ``word``, or nothing."""
    best = likeliest(word, choices)
    return f" (did you mean {best!r}?)" if best is not None else ""


def likeliest(word: str, choices: Iterable[str]) -> str | None:
    """Of the few choices most like ``word``, the fewest typed characters away
    (`exit` for `axit`, though `wait` shares more letters in order)."""
    close = similar(word, choices, n=3)
    if not close:
        return None
    return min(close, key=lambda c: _edits(word, c, len(word) + len(c)))


def did_you_mean_any(names: Sequence[str]) -> str:
    """`` (did you mean `a`, `b` or `c`?)``, or nothing when there are no names."""
    return f" (did you mean {quoted(names)}?)" if names else ""


def quoted(names: Iterable[str]) -> str:
    """`a`, `b` or `c`."""
    items = [f"`{n}`" for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def closest(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates nearest ``word``: the same words spelled otherwise first
    (`Offer Shown` for `offer_shown`), then by similarity; never its opposite
    (`offer_ineligible` for `offer_eligible` is another event, not a typo)."""
    choices = sorted(set(candidates) - {word})
    key = _spelling(word)
    same = [c for c in choices if _spelling(c) == key]
    near = difflib.get_close_matches(word, choices, n=n + 2, cutoff=cutoff)
    found = [c for c in dict.fromkeys([*same, *near]) if not _opposite(key, _spelling(c))]
    return found[:n]


def closest_event(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Event names ``word`` may be a misspelling of: the same words spelled otherwise,
    or a few typed characters away. Events of one product share long prefixes
    (`retention_offer_declined`, `retention_offer_eligible`): similar is not enough."""
    limit = 1 if len(word) <= 8 else 2 if len(word) <= 20 else 3
    near = closest(word, candidates, n=n + 5, cutoff=0.7)
    key = _spelling(word)
    return [c for c in near if _spelling(c) == key or _edits(word, c, limit) <= limit][:n]


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it is more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _spelling(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


_NEGATIONS = ("in", "un", "non", "not", "dis", "im", "ir", "il")


def _opposite(a: str, b: str) -> bool:
    """Whether one name is the other with a word negated (`eligible`/`ineligible`,
    `offer_accepted`/`offer_not_accepted`)."""
    left, right = a.split("_"), b.split("_")
    if len(left) > len(right):
        left, right = right, left
    if len(right) == len(left) + 1:  # a negating word inserted
        return any(
            right[i] in ("not", "no", "non") and right[:i] + right[i + 1 :] == left
            for i in range(len(right))
        )
    if len(right) != len(left):
        return False
    differ = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    short, long = sorted((x, y), key=len)
    return any(long in (p + short, f"{p}_{short}") for p in _NEGATIONS)


# A did-you-mean this many typed characters away is a typo: fixed by --fix.
TYPO_EDITS = 2


def typo_fix(
    word: str, choices: Iterable[str], location: Location, *, suggestion: str | None = None
) -> Fix | None:
    """Write the name ``did_you_mean`` proposes (or ``suggestion``) where ``word`` is
    written: a safe fix when it is a typo away and no other choice is as near, an
    unsafe one when it is only similar (`apply_offer` for `accept_offer` may be
    another function) or a guess between two (`eait`: `exit` or `wait`?)."""
    if suggestion is None:
        suggestion = likeliest(word, choices)
        if suggestion is None:
            return None
    distance = _edits(word, suggestion, TYPO_EDITS)
    rivals = [c for c in similar(word, choices, n=3) if c != suggestion]
    tied = any(_edits(word, c, TYPO_EDITS) <= distance for c in rivals)
    near = distance <= TYPO_EDITS and not tied
    applicability = Applicability.SAFE if near else Applicability.UNSAFE
    return Fix.value(location, word, suggestion, applicability)
