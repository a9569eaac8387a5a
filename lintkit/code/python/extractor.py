"""Python behind the code-facts seam (entry point ``lintkit.languages``: python).

Loading it must stay cheap: every run loads it to learn its suffix, and a warm
run may parse nothing. The parsers' code (``python.py``: CPython's ast, and
libcst for the modules worth it) is imported on the first file.
"""

from __future__ import annotations

from collections.abc import Iterable

from lintkit.code.extractor import Extracted, ModuleNamer
from lintkit.code.python import KIND
from lintkit.code.python.module_names import module_names, packages_of
from lintkit.code.python.options import PRESCREEN
from lintkit.code.settings import FactSettings


class PythonExtractor:
    name = "python"
    title = "Python"
    suffixes = (".py",)
    syntax_kind = KIND
    options = (PRESCREEN,)

    def extract(self, path: str, data: bytes, settings: FactSettings) -> Extracted:
        from lintkit.code.python.python import extract  # on the first file (see above)

        return extract(path, data, settings)

    def module_namer(self, paths: Iterable[str]) -> ModuleNamer:
        packages = packages_of(paths)
        memo: dict[str, tuple[tuple[int, ...], int]] = {}
        return lambda path: module_names(path, packages, memo)
