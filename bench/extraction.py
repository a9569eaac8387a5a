#!/usr/bin/env python3
"""A tree-sitter language's extractor beside tree-sitter's own parse, in one process.

    python bench/extraction.py go|typescript [DIR] [--files 1000] [--rounds 3] [--profile N]
                               [--by-file] [--floor]

Without DIR, generates the benchmark's files (bench/go_files.py or
bench/typescript.py) in a temporary folder. Reads every file first, then times,
in CPU seconds of this process (``time.process_time``: the machine's load counts
less than in wall-clock time), interleaved round by round:

- the floor: ``lintkit.documents.treesitter.parse`` on every file, as the
  extractor parses it;
- the extractor: the language's ``extract`` (the parse and every fact) on every
  file, with the default settings.

Prints each round and the best ratio (the issues' target: at most 2x the parse);
``--floor`` adds, in each round, the least any reader built on tree-sitter's
Python binding does: the parse, then the extractor's own query for the nodes its
facts come from, and one look at each node found (its type), with no fact read;
``--by-file`` then sums each file's fastest parse and extraction over the rounds,
the two interleaved file by file (a varying load shifts them alike).
``--profile N`` then prints cProfile's top functions over the first N files.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tree_sitter import Query, QueryCursor

from lintkit.code.settings import FactSettings, fact_settings
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


def _query(language: str, grammar: str) -> Query:
    """The query the language's extractor finds its nodes with (private to it)."""
    if language == "go":
        from lintkit.code.go.index import _query as go_query

        return go_query()
    from lintkit.code.typescript.facts import _query as typescript_query

    return typescript_query(grammar, components=True, links=True)


def _floor(language: str, datas: list[tuple[str, bytes, str]]) -> float:
    """CPU seconds to parse every file, run the extractor's query and look at each
    node it finds."""
    queries = {grammar: _query(language, grammar) for _, _, grammar in datas}
    start = time.process_time()
    for _, data, grammar in datas:
        root = parse(grammar, data).root_node
        for nodes in QueryCursor(queries[grammar]).captures(root).values():
            for node in nodes:
                node.type  # noqa: B018  (the least a reader asks of a node)
    return time.process_time() - start


def _by_file(
    datas: list[tuple[str, bytes, str]],
    extract: Callable[[str, bytes, FactSettings], object],
    settings: FactSettings,
    rounds: int,
) -> None:
    parsed = [float("inf")] * len(datas)
    extracted = [float("inf")] * len(datas)
    for _ in range(rounds):
        for i, (path, data, grammar) in enumerate(datas):
            start = time.process_time()
            parse(grammar, data)
            middle = time.process_time()
            extract(path, data, settings)
            end = time.process_time()
            parsed[i] = min(parsed[i], middle - start)
            extracted[i] = min(extracted[i], end - middle)
    print(
        f"by file, fastest of {rounds}: parse {sum(parsed):.2f} s, extract "
        f"{sum(extracted):.2f} s ({sum(extracted) / sum(parsed):.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("language", choices=("go", "typescript"))
    parser.add_argument("dir", nargs="?", type=Path, help="files to read (default: generated)")
    parser.add_argument("--files", type=int, default=1000, help="how many to generate")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="each round, also the parse with the extractor's query and a look at\n"
        "each node it finds: the least a reader in Python does",
    )
    parser.add_argument(
        "--by-file",
        action="store_true",
        help="then each file's fastest parse and extraction over the rounds, the two\n"
        "interleaved file by file: steadier than whole phases on a shared machine",
    )
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
        floor = ""
        if args.floor:
            queried = _floor(args.language, datas)
            floor = f", parse + query + a look at each node {queried:.2f} s"
            floor += f" ({queried / parsed:.1f}x)"
        print(
            f"round {round_}: parse {parsed:.2f} s, extract {extracted:.2f} s "
            f"({extracted / parsed:.1f}x){floor}"
        )
    print(f"best ratio: {best:.1f}x the parse")
    if args.by_file:
        _by_file(datas, extract, settings, args.rounds)

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for path, data, _ in datas[: args.profile]:
            extract(path, data, settings)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
