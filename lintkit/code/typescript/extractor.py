"""TypeScript, TSX, JavaScript and JSX behind the code-facts seam (entry point
``lintkit.languages``: typescript).

Loading it must stay cheap: every run loads it to learn its suffixes. tree-sitter
and the readers (``extract.py``) are imported on the first file.
"""

from __future__ import annotations

from collections.abc import Iterable

from lintkit.code.extractor import Extracted, ModuleNamer
from lintkit.code.settings import FactSettings
from lintkit.code.typescript import KIND
from lintkit.code.typescript.module_names import SUFFIXES, module_names
from lintkit.code.typescript.options import PORTAL_LINKS, TELEMETRY_CALLS


class TypeScriptExtractor:
    name = "typescript"
    title = "TypeScript/JavaScript"
    suffixes = SUFFIXES
    syntax_kind = KIND
    options = (TELEMETRY_CALLS, PORTAL_LINKS)

    def extract(self, path: str, data: bytes, settings: FactSettings) -> Extracted:
        from lintkit.code.typescript.extract import extract  # on the first file (see above)

        return extract(path, data, settings)

    def module_namer(self, paths: Iterable[str]) -> ModuleNamer:
        return module_names
