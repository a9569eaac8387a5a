"""Workflows from a file path (``flows/x.yaml`` or ``flows/x.yaml::workflow-id``).

Loaded the way ``lintkit check`` loads them: the nearest config's root and
dialect options, locations relative to that root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lintkit.config import ConfigError, load_config
from lintkit.core.types import Problem
from lintkit.engine import load_settings
from lintkit.plugins.registry import load_rules
from lintkit.project.discovery import unresolved_relative
from lintkit.project.load_file import NOT_A_WORKFLOW
from lintkit.project.loading import load_one
from lintkit.workflow.ir import Workflow


class LoadError(Exception):
    """The path names no workflow lintkit can run (a usage error, exit 2)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    root: Path
    workflows: tuple[Workflow, ...]
    problems: tuple[Problem, ...] = ()  # what lintkit check will report; not blocking


def split_target(target: str) -> tuple[Path, str | None]:
    path, sep, workflow_id = str(target).partition("::")
    return Path(path), (workflow_id if sep else None)


def load_workflows(target: str | Path) -> Loaded:
    """The workflows of one file (or the one ``::id`` names). Raises LoadError."""
    path, workflow_id = split_target(str(target))
    if path.is_dir():
        raise LoadError(f"{path} is a directory: give a workflow file (or FILE::ID)")
    if not path.is_file():
        raise LoadError(f"no such file: {path}")
    registry = load_rules()
    try:
        config = load_config(registry, path)
    except ConfigError as err:
        raise LoadError(str(err)) from err
    root = config.root
    relative = unresolved_relative(root, path)  # a symlink out of the root: refused
    loaded = load_one(root, relative, load_settings(config, registry), declared=True)
    if loaded.error is not None or loaded.result is None:
        raise LoadError(loaded.error.message if loaded.error else f"{path}: cannot load")
    result = loaded.result
    if any(p.message == NOT_A_WORKFLOW for p in result.problems):
        # Loaded as if the `workflows` setting named it, which the message would say.
        raise LoadError(f"{path} is not a workflow any dialect reads")
    # A condition that does not parse leaves its edges unconditioned: running
    # people through them would be make-believe. Other problems (a misspelled
    # field) still leave the dialect's graph exact, or no graph at all.
    blocking = [p for p in result.problems if p.kind == "condition"]
    if blocking or (result.problems and not result.workflows):
        raise LoadError(
            f"{path} does not load cleanly; fix it first (lintkit check shows where)",
            tuple(blocking or result.problems),
        )
    workflows = tuple(result.workflows)
    if not workflows:
        raise LoadError(f"{path} holds no workflow")
    if workflow_id is not None:
        workflows = tuple(w for w in workflows if w.id == workflow_id)
        if not workflows:
            known = ", ".join(w.id for w in result.workflows)
            raise LoadError(f"{path} has no workflow {workflow_id!r} (it has: {known})")
    return Loaded(root, workflows, tuple(result.problems))
