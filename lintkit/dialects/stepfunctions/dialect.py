"""The ``stepfunctions`` dialect: ``*.asl.json``/``*.asl.yaml`` and any JSON/YAML
whose top level has ``StartAt`` and ``States``.

Loading is: the validity checks (``checks``) report load problems whose kind
is the code of the rule that reports them (SF001...), the JSON Schema
(``schemas/stepfunctions-asl.json``) problems of kind "schema" (WF002); when
the graph is unambiguous the IR is built (``build``) even if a non-structural
field is wrong, so a typo in ``ResultPth`` does not hide an unreachable state.
See docs/stepfunctions.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lintkit.core.types import Problem
from lintkit.dialects.stepfunctions.resources import DEFAULT_MESSAGE_ACTIONS
from lintkit.documents.parse import Document
from lintkit.documents.schema import validate
from lintkit.plugins.dialect import Dialect
from lintkit.plugins.option import Option
from lintkit.workflow.ir import Workflow

ASL_SUFFIXES = (".asl.json", ".asl.yaml", ".asl.yml")
_START_AT = re.compile(r"""["']?\bStartAt["']?\s*:""")
_STATES = re.compile(r"""["']?\bStates["']?\s*:""")


class StepFunctionsDialect(Dialect):
    name = "stepfunctions"
    priority = 10
    description = (
        "AWS Step Functions state machines (Amazon States Language): *.asl.json, *.asl.yaml,"
        " or a top level with StartAt and States"
    )
    options = (
        Option(
            "stepfunctions.filtered-out",
            [],
            "Choice edges that are filtered-out paths (people who were meant to leave), as"
            " `<Choice state glob>.<edge glob>`; edges are `default` and `choices[N]`, e.g."
            ' ["Still eligible?.default", "*.default"]; a name with no dot names every edge'
            " of that Choice. Only `*` and `?` are wildcards. Default: none (no edge is a"
            " filtered-out edge unless named here).",
            "list[string]",
        ),
        Option(
            "stepfunctions.message-actions",
            list(DEFAULT_MESSAGE_ACTIONS),
            "Task actions (`service:action` of the Resource, e.g. `sns:publish`,"
            " `sesv2:sendEmail`; globs, any case) that send something to a person: such a"
            " Task is a message step.",
            "list[string]",
        ),
        Option(
            "stepfunctions.message-states",
            [],
            "Task state names (globs) that send something to a person whatever their"
            ' Resource, e.g. a Lambda that emails: ["Send*Email*", "Notify *"].',
            "list[string]",
        ),
    )

    def sniff(self, path: str, text: str) -> bool:
        if path.endswith(ASL_SUFFIXES):
            return True
        # the substring tests first: the regexes alone cost ~3 ms on a 64 KB head
        return (
            "StartAt" in text
            and "States" in text
            and _START_AT.search(text) is not None
            and _STATES.search(text) is not None
        )

    def claims(self, doc: Document) -> bool:
        data = doc.data
        if isinstance(data, dict) and "StartAt" in data and "States" in data:
            return True
        if not doc.path.endswith(ASL_SUFFIXES) or data is None:
            return False
        return not (isinstance(data, dict) and "lintkit" in data)

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]:
        # Imported by the first definition read: a run whose files all come from
        # the cache needs neither (about 40 ms of imports).
        from lintkit.dialects.stepfunctions.build import Builder
        from lintkit.dialects.stepfunctions.checks import (
            SCHEMA,
            check,
            without_misplaced_query_language,
        )

        checked = check(doc)
        problems = checked.problems + [
            p
            for p in validate(doc, SCHEMA, without_misplaced_query_language(doc.data))
            if p.location not in checked.covered
            and not any(
                p.location == where and p.message.endswith(end) for where, end in checked.repeated
            )
        ]
        problems.sort(key=lambda p: (p.location.line, p.location.column, p.message))
        if not checked.sound:
            return [], problems  # an ambiguous graph: no guessing, no cascade of reports
        return [Builder(doc, settings).machine()], problems
