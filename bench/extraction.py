#!/usr/bin/env python3
"""A tree-sitter language's extractor beside tree-sitter's own parse, in one process.

    python bench/extraction.py go|typescript [DIR] [--files 1000] [--rounds 3] [--profile N]

Without DIR, generates the benchmark's files (bench/go_files.py or
bench/typescript.py) in a temporary folder. Reads every file first, then times,
in CPU seconds of this process (``time.process_time``: the machine's load counts
less than in wall-clock time), interleaved round by round:

- the floor: ``lintkit.documents.treesitter.parse`` on every file, as the
  extractor parses it;
- the extractor: the language's ``extract`` (the parse and every fact) on every
  file, with the default settings.

Prints each round and the best ratio (the issues' target: at most 2x the parse).
``--profile N`` then prints cProfile's top functions over the first N files.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from lintkit.code.settings import fact_settings
from lintkit.documents.treesitter import parse


def _files(language: str, root: Path | None, count: int) -> list[Path]:
    if root is None:
        root = Path(tempfile.mkdtemp(prefix=f"lintkit-bench-{language}-"))
        if language == "go":
            from go_files import generate
        else:
            from typescript import generate
        generate(root, count)
    suffixes = (".go",) if language == "go" else (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")
    skipped = {"node_modules", "vendor", "dist", "build", ".next", ".git"}
    return sorted(
        path
        for path in root.rglob("*")
        if path.suffix in suffixes and path.is_file() and not skipped & set(path.parts)
    )


def _grammar(language: str, path: Path) -> str:
    if language == "go":
        return "go"
    return "tsx" if path.suffix in (".tsx", ".jsx", ".js", ".mjs", ".cjs") else "typescript"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("language", choices=("go", "typescript"))
    parser.add_argument("dir", nargs="?", type=Path, help="files to read (default: generated)")
    parser.add_argument("--files", type=int, default=1000, help="how many to generate")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()

    if args.language == "go":
        from lintkit.code.go.extractor import GoExtractor as Extractor
    else:
        from lintkit.code.typescript.extractor import TypeScriptExtractor as Extractor
    extract = Extractor().extract
    paths = _files(args.language, args.dir, args.files)
    datas = [(str(path), path.read_bytes(), _grammar(args.language, path)) for path in paths]
    settings = fact_settings({}, Extractor.options)
    extract(datas[0][0], datas[0][1], settings)  # grammars and patterns load once

    print(f"{len(datas)} files, {sum(len(d) for _, d, _ in datas) / 1e6:.1f} MB")
    best = float("inf")
    for round_ in range(1, args.rounds + 1):
        start = time.process_time()
        for _, data, grammar in datas:
            parse(grammar, data)
        parsed = time.process_time() - start
        start = time.process_time()
        for path, data, _ in datas:
            extract(path, data, settings)
        extracted = time.process_time() - start
        best = min(best, extracted / parsed)
        print(
            f"round {round_}: parse {parsed:.2f} s, extract {extracted:.2f} s "
            f"({extracted / parsed:.1f}x)"
        )
    print(f"best ratio: {best:.1f}x the parse")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for path, data, _ in datas[: args.profile]:
            extract(path, data, settings)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
