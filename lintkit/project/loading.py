"""The load phase: every candidate file -> FileResult, from the cache when it can.

Loading one file is a pure function of its bytes and the settings, which is
what makes both the cache and the process pool safe: results are identical
however they were produced, and the engine sorts everything after.

For a cached file only its outline is loaded (``lintkit.project.outline``); ``Results``
loads the full result when something asks for it.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lintkit.code.extractor import CodeExtractor, extractor_for
from lintkit.code.settings import fact_settings
from lintkit.core.reading import NotRead, read_inside
from lintkit.core.types import Diagnostic, InternalError
from lintkit.plugins.rule import Rule, Scope
from lintkit.project.cache import Cache, Hit, Stat
from lintkit.project.file_rules import crash, file_findings
from lintkit.project.load_file import (
    SNIFF_BYTES,
    FileResult,
    LoadSettings,
    load_workflow_file,
    sniff,
    too_large,
    unreadable,
)
from lintkit.project.outline import FileOutline, outline_of

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

# The process pool's modules (concurrent.futures.process, multiprocessing) take
# ~30 ms to import, a tenth of a warm run: they are imported where a pool starts.

# Below this many files to parse, starting worker processes (each imports
# lintkit and its parsers) costs more than it saves.
PARALLEL_MIN_FILES = 48
# Objects made since the last collection (``gc.get_count``) after which loading
# collects them. On 400 generated modules with --jobs 1: peak memory 76 MB
# against 280 MB with one pass at the end, for 0.8 s more in the collector
# (1.8 s against 1.0 s; every 1,000,000: 156 MB and 1.3 s).
GARBAGE_PASS = 200_000


class Results(Mapping[str, FileResult]):
    """Every loaded file's full result by path, and every file's outline.

    A cached file's full result is read from the cache on first use; if it cannot
    be (the entry went missing meanwhile), the file is loaded again.
    """

    def __init__(self, reload: Callable[[str], Loaded]) -> None:
        self.outlines: dict[str, FileOutline] = {}
        self.errors: list[InternalError] = []  # of loads done on first use
        self.read = 0  # cached full results read on first use
        # the per-file rules' findings (and crashes) on a file, where a worker ran them
        self.findings: dict[str, tuple[list[Diagnostic], list[InternalError]]] = {}
        self._results: dict[str, FileResult | Hit | _Sent] = {}
        self._reload = reload

    def add(
        self,
        path: str,
        result: FileResult | Hit | _Sent,
        outline: FileOutline,
        findings: tuple[list[Diagnostic], list[InternalError]] | None = None,
    ) -> None:
        """Keep a file's result and outline, and the per-file rules' ``findings`` on it
        if a worker ran them (else they are found again: the result may be new)."""
        self._results[path] = result
        self.outlines[path] = outline
        if findings is None:
            self.findings.pop(path, None)
        else:
            self.findings[path] = findings

    def merge(self, other: Results) -> None:
        """Take in the files ``other`` loaded (a second load of the rest of a project)."""
        self._results.update(other._results)
        self.outlines.update(other.outlines)
        self.findings.update(other.findings)
        self.errors.extend(other.errors)
        self.read += other.read

    def __getitem__(self, path: str) -> FileResult:
        entry = self._results[path]
        if isinstance(entry, FileResult):
            return entry
        if isinstance(entry, Hit):
            self.read += 1
        result = entry.full()
        if not isinstance(result, FileResult):
            loaded = self._reload(path)
            if loaded.error is not None:
                self.errors.append(loaded.error)
            result = loaded.result or FileResult(path)
        self._results[path] = result
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


@dataclass
class Loaded:
    path: str
    result: FileResult | None
    digest: str | None = None  # content hash; None: not cacheable (unreadable, too large)
    stat: Stat | None = None
    error: InternalError | None = None
    checked: Checked | None = None  # from a worker that ran the per-file rules: no result


@dataclass
class Checked:
    """What a worker sends back of a file it ran the per-file rules on, instead of its
    result: their findings and crashes, its outline, and the result pickled (for
    the cache, and for a project rule that asks for it: ``_Sent``).

    Sending the result itself cost the main process its unpickling, and the rules
    ran there, after every file was loaded: on 1,994 n8n workflows with two workers
    the whole run took 0.82 times check-jsonschema's wall time that way, 0.68 times
    this way (docs/n8n.md).
    """

    outline: FileOutline
    findings: list[Diagnostic]
    errors: list[InternalError]
    pickled: bytes


class _Sent:
    """A worker's result of one file, unpickled the first time it is asked for."""

    __slots__ = ("pickled",)

    def __init__(self, pickled: bytes) -> None:
        self.pickled = pickled

    def full(self) -> FileResult:
        result: FileResult = pickle.loads(self.pickled)
        return result


@dataclass(frozen=True)
class Checking:
    """The per-file rules (by scope) a worker runs on the files it loads, and the
    files to run them on: those the run reports on."""

    rules: Mapping[Scope, list[Rule]]
    paths: frozenset[str]


def load_bytes(path: str, data: bytes, settings: LoadSettings, *, declared: bool) -> FileResult:
    """Everything lintkit does to one file before rules run."""
    extractor = extractor_for(path)
    if extractor is None:
        return load_workflow_file(path, data, settings, declared=declared)
    # Source code may be a workflow too (PostHog's hogFlow({...}) in TypeScript):
    # the dialects look first, the extractor reads it when none claims it.
    if declared or sniff(path, data):
        result = load_workflow_file(path, data, settings, declared=declared)
        if declared or result.dialect is not None or result.problems:
            return result
    return load_code_file(path, data, settings, extractor)


def load_code_file(
    path: str, data: bytes, settings: LoadSettings, extractor: CodeExtractor
) -> FileResult:
    """A source file -> its code facts, by the extractor of its language."""
    if len(data) > settings.max_file_size:
        problem = too_large(path, len(data), settings.max_file_size)
        return FileResult(path, problems=[replace(problem, kind=extractor.syntax_kind)])
    facts, problems, suppressions = extractor.extract(
        path, data, fact_settings(settings.option_map, extractor.options)
    )
    return FileResult(path, problems=list(problems), suppressions=list(suppressions), module=facts)


def load_one(root: Path, path: str, settings: LoadSettings, declared: bool) -> Loaded:
    """Read and load one file; never raises (a crash becomes an InternalError).

    The collector is off meanwhile: a syntax tree's allocations would otherwise
    trigger ~17% of extra collection time (measured on saleor's modules). What it
    leaves in reference cycles is collected later (``_load_in_turn``).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_one(root, path, settings, declared)
    finally:
        if collecting:
            gc.enable()


def _load_one(root: Path, path: str, settings: LoadSettings, declared: bool) -> Loaded:
    full = root / path
    stat = Stat.of(full)
    try:
        try:
            data, size = read_inside(root, path, settings.max_file_size, SNIFF_BYTES)
        except OSError as err:
            if isinstance(err, FileNotFoundError) and os.path.islink(full):
                # A symlink to nothing (a git submodule not checked out): not the
                # file's fault. Found only by its name's suffix, it may be no
                # workflow at all, so there is nothing to say.
                if not declared and extractor_for(path) is None:
                    return Loaded(path, FileResult(path))
                err = NotRead("a symlink to a file that does not exist; not read")
            problem = replace(unreadable(path, err), kind=_syntax_kind(path))
            return Loaded(path, FileResult(path, problems=[problem]))
        if size > settings.max_file_size:
            if extractor_for(path) is not None or declared or sniff(path, data):
                problem = too_large(path, size, settings.max_file_size)
                problem = replace(problem, kind=_syntax_kind(path))
                return Loaded(path, FileResult(path, problems=[problem]))
            return Loaded(path, FileResult(path))
        result = load_bytes(path, data, settings, declared=declared)
        return Loaded(path, result, Cache.digest(data), stat)
    except Exception as err:  # a loader bug: report it and go on with the other files
        return Loaded(path, None, error=crash(err, path=path))


def _syntax_kind(path: str) -> str:
    """The kind of problem a file that cannot be read is: its language's syntax kind."""
    extractor = extractor_for(path)
    return extractor.syntax_kind if extractor is not None else "syntax"


_Chunk = tuple[Path, list[tuple[str, bool]], LoadSettings, "Checking | None"]


def _load_chunk(args: _Chunk) -> list[Loaded]:
    """A worker's part: load the files, and run the per-file rules on those asked."""
    root, items, settings, checking = args
    loaded = _load_in_turn(root, items, settings)
    if checking is not None:
        for one in loaded:
            if one.result is not None and one.path in checking.paths:
                errors: list[InternalError] = []
                findings = file_findings(one.result, checking.rules, errors)
                pickled = pickle.dumps(one.result, protocol=pickle.HIGHEST_PROTOCOL)
                one.checked = Checked(outline_of(one.result), findings, errors, pickled)
                one.result = None
    return loaded


def _load_in_turn(
    root: Path,
    items: list[tuple[str, bool]],
    settings: LoadSettings,
    progress: Callable[[int], None] | None = None,
) -> list[Loaded]:
    """Load ``items`` (path, declared) one after another, in this process.

    The collector is off meanwhile (its passes between files would walk what was
    kept again and again), but for a generation-0 pass every ``GARBAGE_PASS`` new
    objects, which walks each object once and frees the files' garbage: libcst
    leaves ~5,000 objects in reference cycles a module. A worker process starts
    with the collector as its parent left it, so this sets it either way.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = []
        for path, declared in items:
            found.append(load_one(root, path, settings, declared))
            if progress is not None:
                progress(1)
            if gc.get_count()[0] > GARBAGE_PASS:
                gc.collect(0)
        return found
    finally:
        if collecting:
            gc.enable()


def load_files(
    root: Path,
    candidates: Iterable[str],
    declared: set[str],
    settings: LoadSettings,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    stats: dict[str, int] | None = None,
    progress: Callable[[int], None] | None = None,
    checking: Checking | None = None,
) -> tuple[Results, list[InternalError]]:
    """Load every candidate, from ``cache`` where it can (the caller closes it,
    after the last use of the results: cached ones are read on first use).

    ``stats`` (if given) receives counts: cache hits, files parsed.
    ``progress`` (if given) is told how many more files are done, as they are.
    ``checking`` (if given): worker processes run those per-file rules on the files
    they load (``Results.findings``); this process leaves them to the caller.
    """
    advance = progress or (lambda n: None)
    results = Results(lambda path: load_one(root, path, settings, path in declared))
    errors: list[InternalError] = []
    hits: list[Hit] = []
    todo: list[str] = []
    base = str(root)
    for path in candidates:
        if cache is not None:
            full = os.path.join(base, path)  # not a Path: thousands of them, on every run
            hit, _ = cache.get(
                path, Stat.of(full), lambda path=path: _read(root, path), path in declared
            )
            if hit is not None:
                hits.append(hit)
                continue
        todo.append(path)
    loading = _start(
        root, todo, declared, settings, jobs, checking, alongside=bool(hits), progress=advance
    )
    # Unpickling thousands of outlines, and loading files, makes many objects that
    # are kept: with the collector on, its passes between files walk them again and
    # again (0.7 s CPU of 8 on 1,994 n8n workflows). It is off until all are loaded
    # (``_load_in_turn`` frees the files' garbage as it goes); after the last file a
    # pass frees the rest of it and what is kept is frozen, out of the way of the
    # passes while rules run.
    collecting = gc.isenabled()
    gc.disable()
    bad: list[str] = []
    try:
        for hit in hits:
            assert cache is not None
            outline = cache.outline(hit)
            if outline is None:
                bad.append(hit.path)  # not ours after all: load the file
            else:
                results.add(hit.path, hit, outline)
        advance(len(hits) - len(bad))
        gc.freeze()  # (none of it garbage: no pass needed)

        for loaded in [*loading(), *_run(root, bad, declared, settings, jobs, advance, checking)]:
            if loaded.error is not None:
                errors.append(loaded.error)
                continue
            checked = loaded.checked
            entry: FileResult | _Sent
            kept: FileResult | bytes  # what the cache keeps
            if checked is not None:  # a worker's: kept pickled, as the cache keeps it
                entry, kept, outline = _Sent(checked.pickled), checked.pickled, checked.outline
                findings = (checked.findings, checked.errors)
            else:
                assert loaded.result is not None
                entry = kept = loaded.result
                outline, findings = outline_of(loaded.result), None
            results.add(loaded.path, entry, outline, findings)
            if cache is not None and loaded.digest is not None:
                cache.put(loaded.path, loaded.stat, loaded.digest, outline, kept)
    finally:
        gc.collect(0)
        gc.freeze()
        if collecting:
            gc.enable()
    if stats is not None:
        stats.update(cache_hits=cache.hits if cache else 0, parsed=len(todo) + len(bad))
    return results, errors


def _start(
    root: Path,
    todo: list[str],
    declared: set[str],
    settings: LoadSettings,
    jobs: int | None,
    checking: Checking | None,
    *,
    alongside: bool,
    progress: Callable[[int], None],
) -> Callable[[], list[Loaded]]:
    """Start loading ``todo``; the returned function waits for the results.

    A few changed files among many cached ones (the pre-commit case) are parsed
    in another process while this one reads the cached outlines (``alongside``):
    importing libcst and parsing cost about as much as the outlines. Only where
    a process can be forked: one started afresh (spawn, forkserver) would import
    lintkit again and cost more than it saves.
    """
    few = 0 < len(todo) < PARALLEL_MIN_FILES
    if not (few and alongside and _workers(jobs) > 1 and sys.platform.startswith("linux")):
        return lambda: _run(root, todo, declared, settings, jobs, progress, checking)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    items = [(path, path in declared) for path in todo]
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))
        future = pool.submit(_load_chunk, (root, items, settings, _part(checking, items)))
    except (OSError, RuntimeError):  # no process support here: do it serially
        return lambda: _run(root, todo, declared, settings, 1, progress)

    def wait() -> list[Loaded]:
        try:
            done = future.result()
            progress(len(done))
            return done
        except BrokenProcessPool:  # a file killed the process: find which, in new ones
            return _isolated(root, [items], settings, progress, checking)
        except (OSError, RuntimeError):
            return _run(root, todo, declared, settings, 1, progress)
        finally:
            pool.shutdown()

    return wait


def _workers(jobs: int | None) -> int:
    """Processes to parse in: ``--jobs``, or one a CPU (at most 8)."""
    return jobs if jobs is not None else min(os.cpu_count() or 1, 8)


def _read(root: Path, path: str) -> bytes | None:
    try:
        return read_inside(root, path)[0]
    except OSError:
        return None


def _run(
    root: Path,
    todo: list[str],
    declared: set[str],
    settings: LoadSettings,
    jobs: int | None,
    progress: Callable[[int], None],
    checking: Checking | None = None,
) -> list[Loaded]:
    workers = _workers(jobs)
    items = [(path, path in declared) for path in todo]
    if workers > 1 and len(items) >= PARALLEL_MIN_FILES:
        # Interleaved chunks balance Python and YAML files across workers.
        chunks = [items[i :: workers * 4] for i in range(workers * 4)]
        try:
            pooled = [chunk for chunk in chunks if chunk]
            return _pooled(root, pooled, settings, workers, progress, checking)
        except (OSError, RuntimeError):  # no process support here: do it serially
            pass
    return _load_in_turn(root, items, settings, progress)


def _pooled(
    root: Path,
    chunks: list[list[tuple[str, bool]]],
    settings: LoadSettings,
    workers: int,
    progress: Callable[[int], None],
    checking: Checking | None,
) -> list[Loaded]:
    """Load ``chunks`` in worker processes (which run ``checking``'s rules too); a
    file that kills its worker is an internal error.

    A worker that dies (a signal: a native parser overflowing its stack, the
    kernel's out-of-memory killer) breaks the whole pool and every chunk not
    finished is lost; those are loaded again one at a time (``_isolated``).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    done: list[Loaded] = []
    lost: list[list[tuple[str, bool]]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = {
            pool.submit(_load_chunk, (root, chunk, settings, _part(checking, chunk))): chunk
            for chunk in chunks
        }
        for future in as_completed(futures):
            try:
                batch = future.result()
            except BrokenProcessPool:
                lost.append(futures[future])
                continue
            done.extend(batch)
            progress(len(batch))
    return done + _isolated(root, lost, settings, progress, checking)


def _isolated(
    root: Path,
    chunks: list[list[tuple[str, bool]]],
    settings: LoadSettings,
    progress: Callable[[int], None],
    checking: Checking | None,
) -> list[Loaded]:
    """Load ``chunks`` one at a time in one worker process, so that a chunk whose
    worker dies is the one that killed it: it is split in halves and loaded again
    until the file is alone, which becomes one internal error."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done: list[Loaded] = []
    queue = deque(chunks)
    pool: ProcessPoolExecutor | None = None
    try:
        while queue:
            chunk = queue.popleft()
            pool = pool or ProcessPoolExecutor(max_workers=1, mp_context=_context())
            try:
                part = _part(checking, chunk)
                batch = pool.submit(_load_chunk, (root, chunk, settings, part)).result()
            except BrokenProcessPool:
                pool.shutdown()
                pool = None
                if len(chunk) == 1:
                    done.append(Loaded(chunk[0][0], None, error=_died(chunk[0][0])))
                    progress(1)
                else:
                    queue.extendleft([chunk[len(chunk) // 2 :], chunk[: len(chunk) // 2]])
                continue
            done.extend(batch)
            progress(len(batch))
    finally:
        if pool is not None:
            pool.shutdown()
    return done


def _part(checking: Checking | None, items: list[tuple[str, bool]]) -> Checking | None:
    """``checking`` for the files of one chunk (the paths sent are those it holds)."""
    if checking is None:
        return None
    return Checking(checking.rules, frozenset(p for p, _ in items if p in checking.paths))


def _context() -> BaseContext | None:
    """Fork where it can: a process started afresh would import lintkit again."""
    from multiprocessing import get_context

    return get_context("fork") if sys.platform.startswith("linux") else None


def _died(path: str) -> InternalError:
    return InternalError(
        f"internal error on {path}: the process loading it died (killed by a signal,"
        " e.g. a crash in a parser or the system running out of memory); the other files"
        " were checked",
        path=path,
    )
