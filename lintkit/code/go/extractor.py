"""The Go extractor: cheap to load (no grammar until the first file)."""

from __future__ import annotations

from collections.abc import Iterable

from lintkit.code.extractor import Extracted, ModuleNamer
from lintkit.code.go import KIND
from lintkit.code.go.packages import package_names
from lintkit.code.settings import FactSettings


class GoExtractor:
    name = "go"
    title = "Go"
    suffixes = (".go",)
    syntax_kind = KIND
    options = ()

    def extract(self, path: str, data: bytes, settings: FactSettings) -> Extracted:
        from lintkit.code.go.read import extract  # on the first file (see above)

        return extract(path, data, settings)

    def module_namer(self, paths: Iterable[str]) -> ModuleNamer:
        return package_names
