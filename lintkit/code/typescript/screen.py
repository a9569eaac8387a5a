"""Which readers a TypeScript/JavaScript module needs (``readers_for``): the pre-screen.

Most modules of a frontend (components, types, helpers) call nothing the code rules
look for. Their functions, calls, classes, imports and constants are read as
always: the project-wide rules need them. The readers of telemetry calls and of
required calls (``calls.required-before``, links to the billing portal included)
run only when the module's path or text names what they look for: a substring
search over the bytes, instead of a test of every call (and a walk over every
function's calls and rendered components for the ones that record). Eligibility
branches are screened test by test (``conditions.mentions``: a test's text is
much shorter than the module's). A module none of these readers read is
``ModuleFacts.screened``.

Why no fact is lost (``tests/test_typescript_screen.py`` holds the screened and the
full extraction to the same facts):

- an emit site is a call whose dotted name, as written or through an import,
  matches a telemetry pattern. That name is made of the text's identifiers, the
  import's specifier and, for a relative import, the module's own path; so the
  pattern's literal part (``settings.literal_part``) is in the path or the text. A
  pattern without one (``*``) turns the screen off for telemetry;
- a bypass starts from a call ``calls.required-before`` names (the same literal
  parts), or, for ``billing-portal``, from a link or a navigation whose text or
  name a portal pattern matches regardless of case (their literal parts, also
  regardless of case) or from a ``billingPortal.sessions.create`` call.

Secret reads are always read: ``process.env`` reads are found from the word ``env``
in the bytes, and a reader call is recognised by its name once the call is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lintkit.code.settings import FactSettings, RequiredCall, literal_part
from lintkit.code.typescript.bypass import PORTAL, PORTAL_CREATE
from lintkit.code.typescript.options import PORTAL_LINKS, TELEMETRY_CALLS


@dataclass(frozen=True)
class Readers:
    """The readers one module needs."""

    telemetry: bool  # emit sites, and the functions that record
    required: tuple[RequiredCall, ...]  # the `calls.required-before` pairs to check
    portal: bool  # links to the billing portal (for a pair of `billing-portal`)


# The literal parts of a reader's patterns, as bytes: "may the module need it?" when
# the text holds one of them; None: always. Searched with `in`, not a regex of
# alternatives (which Python's engine tries at every position, about as slow as the
# parse on a large module).
_Parts = tuple[bytes, ...] | None


@dataclass(frozen=True)
class _Screen:
    telemetry: _Parts
    portal: _Parts  # lower case
    calls: tuple[tuple[RequiredCall, _Parts], ...]


def readers_for(settings: FactSettings, path: str, data: bytes) -> Readers:
    screen = _screen(settings)
    where = (path.encode(), data)
    portal = bool(settings.required_before) and _may(
        screen.portal, tuple(text.lower() for text in where)
    )
    required = tuple(
        pair
        for pair, parts in screen.calls
        if _may(parts, where) or (portal and pair.call.match(PORTAL) is not None)
    )
    return Readers(
        telemetry=_may(screen.telemetry, where),
        required=required,
        portal=portal and any(pair.call.match(PORTAL) is not None for pair in required),
    )


def _may(parts: _Parts, where: tuple[bytes, ...]) -> bool:
    return parts is None or any(part in text for text in where for part in parts)


@lru_cache(maxsize=16)
def _screen(settings: FactSettings) -> _Screen:
    telemetry = (
        *settings.telemetry.patterns,
        *settings.language_option(TELEMETRY_CALLS),
    )
    portal = (*settings.language_option(PORTAL_LINKS), *PORTAL_CREATE)
    return _Screen(
        telemetry=_literal_parts(telemetry),
        portal=_literal_parts(portal, lower=True),
        calls=tuple(
            (pair, _literal_parts(pair.call.patterns)) for pair in settings.required_before
        ),
    )


def _literal_parts(patterns: Iterable[str], lower: bool = False) -> _Parts:
    """The patterns' literal parts; None when one has none (it may match anything)."""
    parts = [literal_part(p) for p in patterns if p]
    if any(part is None for part in parts):
        return None
    found = {(part.lower() if lower else part).encode() for part in parts if part}
    # Where a part holding another one is, that one is too: only the shorter is searched.
    return tuple(sorted(p for p in found if not any(o != p and o in p for o in found)))
