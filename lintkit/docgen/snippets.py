"""Fragments the hand-written guides include (pymdownx.snippets), from real sources.

The report formats come from the registry; the action's inputs from action.yml,
the hooks from .pre-commit-hooks.yaml, and example output from running the real
``lintkit`` on examples/demo. Those three live in the repository, not the
package: without them (an installed lintkit), there is nothing to render.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from lintkit.plugins.entrypoints import is_builtin
from lintkit.plugins.reporter import load_reporters


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def formats() -> str:
    """Every report format lintkit ships, from the registered reporters."""
    lines = ["| Format | What it writes |", "|---|---|"]
    for name, ep in load_reporters().entry_points.items():
        if not is_builtin(ep):
            continue
        description = getattr(ep.load(), "description", "")
        lines.append(f"| `{name}` | {_cell(description)} |")
    return "\n".join(lines) + "\n"


def action_inputs(action: Path) -> str:
    spec = _yaml(action)
    lines = ["| Input | Default | What it does |", "|---|---|---|"]
    for name, item in spec["inputs"].items():
        default = str(item.get("default", ""))
        shown = f"`{default}`" if default else "(empty)"
        lines.append(f"| `{name}` | {shown} | {_cell(item['description'])} |")
    lines += ["", "| Output | What it holds |", "|---|---|"]
    for name, item in spec.get("outputs", {}).items():
        lines.append(f"| `{name}` | {_cell(item['description'])} |")
    return "\n".join(lines) + "\n"


def hooks(manifest: Path) -> str:
    lines = ["| Hook id | Runs | On | What it checks |", "|---|---|---|---|"]
    for hook in _yaml(manifest):
        kinds = ", ".join(hook.get("types_or", hook.get("types", [])))
        lines.append(
            f"| `{hook['id']}` | `{hook['entry']}` | {kinds} files | {_cell(hook['description'])} |"
        )
    return "\n".join(lines) + "\n"


def lintkit_output(root: Path, *args: str) -> str:
    """``$ lintkit ARGS`` and what it prints, run from ``root`` as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "FORCE_COLOR"))}
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "lintkit", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"lintkit {' '.join(args)} failed:\n{done.stderr}")
    return f"$ lintkit {' '.join(args)}\n{done.stdout}"


def snippets(root: Path) -> dict[str, str]:
    """Relative path under docs/ -> content, for the sources present under root."""
    pages = {"snippets/formats.md": formats()}
    if (root / "action.yml").is_file():
        pages["snippets/action-inputs.md"] = action_inputs(root / "action.yml")
    if (root / ".pre-commit-hooks.yaml").is_file():
        pages["snippets/hooks.md"] = hooks(root / ".pre-commit-hooks.yaml")
    demo = root / "examples" / "demo"
    if demo.is_dir():
        pages["snippets/demo-concise.txt"] = lintkit_output(
            root, "check", "examples/demo", "--concise", "--statistics"
        )
        pages["snippets/demo-onboarding.txt"] = lintkit_output(
            root, "check", "examples/demo/flows/onboarding.yaml"
        )
    return pages
