"""On-disk cache of per-file load results, in ``<root>/.lintkit_cache/``.

A result is reused when the file's content and everything else its loading
depends on (lintkit's version, the settings, the installed dialects) are the
same. A stat check (size and mtime) skips reading unchanged files at all; a
changed stat falls back to the content hash.

Each entry has two parts: the file's outline (``lintkit.project.outline``), read for
every file in one query, and its full result, read only when asked for
(``Hit.full``): a run that checks a few changed files in a large project then
never unpickles the unchanged files' syntax facts and workflow graphs.

Entries are pickles signed with HMAC-SHA256 under a per-user key kept outside
the repository, so a cache that is corrupt, truncated, from another machine or
planted in a repository is never unpickled: it is discarded and rebuilt.
SQLite gives atomic writes and safe concurrent runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintkit import __version__

CACHE_DIR = ".lintkit_cache"
# 2: Workflow.terms, reentry_after; Step.subgraphs_optional; 3: findings;
# 4: outlines beside full results, versions (a table of another schema is dropped)
_SCHEMA = 4


def fingerprint(*parts: Any, code: tuple[str, ...] = ()) -> str:
    """What every entry depends on besides its file: version, settings, plugins.

    ``code`` names the modules that produce the entries (lintkit itself and any
    plugin dialect): their files' sizes and mtimes join the key, so editing an
    installed or editable checkout never serves results of the old code.
    """
    raw = repr((__version__, sys.version_info[:2], _SCHEMA, code_stamp(code), *parts))
    return hashlib.sha256(raw.encode()).hexdigest()


def code_stamp(modules: tuple[str, ...]) -> str:
    """(path, size, mtime) of every source file of the named top-level packages."""
    import importlib.util

    stamps: list[tuple[str, int, int]] = []
    for name in sorted({m.split(".")[0] for m in ("lintkit", *modules)}):
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        if spec and spec.origin and not locations:
            locations = [os.path.dirname(spec.origin)]
        for location in locations:
            for directory, _, names in os.walk(location):
                for file in names:
                    if file.endswith((".py", ".json")):
                        st = os.stat(os.path.join(directory, file))
                        stamps.append((os.path.join(directory, file), st.st_size, st.st_mtime_ns))
    return hashlib.sha256(repr(sorted(stamps)).encode()).hexdigest()


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "lintkit" / "cache-signing-key"


def _signing_key() -> bytes:
    """A random per-user key; a new one (cache unusable across runs) if it can't be kept."""
    path = _key_file()
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    key = os.urandom(32)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        os.replace(tmp, path)
        return path.read_bytes()  # another process may have won the race
    return key


@dataclass(frozen=True)
class Hit:
    """A cached entry of an unchanged file: its outline still pickled (``Cache.outline``
    reads it), and a way to load the full result (None if it cannot be loaded after
    all: the caller then loads the file itself)."""

    path: str
    outline_blob: bytes
    full: Callable[[], Any]


@dataclass(frozen=True)
class Stat:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> Stat | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


class Cache:
    """Load results by path, and each file's own findings by content and rules.

    Every failure degrades to a miss. Writes wait in memory for ``close``,
    which commits them in one transaction.
    """

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.directory = root / CACHE_DIR
        self.fingerprint = fingerprint
        self.key = _signing_key()
        self.db: sqlite3.Connection | None = None
        self.hits = self.misses = 0
        self.digests: dict[str, str] = {}  # content hash of every file seen, by path
        self._rows: dict[str, tuple[str, int, int, bytes]] | None = None  # read on first get
        self._pending: list[tuple[str, str, str, int, int, bytes, bytes]] = []
        self._pending_stats: list[tuple[int, int, str, str]] = []
        self._pending_findings: list[tuple[str, str, bytes]] = []
        self._pending_versions: list[tuple[str, str, str, bytes]] = []
        self._open()

    def _open(self) -> None:
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# lintkit's cache; safe to delete\n*\n")
            self.db = self._connect()
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only checkout: run without a cache

    def _connect(self) -> sqlite3.Connection:
        path = self.directory / "results.sqlite"
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                    with db:  # another lintkit's tables: start again (once, if racing)
                        db.execute("BEGIN IMMEDIATE")
                        if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                            db.execute("DROP TABLE IF EXISTS results")
                            db.execute("DROP TABLE IF EXISTS findings")
                            db.execute("DROP TABLE IF EXISTS versions")
                            db.execute(f"PRAGMA user_version = {_SCHEMA}")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS results (path TEXT PRIMARY KEY, print TEXT,"
                    " digest TEXT, size INT, mtime INT, outline BLOB, blob BLOB)"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS findings (path TEXT PRIMARY KEY,"
                    " key TEXT, blob BLOB)"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS versions (path TEXT PRIMARY KEY,"
                    " print TEXT, digest TEXT, blob BLOB)"
                )
                db.execute("SELECT count(*) FROM results").fetchone()
                return db
            except sqlite3.OperationalError:
                raise  # locked by a concurrent run, not corrupt: no cache this time
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                for leftover in self.directory.glob("results.sqlite*"):  # corrupt: rebuild
                    leftover.unlink(missing_ok=True)
        raise AssertionError("unreachable")

    def _sign(self, blob: bytes) -> bytes:
        return hmac.new(self.key, blob, hashlib.sha256).digest()

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def _entries(self) -> dict[str, tuple[str, int, int, bytes]]:
        """path -> (digest, size, mtime, outline) of every entry of this fingerprint."""
        if self._rows is None:
            self._rows = {}
            if self.db is not None:
                try:
                    rows = self.db.execute(
                        "SELECT path, digest, size, mtime, outline FROM results WHERE print = ?",
                        (self.fingerprint,),
                    ).fetchall()
                except sqlite3.Error:
                    rows = []
                self._rows = {path: rest for path, *rest in rows}
        return self._rows

    def get(self, path: str, stat: Stat | None, read: Any) -> tuple[Hit | None, bytes | None]:
        """(hit, None) on a hit; (None, the file's bytes or None) on a miss.

        ``read`` returns the file's bytes; it is called only when the stat
        changed, and its bytes are handed back so a miss reads the file once.
        """
        row = self._entries().get(path)
        if row is None:
            self.misses += 1
            return None, None
        digest, size, mtime, outline_blob = row
        data = None
        if stat is None or (stat.size, stat.mtime_ns) != (size, mtime):
            data = read()
            if data is None or self.digest(data) != digest:
                self.misses += 1
                return None, data
        self.digests[path] = digest
        if data is not None and stat is not None:  # touched but unchanged: refresh the stat
            self._pending_stats.append((stat.size, stat.mtime_ns, path, digest))
        return Hit(path, outline_blob, lambda: self._full(path, digest)), None

    def outline(self, hit: Hit) -> Any:
        """The outline of a hit; None if the entry is bad (the file must be loaded)."""
        outline = self._load(hit.outline_blob)
        if outline is None:
            self.misses += 1
            self.digests.pop(hit.path, None)
        else:
            self.hits += 1
        return outline

    def _full(self, path: str, digest: str) -> Any:
        """The full result of an entry ``get`` returned; None if it is gone or bad."""
        return self._stored("results", path, digest)

    def _stored(self, table: str, path: str, digest: str) -> Any:
        """The blob ``table`` keeps for ``path`` with that content, unpickled; None if
        it has none (or a bad one)."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                f"SELECT blob FROM {table} WHERE path = ? AND digest = ? AND print = ?",
                (path, digest, self.fingerprint),
            ).fetchone()
        except sqlite3.Error:
            return None
        return self._load(row[0]) if row is not None else None

    def _load(self, blob: bytes) -> Any:
        signature, payload = blob[:32], blob[32:]
        if len(blob) < 32 or not hmac.compare_digest(signature, self._sign(payload)):
            return None  # not written by us: never unpickled
        try:
            return pickle.loads(payload)
        except Exception:
            return None

    def put(self, path: str, stat: Stat | None, digest: str, outline: Any, result: Any) -> None:
        self.digests[path] = digest
        if self.db is None or stat is None:
            return
        outline_blob, blob = self._dump(outline), self._dump(result)
        if outline_blob is None or blob is None:
            return
        self._pending.append(
            (path, self.fingerprint, digest, stat.size, stat.mtime_ns, outline_blob, blob)
        )

    def _dump(self, value: Any) -> bytes | None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return None
        return self._sign(payload) + payload

    def get_version(self, path: str, digest: str) -> Any:
        """The full result of another version of a file (its git HEAD version),
        by content: the file's own entry if it has that content, or the one
        ``put_version`` kept. None if neither has it."""
        row = self._entries().get(path)
        found = self._full(path, digest) if row is not None and row[0] == digest else None
        return found if found is not None else self._stored("versions", path, digest)

    def put_version(self, path: str, digest: str, result: Any) -> None:
        blob = self._dump(result)
        if blob is not None:
            self._pending_versions.append((path, self.fingerprint, digest, blob))

    def findings_key(self, path: str, rules: str) -> str | None:
        """What a file's own findings depend on: its content and the rules' print."""
        digest = self.digests.get(path)
        return None if digest is None else hashlib.sha256(f"{digest}{rules}".encode()).hexdigest()

    def get_findings(self, path: str, key: str) -> Any:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT key, blob FROM findings WHERE path = ?", (path,)
            ).fetchone()
        except sqlite3.Error:
            return None
        return self._load(row[1]) if row is not None and row[0] == key else None

    def put_findings(self, path: str, key: str, findings: Any) -> None:
        blob = self._dump(findings)
        if blob is not None:
            self._pending_findings.append((path, key, blob))

    def close(self) -> None:
        if self.db is None:
            return
        try:
            pending = (
                self._pending,
                self._pending_stats,
                self._pending_findings,
                self._pending_versions,
            )
            if any(pending):
                with self.db:  # one transaction: atomic for concurrent runs
                    self.db.execute("BEGIN IMMEDIATE")
                    self.db.executemany(
                        "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending
                    )
                    self.db.executemany(
                        "UPDATE results SET size = ?, mtime = ? WHERE path = ? AND digest = ?",
                        self._pending_stats,
                    )
                    self.db.executemany(
                        "INSERT OR REPLACE INTO findings VALUES (?, ?, ?)", self._pending_findings
                    )
                    self.db.executemany(
                        "INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?)",
                        self._pending_versions,
                    )
            self.db.close()
        except sqlite3.Error:
            pass
        finally:
            self.db = None
            self._pending = []
            self._pending_stats = []
            self._pending_findings = []
            self._pending_versions = []
