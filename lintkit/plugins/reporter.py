"""What a report format provides. Registered under the ``lintkit.reporters`` entry point.

The entry point's name is the format's name (``--format NAME``, ``--report
NAME=FILE``); its target is called with the command line's options
(``concise``, ``statistics``, ``quiet``: a reporter ignores those it has no use
for) and returns a ``Reporter``. A reporter reads only the ``Report``
(lintkit.core.report), never the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Protocol, TextIO, runtime_checkable

from lintkit.core.report import Report
from lintkit.core.suggest import did_you_mean
from lintkit.plugins.entrypoints import EntryPoint, PluginError, blame, distribution, group

REPORTER_GROUP = "lintkit.reporters"


@runtime_checkable
class Reporter(Protocol):
    # One line for the docs' list of formats.
    description: ClassVar[str]

    def render(self, report: Report, out: TextIO) -> None:
        """Write the whole report to ``out``."""
        ...


class UnknownFormat(ValueError):
    pass


@dataclass(frozen=True)
class Formats:
    """The report formats, by name (an entry point each, loaded when used)."""

    entry_points: dict[str, EntryPoint]
    errors: tuple[str, ...]  # plugins refused for a name already taken


@cache
def load_reporters() -> Formats:
    found: dict[str, EntryPoint] = {}
    errors = []
    for ep in group(REPORTER_GROUP):
        if ep.name in found and found[ep.name].value == ep.value:
            continue  # one package installed under two names
        if ep.name in found:
            taken = found[ep.name]
            errors.append(
                f"{blame('reporter', ep)} is refused: format {ep.name!r} is taken by"
                f" {taken.value} from {distribution(taken)}"
            )
        else:
            found[ep.name] = ep
    return Formats(found, tuple(errors))


def format_names() -> list[str]:
    """Every report format's name, for --format and the docs."""
    return sorted(load_reporters().entry_points)


def reporter(name: str, **options: object) -> Reporter:
    """The reporter of format ``name``, made with the command line's options.

    Raises UnknownFormat, or PluginError when the format's plugin fails to
    load or makes no Reporter.
    """
    eps = load_reporters().entry_points
    if name not in eps:
        raise UnknownFormat(f"unknown format {name!r}{did_you_mean(name, eps)}")
    ep = eps[name]
    try:
        made = ep.load()(**options)
    except Exception as err:
        problem = f"{type(err).__name__}: {err}"
        raise PluginError(f"{blame('reporter', ep)} failed to load: {problem}") from err
    if not isinstance(made, Reporter):
        raise PluginError(
            f"{blame('reporter', ep)}: {made!r} is not a lintkit Reporter"
            " (a description and a render(report, out) method)"
        )
    return made
