"""A Python module -> its code facts and load problems (``PythonExtractor.extract``).

It reads nothing but its arguments, so the result can be cached by content hash
and computed in a worker process. libcst is imported here, lazily, and only for a module the
pre-screen (``screen.py``) finds worth it: the others get their facts from
CPython's ``ast`` (``light.py``); `lintkit --version` and `lintkit explain`
never load it.

A file that does not parse gets one "python-syntax" problem (PY001) at the
parser's position and no facts; the run goes on with the other files. So does
one too large or too deeply nested to parse within bounded time and memory
(``lintkit.code.python.nesting``): sizes are checked before CPython's parser,
depth before libcst's, whose native parser would otherwise crash the process.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from typing import Any

from lintkit.code.extractor import Extracted
from lintkit.code.model import ModuleFacts
from lintkit.code.python import KIND, nesting
from lintkit.code.python.light import light_facts
from lintkit.code.python.screen import screen
from lintkit.code.settings import FactSettings
from lintkit.core.types import Location, Problem
from lintkit.documents.parse import decode
from lintkit.documents.suppressions import find_in_python


def extract(path: str, data: bytes, settings: FactSettings) -> Extracted:
    text, problem = _source_text(path, data)
    if text is None:
        assert problem is not None
        undecodable = Problem(KIND, problem.message, problem.location, help=problem.help)
        return Extracted(None, (undecodable,))
    counted = nesting.estimate_tokens(text)
    if counted > nesting.MAX_COUNTED:
        message = f"too large for lintkit's Python parsers: about {counted:,} tokens or more"
        return Extracted(None, (Problem(KIND, message, Location.file_start(path), help=_SKIPPED),))
    suppressions = tuple(find_in_python(path, text))
    tree, syntax, fatal = _cpython_syntax(path, text)
    if fatal:  # too deep for CPython's parser; libcst would take seconds to fail too
        assert syntax is not None
        return Extracted(None, (syntax,), suppressions)
    interesting = screen(settings)
    if tree is not None and interesting is not None and not interesting(text):
        light = _light_facts(path, tree, text)
        if light is not None:
            return Extracted(light, (), suppressions)
    del tree  # libcst builds its own, several times larger
    excess = nesting.measure(text)
    if excess is not None:
        # CPython's own error, when it has one, names the first place it could not read.
        location = Location(path, excess.line, excess.column)
        too_deep = syntax or Problem(KIND, excess.message, location, help=_SKIPPED)
        return Extracted(None, (too_deep,), suppressions)
    facts, problem = _facts(path, text, settings)
    if facts is None:
        # Neither parser reads it: CPython's message is the clearer one.
        found = syntax or problem
        assert found is not None
        return Extracted(None, (found,), suppressions)
    return Extracted(facts, (), suppressions)


def _light_facts(path: str, tree: ast.Module, text: str) -> ModuleFacts | None:
    """The cheap facts; None when the tree is too deep for a walk in Python (CPython's
    parser reads deeper trees when the recursion limit is raised: the scan then names
    the place)."""
    try:
        return light_facts(path, tree, text)
    except RecursionError:
        return None


def _source_text(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """The module's text in the encoding its coding cookie names (PEP 263), else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as err:  # a cookie naming no codec, or a BOM that contradicts it
        return None, Problem(KIND, f"cannot decode: {err.msg}", Location(path, err.lineno or 1, 1))
    return decode(path, data, default=encoding)


def _cpython_syntax(path: str, text: str) -> tuple[ast.Module | None, Problem | None, bool]:
    """(CPython's tree, its syntax error, whether to give up on the file).

    Its messages and positions are the best. Code it rejects may still be valid
    for a newer Python (PEP 695 `type X = ...` under 3.11): then libcst reads
    it and there is nothing to report.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours
            tree = ast.parse(text, filename=path)
    except SyntaxError as err:
        location = Location(path, err.lineno or 1, max(err.offset or 1, 1))
        help = "fix the syntax; until then no code rule checks this file"
        # Every Python since 3.10.7 refuses such a literal: no newer one reads the file.
        fatal = _DIGITS in (err.msg or "")
        return None, Problem(KIND, _syntax_message(err), location, help=help), fatal
    except (ValueError, RecursionError, MemoryError) as err:
        # Python's parser gives up on deep nesting with an empty MemoryError (or
        # a RecursionError): the scan names the place.
        excess = nesting.measure(text)
        if excess is not None:
            location = Location(path, excess.line, excess.column)
            return None, Problem(KIND, excess.message, location, help=_SKIPPED), True
        reason = str(err) or "too deeply nested or too complex"
        message = f"Python's parser cannot read this file: {reason}"
        return None, Problem(KIND, message, Location.file_start(path), help=_SKIPPED), True
    return tree, None, False


_SKIPPED = "the code rules skip this file; split it or simplify the expression"
_DIGITS = "use sys.set_int_max_str_digits()"


def _syntax_message(err: SyntaxError) -> str:
    """CPython's message, without advice meant for Python programs rather than for files."""
    message = err.msg or "invalid syntax"
    if _DIGITS in message:  # "Exceeds the limit (4300 digits) ...: value has N digits; use ..."
        limit = message.split(";")[0]
        message = f"integer literal too long for Python: {limit[:1].lower()}{limit[1:]}"
    return f"syntax error: {message}"


def _positions(wrapper: Any, provider: Any) -> Any:
    """Node -> the provider's value. ``wrapper.resolve`` also runs a batched visit over the
    whole tree with no visitor in it (libcst 1.x), which costs as much as the
    position pass itself; generating the one provider directly skips it."""
    try:
        return provider()._gen(wrapper)
    except AttributeError:  # a libcst without the private hook
        return wrapper.resolve(provider)


def _facts(
    path: str, text: str, settings: FactSettings
) -> tuple[ModuleFacts | None, Problem | None]:
    import libcst as cst
    from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

    from lintkit.code.python.extract import extract
    from lintkit.code.python.positions import Positions

    try:
        module = cst.parse_module(text)
        # No deep copy of the tree: nothing here changes it, and the copy costs
        # about a third of the position pass.
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = Positions(_positions(wrapper, ByteSpanPositionProvider), text, module.encoding)
        return extract(path, module, positions, settings), None
    except cst.ParserSyntaxError as err:
        return None, Problem(
            KIND,
            f"lintkit's Python parser (libcst) cannot read this file: {err.message}",
            Location(path, err.raw_line, err.raw_column + 1),
            help="the code rules skip this file; please report it if it is valid Python",
        )
    except RecursionError:
        return None, Problem(
            KIND,
            "too deeply nested for lintkit's Python parser; the code rules skip this file",
            Location.file_start(path),
        )
