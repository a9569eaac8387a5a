"""PostHog workflows ("HogFlows"): a file holding one, a list, or an API page of them.

PostHog keeps each workflow as a JSON object with ``trigger``, ``actions`` and
``edges`` (nodejs/src/cdp/schema/hogflow.ts in PostHog/posthog). Each workflow is
validated against lintkit's HogFlow schema on its own, so one broken workflow in
an export does not hide the others; ``build`` maps a valid one to IR.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from lintkit.core.types import Problem
from lintkit.dialects.hogflow import typescript
from lintkit.documents.opaque import unreadable
from lintkit.documents.parse import Document, JsonPath, Limits, Within
from lintkit.documents.schema import validate
from lintkit.plugins.dialect import Dialect, Source
from lintkit.plugins.option import Option
from lintkit.workflow.ir import Workflow

if TYPE_CHECKING:
    from lintkit.dialects.hogflow.build import Policy

SCHEMA = "hogflow.json"
# Both keys must be there, quoted as in JSON or bare as in YAML.
_ACTIONS = re.compile(r"""["']?\bactions["']?\s*:""")
_GRAPH = re.compile(r"""["']?\b(?:edges|exit_condition|trigger_masking)["']?\s*:""")

FINAL_PATTERN = (
    r"(?i)\b(final|cancel(?:s|led|ed|ling|lation)?|revok\w*|terminat\w*|suspend\w*"
    r"|deactivat\w*|expired)\b"
)
# `function` templates that deliver a message to the person (others notify a team
# channel or update another system: Slack, webhooks, CRMs).
MESSAGE_TEMPLATES = {
    "template-email": "email",
    "template-twilio": "sms",
    "template-native-push": "push",
    "template-mailgun-send-email": "email",
}


class HogFlowDialect(Dialect):
    name = "hogflow"
    priority = 30
    description = (
        "PostHog workflows (HogFlow JSON: trigger, actions, edges; hogFlow({...}) in TypeScript)"
    )
    suffixes = (".yaml", ".yml", ".json", *typescript.SUFFIXES)
    source_suffixes = typescript.SUFFIXES
    options = (
        Option(
            "hogflow.final-pattern",
            FINAL_PATTERN,
            "Regex over a message's name, description and email subject: a match makes"
            " it final (an irreversible or alarming message such as a cancellation)."
            " People skipped by a step's conditions, or matching no condition of a"
            " one-condition branch, must never reach a final message.",
            "regex",
        ),
        Option(
            "hogflow.strict-skips",
            False,
            "Treat every filtered-out path (a step skipped because its conditions did"
            " not match, the `continue` of a one-condition branch) as people meant to"
            " leave, even when they only go on to ordinary messages. Off by default:"
            " in PostHog a skipped step leading on to the next one is usually intended.",
            "boolean",
        ),
        Option(
            "hogflow.message-templates",
            {},
            "Extra `function` destination templates that message the person, as"
            " template_id = channel (email, sms, push...), added to the built-in ones"
            " (template-email, template-twilio, template-native-push,"
            ' template-mailgun-send-email). A channel of "" makes a built-in one an'
            " ordinary action.",
            "mapping",
        ),
    )

    def sniff(self, path: str, text: str) -> bool:
        if path.endswith(typescript.SUFFIXES):
            return typescript.sniff(text)
        # the substring tests first: the regexes alone cost ~4 ms on a 64 KB head
        return (
            "actions" in text
            and any(key in text for key in ("edges", "exit_condition", "trigger_masking"))
            and _ACTIONS.search(text) is not None
            and _GRAPH.search(text) is not None
        )

    def read_source(self, path: str, data: bytes, limits: Limits) -> Source:
        # tree-sitter is imported only when a TypeScript file is read
        from lintkit.dialects.hogflow.typescript_reader import read

        found = read(path, data, limits)
        return Source(found.documents, found.problems, found.suppressions, found.events)

    def claims(self, doc: Document) -> bool:
        return isinstance(doc, typescript.Definition) or bool(_flow_paths(doc.data))

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]:
        # The builder is imported by the first PostHog flow, not by every run.
        from lintkit.dialects.hogflow.build import FlowBuilder

        policy = _policy(settings)
        paths: list[JsonPath] = (
            [()] if isinstance(doc, typescript.Definition) else _flow_paths(doc.data)
        )
        workflows: list[Workflow] = []
        problems: list[Problem] = []
        stem = PurePosixPath(doc.path).name.split(".")[0]
        for n, path in enumerate(paths):
            flow = Within(doc, path)
            if isinstance(flow.data, dict) and flow.data.get("status") == "archived":
                continue  # PostHog never runs it again; an export keeps it for the record
            invalid = unreadable(flow, _needed) or validate(flow, SCHEMA)
            if invalid:  # no IR from an invalid workflow: no guessing, no cascades
                problems.extend(invalid)
                continue
            fallback = stem if len(paths) == 1 else f"{stem}[{n}]"
            builder = FlowBuilder(flow, policy, fallback)
            workflow = builder.build()
            if isinstance(doc, typescript.Definition):  # findings name the keys as written
                workflow = replace(workflow, phrases=typescript.sdk_phrases(workflow.phrases))
            workflows.append(workflow)
            problems.extend(builder.problems)
        return workflows, problems


# Under an action's `inputs`, only an email's subject is read (the message's
# template); its body, addresses and other inputs may be anything.
_READ_INPUTS = (("email", "value", "subject"), ("subject", "value"))


def _needed(path: JsonPath) -> bool:
    """Whether the checks read the value at ``path`` of a workflow."""
    if len(path) < 5 or path[0] != "actions" or path[2:4] != ("config", "inputs"):
        return True
    within = path[4:]
    return any(read[: len(within)] == within for read in _READ_INPUTS)


def _looks_like_flow(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("actions"), list):
        return False
    actions = value["actions"]
    return (
        any(key in value for key in ("edges", "trigger", "exit_condition"))
        and all(isinstance(a, dict) for a in actions)
        and (not actions or any("type" in a for a in actions))
    )


def _flow_paths(data: Any) -> list[JsonPath]:
    """Where the workflows are: the whole file, its items, or an API page's results.

    A list counts when one of its items is a workflow; then every item is checked
    as one, so a broken item is reported rather than skipped.
    """
    if _looks_like_flow(data):
        return [()]
    prefix: JsonPath = ()
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        items, prefix = data["results"], ("results",)
    elif isinstance(data, list):
        items = data
    else:
        return []
    if not any(_looks_like_flow(item) for item in items):
        return []
    return [(*prefix, i) for i in range(len(items))]


def _policy(settings: Mapping[str, Any]) -> Policy:
    from lintkit.dialects.hogflow.build import Policy

    channels = dict(MESSAGE_TEMPLATES)
    channels.update(dict(settings.get("hogflow.message-templates") or {}))
    return Policy(
        final=re.compile(settings.get("hogflow.final-pattern") or FINAL_PATTERN),
        strict_skips=bool(settings.get("hogflow.strict-skips", False)),
        channels=channels,
    )
