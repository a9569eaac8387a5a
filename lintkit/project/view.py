"""The project as project-wide rules see it: every loaded file, their outlines, the index."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lintkit.code.model import ModuleFacts
from lintkit.project.index import ProjectIndex
from lintkit.project.load_file import FileResult
from lintkit.project.outline import FileOutline, WorkflowOutline, outline_of
from lintkit.workflow.ir import Workflow


def _everything(path: str) -> bool:
    return True


@dataclass
class Project:
    """Every loaded file of one project root: what cross-file rules look at.

    ``outlines`` (lintkit.project.outline) are what a project-wide rule should read of
    every file: a run loads them, not the full results, for the files nobody
    changed. ``files`` gives a file's full result, loaded on first use (with the
    cache, ``lintkit.project.loading.Results``); ``workflows`` and ``modules`` load
    every file's, which is correct but slow in a large project.
    """

    root: Path
    files: Mapping[str, FileResult]
    options: Mapping[str, Any] = field(default_factory=dict)
    # With file arguments: those files as they were at git HEAD (lintkit.project.git_head),
    # so a rule can tell which changed file took part in a finding.
    at_head: Mapping[str, FileResult] = field(default_factory=dict)
    outlines: Mapping[str, FileOutline] = field(default_factory=dict)  # {}: from ``files``
    # Whether the user asked about a file (its path, or a finding it takes part in,
    # is reported): a rule may skip work whose findings could involve none of them.
    asks: Callable[[str], bool] = _everything

    def __post_init__(self) -> None:
        if not self.outlines and self.files:
            self.outlines = {path: outline_of(result) for path, result in self.files.items()}

    @property
    def workflows(self) -> Iterator[Workflow]:
        for result in self.files.values():
            yield from result.workflows

    @property
    def modules(self) -> Iterator[ModuleFacts]:
        for result in self.files.values():
            if result.module is not None:
                yield result.module

    def workflow(self, outline: WorkflowOutline) -> Workflow:
        """The full workflow an outline was made of."""
        return self.files[outline.path].workflows[outline.position]

    @cached_property
    def index(self) -> ProjectIndex:
        """Workflows and code as one view (handlers, recorded events), built on first use."""
        return ProjectIndex(self.outlines, self.files, self.at_head)
