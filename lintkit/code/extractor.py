"""The seam between languages and the code facts: one extractor per language.

An extractor turns a source file's bytes into ``ModuleFacts`` (``lintkit.code.model``),
the only thing code rules and the project index read. Extractors are plugins
under the ``lintkit.languages`` entry point, chosen by file suffix, so a language
is a new folder beside ``python/`` and an entry point, with no edit to the
engine or the rules. Like the facts, ``extract`` must be a pure function of its
arguments: results are cached by content hash and computed in worker processes.

Loading an extractor must stay cheap (the engine loads every one to learn the
suffixes it discovers): a parser is imported by ``extract``, on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import NamedTuple, Protocol

from lintkit.code.model import ModuleFacts
from lintkit.code.settings import FactSettings
from lintkit.core.types import Problem
from lintkit.documents.suppressions import Suppression
from lintkit.plugins.entrypoints import blame, installed
from lintkit.plugins.option import Option

LANGUAGE_GROUP = "lintkit.languages"

# path -> (its canonical dotted module name, every name it may be imported by)
ModuleNamer = Callable[[str], tuple[str, tuple[str, ...]]]


class Extracted(NamedTuple):
    """What reading one source file gives."""

    facts: ModuleFacts | None  # None: the file could not be read (see problems)
    problems: tuple[Problem, ...] = ()  # of ``syntax_kind``: it does not parse
    suppressions: tuple[Suppression, ...] = ()  # `lintkit: ignore[...]` comments


class CodeExtractor(Protocol):
    name: str  # the language: "python"
    title: str  # its name in prose: "Python" ("3 Python files")
    suffixes: tuple[str, ...]  # the files it reads: (".py",)
    syntax_kind: str  # the kind of the Problem for a file it cannot read: "python-syntax"
    # settings of this language alone (`python.prescreen`); their values reach
    # `extract` in `settings.language`
    options: tuple[Option, ...]

    def extract(self, path: str, data: bytes, settings: FactSettings) -> Extracted:
        """The facts of the file at ``path`` (root-relative, "/"-separated)."""
        ...

    def module_namer(self, paths: Iterable[str]) -> ModuleNamer:
        """How the language names its modules, given every file of it in the project
        (a Python module's name depends on which directories are packages)."""
        ...


# What the engine, the registry and the docs read of an extractor without calling it.
_DECLARED = ("name", "title", "suffixes", "syntax_kind", "options")


def load_extractors() -> tuple[CodeExtractor, ...]:
    """Every installed extractor that loads, in a stable order (entry point name)."""
    return _load()[0]


def extractor_errors() -> tuple[str, ...]:
    """A message for each language plugin that failed to load (the run goes on)."""
    return _load()[1]


@cache
def _load() -> tuple[tuple[CodeExtractor, ...], tuple[str, ...]]:
    extractors: list[CodeExtractor] = []
    errors: list[str] = []
    for ep in sorted(installed(LANGUAGE_GROUP), key=lambda e: e.name):
        try:
            extractor = ep.load()()
        except Exception as err:  # a broken plugin must not stop the other languages
            errors.append(f"{blame('language', ep)} failed to load: {type(err).__name__}: {err}")
            continue
        missing = [a for a in _DECLARED if not hasattr(extractor, a)]
        if missing:
            errors.append(f"{blame('language', ep)} does not declare {', '.join(missing)}")
        else:
            extractors.append(extractor)
    return tuple(extractors), tuple(errors)


@cache
def code_suffixes() -> tuple[str, ...]:
    return tuple(sorted({s for e in load_extractors() for s in e.suffixes}))


def extractor_for(path: str) -> CodeExtractor | None:
    """The extractor that reads ``path``, by its suffix."""
    if not path.endswith(code_suffixes()):
        return None
    return next(e for e in load_extractors() if path.endswith(e.suffixes))


def is_code(path: str) -> bool:
    return path.endswith(code_suffixes())


def module_namer(paths: Iterable[str]) -> ModuleNamer:
    """Module names for the code files among ``paths``, each named by its language
    (given that language's files among them); any other path has no name."""
    by_language: dict[str, list[str]] = {}
    extractors: dict[str, CodeExtractor] = {}
    for path in paths:
        extractor = extractor_for(path)
        if extractor is not None:
            by_language.setdefault(extractor.name, []).append(path)
            extractors[extractor.name] = extractor
    namers = {name: extractors[name].module_namer(found) for name, found in by_language.items()}

    def names(path: str) -> tuple[str, tuple[str, ...]]:
        extractor = extractor_for(path)
        namer = namers.get(extractor.name) if extractor is not None else None
        return namer(path) if namer is not None else ("", ())

    return names
