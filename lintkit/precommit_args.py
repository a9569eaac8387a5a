"""The command line pre-commit builds: its hook's ``args:``, then file names.

pre-commit runs ``entry + args + file names`` with no ``--`` between them, so a
committed file named ``--output=setup.py`` would be read as an option. The
hooks' entries end with ``--pre-commit``: what follows it is split here into
the options the user configured and the file names, and rebuilt with a ``--``
before the first file name, which argparse then never reads as an option.

A file name is the first argument that names an existing path (pre-commit only
passes files that exist) or does not start with ``-``; an option that takes a
value (``--select WF1``) takes the next argument with it, whatever it is.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

FLAG = "--pre-commit"


def split(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` with a ``--`` inserted before the first file name after ``--pre-commit``."""
    argv = list(argv)
    if FLAG not in argv or ("--" in argv and argv.index("--") < argv.index(FLAG)):
        return argv
    start = argv.index(FLAG) + 1
    rest = argv[start:]
    takes_value = _options(parser)
    options: list[str] = []
    position = 0
    while position < len(rest):
        arg = rest[position]
        if arg == "--":  # the user's own separator
            position += 1
            break
        if not arg.startswith("-") or os.path.lexists(arg):
            break
        options.append(arg)
        position += 1
        if "=" not in arg and takes_value.get(arg) and position < len(rest):
            options.append(rest[position])
            position += 1
    return [*argv[:start], *options, "--", *rest[position:]]


def _options(parser: argparse.ArgumentParser) -> dict[str, bool]:
    """Every option of the parser and its commands -> whether it takes a value."""
    found: dict[str, bool] = {}
    for action in parser._actions:  # argparse offers no public view of its options
        found.update((name, action.nargs != 0) for name in action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                found.update(_options(command))
    return found
