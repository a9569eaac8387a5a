"""Test helpers: run the real CLI in-process on real files."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintkit.cli import main

TESTS = Path(__file__).resolve().parent


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def found(self) -> list[str]:
        """Compact "path:line:col CODE" for each diagnostic (needs --format json)."""
        return [
            f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in self.json["diagnostics"]
        ]


def run(*args: str | Path) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse errors and --version
            code = int(exit_.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (dedented text or bytes) under root; root gets a lintkit.toml."""
    root.mkdir(parents=True, exist_ok=True)
    if "lintkit.toml" not in files and "pyproject.toml" not in files:
        (root / "lintkit.toml").write_text("")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def run_stats(err: str) -> dict[str, int]:
    """The counts ``check --verbose`` prints (cache hits, files parsed...)."""
    line = next(line for line in err.splitlines() if "cache hits" in line)
    pairs = (part.split(": ") for part in line.split(": ", 2)[2].split(", "))
    return {key: int(value) for key, value in pairs}


@functools.cache
def sarif_validator() -> Any:
    """A validator for the SARIF 2.1.0 schema (OASIS), shipped in tests/schemas/."""
    from jsonschema.validators import validator_for

    schema = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text())
    return validator_for(schema)(schema)
