"""n8n workflows: a file holding one exported workflow, a list of them (``n8n
export:workflow --all``), or a page of the public API (``{"data": [...]}``).

A workflow is ``nodes`` and ``connections`` (n8n-workflow's ``IWorkflowBase``). Each
is checked against lintkit's n8n schema (``schemas/n8n.json``: the shapes lintkit
reads; n8n publishes none) on its own, so one broken workflow in an export does not
hide the others; ``build`` maps a valid one to IR. See docs/n8n.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from lintkit.core.types import Problem
from lintkit.dialects.n8n.shape import plainly_valid
from lintkit.documents.parse import Document, JsonPath, Within
from lintkit.documents.schema import validate
from lintkit.plugins.dialect import Dialect
from lintkit.plugins.option import Option
from lintkit.workflow.ir import Workflow

SCHEMA = "n8n.json"
# `connections` may come after megabytes of nodes; a node type names the format.
_NODES = re.compile(r""""nodes"\s*:\s*\[""")
_N8N = re.compile(r""""connections"\s*:|"(?:n8n-nodes-[\w-]+|@n8n/[\w-]+)\.\w+\"""")

# No "final": n8n nodes are named "Final answer", "Send final video" for the last step.
FINAL_PATTERN = (
    r"(?i)\b(cancel(?:s|led|ed|ling|lation)?|revok\w*|terminat\w*|suspend\w*"
    r"|deactivat\w*|expired)\b"
)


class N8nDialect(Dialect):
    name = "n8n"
    priority = 5
    description = "n8n workflows (exported JSON: nodes and connections)"
    suffixes = (".json",)
    options = (
        Option(
            "n8n.filtered-out",
            [],
            "IF node names (globs; only `*` and `?` are wildcards) whose `false` output is"
            " a filtered-out path: items on it were meant to stop, so they must reach no"
            ' message. E.g. ["Still eligible?", "Is * valid?"].',
            "list[string]",
        ),
        Option(
            "n8n.strict-filters",
            False,
            "Treat the `false` output of every IF node as a filtered-out path. Off by"
            " default: a connected `false` output is usually an else branch on purpose;"
            " without this, it counts only when it leads to the node the `true` output"
            " leads to, or reaches a final message.",
            "boolean",
        ),
        Option(
            "n8n.final-pattern",
            FINAL_PATTERN,
            "Regex over a messaging node's name and subject: a match makes it final (an"
            " irreversible or alarming message such as a cancellation). Items on an IF's"
            " `false` output must never reach a final message.",
            "regex",
        ),
    )

    def sniff(self, path: str, text: str) -> bool:
        return _NODES.search(text) is not None and _N8N.search(text) is not None

    def claims(self, doc: Document) -> bool:
        return bool(_workflow_paths(doc.data))

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]:
        # The builder is imported by the first n8n workflow, not by every run.
        from lintkit.dialects.n8n.build import Builder, Policy

        policy = Policy(
            final=re.compile(settings.get("n8n.final-pattern") or FINAL_PATTERN),
            strict_filters=bool(settings.get("n8n.strict-filters", False)),
            filtered_out=tuple(settings.get("n8n.filtered-out") or ()),
        )
        paths = _workflow_paths(doc.data)
        workflows: list[Workflow] = []
        problems: list[Problem] = []
        stem = PurePosixPath(doc.path).name.split(".")[0]
        for n, path in enumerate(paths):
            flow = Within(doc, path)
            invalid = [] if plainly_valid(flow.data) else validate(flow, SCHEMA)
            if invalid:  # no IR from an invalid workflow: no guessing, no cascades
                problems.extend(replace(p, kind="NN001") for p in invalid)
                continue
            builder = Builder(flow, policy, stem if len(paths) == 1 else f"{stem}[{n}]")
            workflows.append(builder.build())
            problems.extend(builder.problems)
        return workflows, problems


def _looks_like_workflow(value: Any) -> bool:
    return isinstance(value, dict) and "nodes" in value and "connections" in value


def _workflow_paths(data: Any) -> list[JsonPath]:
    """Where the workflows are: the whole file, its items, or an API page's ``data``.

    A list counts when one of its items is a workflow; then every item is checked
    as one, so a broken item is reported rather than skipped.
    """
    if _looks_like_workflow(data):
        return [()]
    prefix: JsonPath = ()
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        items, prefix = data["data"], ("data",)
    elif isinstance(data, list):
        items = data
    else:
        return []
    if not any(_looks_like_workflow(item) for item in items):
        return []
    return [(*prefix, i) for i in range(len(items))]
