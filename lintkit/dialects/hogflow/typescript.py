"""PostHog definitions kept as TypeScript (``@posthog/definitions``), read statically.

A definitions repository holds one resource per file, its default export:
``export default hogFlow({ key, name, exitCondition, actions, edges })`` under
``posthog/hog-flows/``, ``export default eventDefinition({ key, name })`` under
``posthog/events/`` (PostHog/posthog-definitions, ``src/resources/hog-flow/sdk.ts``
and ``event-definition/sdk.ts``). The SDK sends a hogFlow's actions and edges
to the API as written and renames only its own top-level camelCase keys
(``src/resources/hog-flow/pipeline.ts``, ``buildPayload``); ``API_KEYS`` does
the same here, so the HogFlow dialect reads the result as it reads an export.

This module is what the dialect needs before a file is parsed (which files,
which documents are definitions); ``typescript_reader`` parses them with
tree-sitter, never running them (``lintkit.documents.typescript_literals``).
"""

from __future__ import annotations

import re

from lintkit.documents.parse import Document
from lintkit.workflow.ir import Phrases

SUFFIXES = (".ts", ".mts", ".cts")
HOG_FLOW = "hogFlow"
EVENT_DEFINITION = "eventDefinition"
# hogFlow's own keys and what the SDK sends them as (pipeline.ts, buildPayload)
API_KEYS = {"exitCondition": "exit_condition", "triggerMasking": "trigger_masking"}
# A cheap look before parsing: a default export that calls a definition function.
_CALLS = re.compile(r"\b(?:hogFlow|eventDefinition)\s*(?:<[^>()]*>)?\s*\(")
_DEFAULT = re.compile(r"\bexport\s+default\b")


def sniff(text: str) -> bool:
    return _DEFAULT.search(text) is not None and _CALLS.search(text) is not None


class Definition(Document):
    """The object a definition function is called with, as data with positions."""

    def __init__(self, doc: Document, function: str) -> None:
        super().__init__(doc.path, doc.data, doc.spans, doc.key_spans, doc.styles)
        self.function = function  # "hogFlow", "eventDefinition"


def sdk_phrases(phrases: Phrases) -> Phrases:
    """The rules' phrases with the hogFlow's own keys as the SDK spells them."""

    def spelled(text: str) -> str:
        for sdk, api in API_KEYS.items():
            text = text.replace(f"`{api}`", f"`{sdk}`")
        return text

    return {code: {k: spelled(v) for k, v in said.items()} for code, said in phrases.items()}
