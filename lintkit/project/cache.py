"""On-disk cache of per-file load results, in ``<root>/.lintkit_cache/``.

An entry is keyed by the file's path and content and by everything else its
loading depends on: lintkit's version and the content of its code (not where it
is installed: two environments of one version share entries, two versions keep
theirs side by side), the settings, the installed dialects, and whether the
``workflows`` setting names the file. Staleness is decided by a content hash;
a stat check (size, mtime, ctime, inode) only skips reading a file, and a file
written or touched since (even with its old mtime restored, which changes its
ctime) is hashed again. A stat taken within a second or two of a write is not
trusted at all (the timestamps may not have ticked yet).

Each entry has two parts: the file's outline (``lintkit.project.outline``), read for
every file in one query, and its full result, read only when asked for
(``Hit.full``): a run that checks a few changed files in a large project then
never unpickles the unchanged files' syntax facts and workflow graphs.

Entries are pickles signed with HMAC-SHA256 under a per-user key kept outside
the repository, so a cache that is corrupt, truncated, from another machine or
planted in a repository is never unpickled: it is discarded and rebuilt.
The directory is opened as lintkit's own (``_own_directory``): a planted symlink
in it is removed, never followed, and a directory that is a symlink or another
user's is not used. SQLite gives atomic writes and safe concurrent runs. The
cache is bounded: it keeps the entries of the few most recently used
fingerprints, and of the current one the results and findings of the files
the last run saw.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.util
import os
import pickle
import sqlite3
import stat as stat_module
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintkit import __version__

CACHE_DIR = ".lintkit_cache"
# 2: Workflow.terms, reentry_after; Step.subgraphs_optional; 3: findings;
# 4: outlines beside full results, versions (a table of another schema is dropped);
# 5: entries by (path, print), ctime and inode, prints (several installs side by side)
# 6: eligible branches and secret reads in module outlines
_SCHEMA = 6
_FILES = ("results.sqlite", "results.sqlite-wal", "results.sqlite-shm", "results.sqlite-journal")
_IGNORE = "# lintkit's cache; safe to delete\n*\n"
KEPT_PRINTS = 4  # fingerprints (installs, versions, configurations) kept side by side
# The HEAD versions of changed files (`--changed`): the newest are kept, up to these.
KEPT_VERSIONS = 2_000
KEPT_VERSION_BYTES = 64 * 1024 * 1024
_RACY_NS = 2_000_000_000  # a stat this close to its file's last change is not trusted


def fingerprint(*parts: Any, code: tuple[str, ...] = ()) -> str:
    """What every entry depends on besides its file: version, settings, plugins.

    ``code`` names the modules that produce the entries (lintkit itself and any
    plugin dialect): the content of their files joins the key, so editing an
    editable checkout never serves results of the old code, while two
    installations of the same code share entries.
    """
    raw = repr((__version__, sys.version_info[:2], _SCHEMA, code_stamp(code), *parts))
    return hashlib.sha256(raw.encode()).hexdigest()


def code_stamp(modules: tuple[str, ...]) -> str:
    """A hash of the source files of the named top-level packages: their paths
    inside the package and their content, not where the package is installed."""
    return _packages_stamp(tuple(sorted({m.split(".")[0] for m in ("lintkit", *modules)})))


@functools.lru_cache(maxsize=8)
def _packages_stamp(names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        if spec and spec.origin and not locations:
            locations = [os.path.dirname(spec.origin)]
        for location in locations:
            for file in sorted(_sources(location)):
                with contextlib.suppress(OSError), open(os.path.join(location, file), "rb") as f:
                    digest.update(f"{name}/{file}\0".encode() + f.read() + b"\0")
    return digest.hexdigest()


def _sources(location: str) -> list[str]:
    found = []
    for directory, _, names in os.walk(location):
        for file in names:
            if file.endswith((".py", ".json")):
                found.append(os.path.relpath(os.path.join(directory, file), location))
    return found


def user_cache_dir() -> Path:
    """lintkit's directory in the user's cache (outside every repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "lintkit"


def _key_file() -> Path:
    return user_cache_dir() / "cache-signing-key"


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
        try:  # the first of several runs starting together wins; the others read its key
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links here
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        return path.read_bytes()
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
    """What a stat says of a file: the same four values, and the file was not written
    since (a write, even one that restores the mtime, changes the ctime)."""

    size: int
    mtime_ns: int
    ctime_ns: int = 0
    inode: int = 0

    @classmethod
    def of(cls, path: str | Path) -> Stat | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

    def kept(self) -> tuple[int, int, int, int]:
        """The values to store; a size of -1 (never matched) if the file changed too
        recently for its timestamps to tell a later change apart."""
        changed = max(self.mtime_ns, self.ctime_ns)
        size = -1 if time.time_ns() - changed < _RACY_NS else self.size
        return size, self.mtime_ns, self.ctime_ns, self.inode


class UnsafeCache(Exception):
    """The cache directory is not lintkit's own: a symlink, not a directory, another user's."""


def _own_directory(directory: Path) -> None:
    """Make ``directory`` lintkit's cache directory, or raise ``UnsafeCache``.

    The directory must be a real directory of this user. Inside it, every file
    lintkit opens by name (the database and its journals, the .gitignore) must
    be a regular file of this user with one link: anything else (a symlink to a
    database or a file outside the repository, planted in a commit) is removed,
    which removes the link and never touches what it points to.
    """
    with contextlib.suppress(FileExistsError):
        os.mkdir(directory, 0o755)
    info = os.lstat(directory)
    if not stat_module.S_ISDIR(info.st_mode) or info.st_uid != _uid():
        raise UnsafeCache(f"{directory} is not a directory of this user")
    for name in (".gitignore", *_FILES):
        try:
            info = os.lstat(directory / name)
        except FileNotFoundError:
            continue
        ours = info.st_uid == _uid() and info.st_nlink == 1
        if not (stat_module.S_ISREG(info.st_mode) and ours):
            os.unlink(directory / name)
    _write_ignore(directory)


def _uid() -> int:
    """This user's id, as ``st_uid`` shows it (0 where there are none: Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else 0


def _write_ignore(directory: Path) -> None:
    """``*`` in the directory's .gitignore: the cache is never committed by default."""
    path = directory / ".gitignore"
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        if handle.read(len(_IGNORE) + 1) == _IGNORE.encode():
            return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as handle:
        handle.write(_IGNORE)


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
        self.hits = 0  # outlines read from the cache (`Report.stats`)
        self.digests: dict[str, str] = {}  # content hash of every file seen, by path
        self._declared: dict[str, bool] = {}  # whether `workflows` named it, by path
        self._rows: dict[tuple[str, bool], tuple[str, int, int, int, int, bytes]] | None = None
        self._pending: list[tuple[Any, ...]] = []
        self._pending_stats: list[tuple[Any, ...]] = []
        self._pending_findings: list[tuple[str, str, str, bytes]] = []
        self._pending_versions: list[tuple[str, str, str, bytes]] = []
        self._open()

    def _open(self) -> None:
        try:
            _own_directory(self.directory)
            self.db = self._connect()
        except (OSError, sqlite3.Error, UnsafeCache):
            self.db = None  # a read-only checkout, a planted directory: run without a cache

    def _connect(self) -> sqlite3.Connection:
        path = self.directory / "results.sqlite"
        # nofollow: SQLite itself refuses a database that is a symlink
        uri = f"file:{urllib.parse.quote(str(path.absolute()))}?nofollow=1"
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                    with db:  # another lintkit's tables: start again (once, if racing)
                        db.execute("BEGIN IMMEDIATE")
                        if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                            for table in ("results", "findings", "versions", "prints"):
                                db.execute(f"DROP TABLE IF EXISTS {table}")
                            db.execute(f"PRAGMA user_version = {_SCHEMA}")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS results (path TEXT, print TEXT, declared INT,"
                    " digest TEXT, size INT, mtime INT, ctime INT, inode INT, outline BLOB,"
                    " blob BLOB, PRIMARY KEY (path, print, declared))"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS findings (path TEXT, print TEXT, key TEXT,"
                    " blob BLOB, PRIMARY KEY (path, print))"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS versions (path TEXT, print TEXT, digest TEXT,"
                    " blob BLOB, PRIMARY KEY (path, print))"
                )
                db.execute("CREATE TABLE IF NOT EXISTS prints (print TEXT PRIMARY KEY, used REAL)")
                db.execute("SELECT count(*) FROM results").fetchone()
                return db
            except sqlite3.OperationalError:
                raise  # locked by a concurrent run, not corrupt: no cache this time
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                for name in _FILES:  # corrupt: rebuild
                    (self.directory / name).unlink(missing_ok=True)
        raise AssertionError("unreachable")

    def _sign(self, blob: bytes) -> bytes:
        return hmac.new(self.key, blob, hashlib.sha256).digest()

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def _entries(self) -> dict[tuple[str, bool], tuple[str, int, int, int, int, bytes]]:
        """(path, declared) -> (digest, size, mtime, ctime, inode, outline) of every
        entry of this fingerprint."""
        if self._rows is None:
            self._rows = {}
            if self.db is not None:
                try:
                    rows = self.db.execute(
                        "SELECT path, declared, digest, size, mtime, ctime, inode, outline"
                        " FROM results WHERE print = ?",
                        (self.fingerprint,),
                    ).fetchall()
                except sqlite3.Error:
                    rows = []
                self._rows = {(path, bool(declared)): rest for path, declared, *rest in rows}
        return self._rows

    def get(
        self, path: str, stat: Stat | None, read: Any, declared: bool = False
    ) -> tuple[Hit | None, bytes | None]:
        """(hit, None) on a hit; (None, the file's bytes or None) on a miss.

        ``read`` returns the file's bytes; it is called only when the stat
        changed, and its bytes are handed back so a miss reads the file once.
        """
        self._declared[path] = declared
        row = self._entries().get((path, declared))
        if row is None:
            return None, None
        digest, size, mtime, ctime, inode, outline_blob = row
        data = None
        if stat is None or (stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode) != (
            size,
            mtime,
            ctime,
            inode,
        ):
            data = read()
            if data is None or self.digest(data) != digest:
                return None, data
        self.digests[path] = digest
        if data is not None and stat is not None:  # touched but unchanged: refresh the stat
            self._pending_stats.append(
                (*stat.kept(), path, self.fingerprint, int(declared), digest)
            )
        return Hit(path, outline_blob, lambda: self._full(path, digest)), None

    def outline(self, hit: Hit) -> Any:
        """The outline of a hit; None if the entry is bad (the file must be loaded)."""
        outline = self._load(hit.outline_blob)
        if outline is None:
            self.digests.pop(hit.path, None)
        else:
            self.hits += 1
        return outline

    def _full(self, path: str, digest: str) -> Any:
        """The full result of an entry ``get`` returned; None if it is gone or bad."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT blob FROM results WHERE path = ? AND print = ? AND declared = ?"
                " AND digest = ?",
                (path, self.fingerprint, int(self._declared.get(path, False)), digest),
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
        """Keep a loaded file's outline and full result (``result`` may come pickled
        already, as bytes: a worker's)."""
        self.digests[path] = digest
        if self.db is None or stat is None:
            return
        if isinstance(result, bytes):
            blob: bytes | None = self._sign(result) + result
        else:
            blob = self._dump(result)
        outline_blob = self._dump(outline)
        if outline_blob is None or blob is None:
            return
        declared = int(self._declared.get(path, False))
        self._pending.append(
            (path, self.fingerprint, declared, digest, *stat.kept(), outline_blob, blob)
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
        row = self._entries().get((path, self._declared.get(path, False)))
        found = self._full(path, digest) if row is not None and row[0] == digest else None
        if found is not None or self.db is None:
            return found
        try:
            kept = self.db.execute(
                "SELECT blob FROM versions WHERE path = ? AND print = ? AND digest = ?",
                (path, self.fingerprint, digest),
            ).fetchone()
        except sqlite3.Error:
            return None
        return self._load(kept[0]) if kept is not None else None

    def put_version(self, path: str, digest: str, result: Any) -> None:
        blob = self._dump(result)
        if blob is not None:
            self._pending_versions.append((path, self.fingerprint, digest, blob))

    def findings_key(self, path: str, rules: str) -> str | None:
        """What a file's own findings depend on: its content, whether `workflows`
        names it, and the rules' print."""
        digest = self.digests.get(path)
        if digest is None:
            return None
        declared = self._declared.get(path, False)
        return hashlib.sha256(f"{digest}{declared}{rules}".encode()).hexdigest()

    def get_findings(self, path: str, key: str) -> Any:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT key, blob FROM findings WHERE path = ? AND print = ?",
                (path, self.fingerprint),
            ).fetchone()
        except sqlite3.Error:
            return None
        return self._load(row[1]) if row is not None and row[0] == key else None

    def put_findings(self, path: str, key: str, findings: Any) -> None:
        blob = self._dump(findings)
        if blob is not None:
            self._pending_findings.append((path, self.fingerprint, key, blob))

    def close(self) -> None:
        if self.db is None:
            return
        try:
            with self.db:  # one transaction: atomic for concurrent runs
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self._pending,
                )
                self.db.executemany(
                    "UPDATE results SET size = ?, mtime = ?, ctime = ?, inode = ?"
                    " WHERE path = ? AND print = ? AND declared = ? AND digest = ?",
                    self._pending_stats,
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?)", self._pending_findings
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?)", self._pending_versions
                )
                self._evict()
            self.db.close()
        except sqlite3.Error:
            pass
        finally:
            self.db = None
            self._pending = []
            self._pending_stats = []
            self._pending_findings = []
            self._pending_versions = []

    def _evict(self) -> None:
        """Keep the cache bounded: the entries of the ``KEPT_PRINTS`` most recently
        used fingerprints, of this one only those of the files this run saw, and the
        newest HEAD versions up to ``KEPT_VERSIONS`` and ``KEPT_VERSION_BYTES``."""
        assert self.db is not None
        db = self.db
        db.execute("INSERT OR REPLACE INTO prints VALUES (?, ?)", (self.fingerprint, time.time()))
        kept = [
            row[0]
            for row in db.execute(
                "SELECT print FROM prints ORDER BY used DESC LIMIT ?", (KEPT_PRINTS,)
            )
        ]
        marks = ", ".join("?" * len(kept))
        for table in ("results", "findings", "versions", "prints"):
            db.execute(f"DELETE FROM {table} WHERE print NOT IN ({marks})", kept)
        seen = set(self._declared.items())
        gone = [
            (path, int(declared))
            for path, declared in self._entries()
            if (path, declared) not in seen
        ]
        db.executemany(
            "DELETE FROM results WHERE path = ? AND print = ? AND declared = ?",
            [(path, self.fingerprint, declared) for path, declared in gone],
        )
        db.executemany(
            "DELETE FROM findings WHERE path = ? AND print = ?",
            [(path, self.fingerprint) for path, _ in gone if path not in self._declared],
        )
        self._evict_versions()

    def _evict_versions(self) -> None:
        """A version's path may be gone from the repository (a deleted file, a rename),
        so its entry is bounded by count and size, newest kept: a row written again
        gets a new rowid, so rowids are the order of writing."""
        assert self.db is not None
        total, cut = 0, None
        rows = self.db.execute("SELECT rowid, length(blob) FROM versions ORDER BY rowid DESC")
        for index, (rowid, size) in enumerate(rows.fetchall()):
            total += size or 0
            if index >= KEPT_VERSIONS or total > KEPT_VERSION_BYTES:
                cut = rowid
                break
        if cut is not None:
            self.db.execute("DELETE FROM versions WHERE rowid <= ?", (cut,))
