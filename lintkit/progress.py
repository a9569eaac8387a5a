"""Progress bars on standard error: files read by a ``check`` that takes more than
about a second, people tried by a ``simulate`` search.

Only for a person at a terminal: never when standard error is not a TTY, under
CI (``CI`` set, as CI services do) or with --quiet, and the command line asks for
it only with the text format. tqdm draws it (and erases it when the run ends);
it is imported only when a bar may be shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

DELAY = 1.0  # seconds before the bar appears: a fast run shows none


def wanted() -> bool:
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
    return not ci and sys.stderr.isatty()


class Bar:
    """``lintkit: 1200/3000 files`` after a second, gone when ``close``d."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> Callable[[int], None]:
        from tqdm import tqdm  # only when a bar may show: pipes and CI never import it

        self.close()  # the previous project's, when paths span several
        self.bar = tqdm(
            total=total, desc="lintkit", unit="file", delay=DELAY, leave=False, file=sys.stderr
        )
        update: Callable[[int], None] = self.bar.update
        return update

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class People(Bar):
    """``simulating ID: 120/1000 people`` while ``lintkit simulate`` searches a
    workflow, for a search of 200 people or more (a smaller one is quick)."""

    def __init__(self, workflow: str) -> None:
        super().__init__()
        self.workflow = workflow

    def __call__(self, done: int, planned: int) -> None:
        if planned < 200:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=planned, desc=f"simulating {self.workflow}", unit=" people", leave=False,
                file=sys.stderr, bar_format="{desc}: {n}/{total}{unit} {bar}",
            )  # fmt: skip
        self.bar.total = planned
        self.bar.update(done - self.bar.n)
