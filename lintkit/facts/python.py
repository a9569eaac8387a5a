"""A Python module -> its facts (FileResult.module) and load problems.

This first version reads only what the engine needs from every module: whether
it parses (problem kind "python-syntax") and its suppression comments.
"""

from __future__ import annotations

import ast
import warnings

from lintkit.documents import decode
from lintkit.project import FileResult, LoadSettings, too_large
from lintkit.suppressions import find_in_python
from lintkit.types import Location, Problem


def load_python_file(path: str, data: bytes, settings: LoadSettings) -> FileResult:
    result = FileResult(path)
    if len(data) > settings.max_file_size:
        result.problems.append(too_large(path, len(data), settings.max_file_size))
        return result
    text, problem = decode(path, data)
    if text is None:
        assert problem is not None
        result.problems.append(Problem("python-syntax", problem.message, problem.location))
        return result
    result.suppressions = find_in_python(path, text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours
            ast.parse(text, filename=path)
    except SyntaxError as err:
        line = err.lineno or 1
        column = err.offset or 1
        result.problems.append(
            Problem("python-syntax", f"syntax error: {err.msg}", Location(path, line, column))
        )
    except (ValueError, RecursionError, MemoryError) as err:
        result.problems.append(
            Problem("python-syntax", f"cannot parse: {err}", Location.file_start(path))
        )
    return result
