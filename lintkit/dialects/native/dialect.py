"""lintkit's own format (``lintkit: 1``): validated by its JSON Schema, then mapped to IR."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lintkit.core.durations import parse_duration
from lintkit.core.suggest import typo_fix
from lintkit.core.types import Problem
from lintkit.documents.parse import Document, JsonPath
from lintkit.documents.schema import validate
from lintkit.plugins.dialect import Dialect
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import (
    CHANNEL_REQUIRES,
    NATIVE_TERMS,
    Attribute,
    Condition,
    Edge,
    Invariant,
    Step,
    StepKind,
    Sym,
    Throttle,
    Trigger,
    Workflow,
)
from lintkit.workflow.references import REFERENCE, edge_of, missing_step

SCHEMA = "native-v1.json"
# `lintkit:` as a key: at a line's start (block style) or after `{` or `,` (flow
# style, JSON on one line).
_MARKER = re.compile(r"""(?:^|[{,])\s*["']?lintkit["']?\s*:""", re.MULTILINE)


class NativeDialect(Dialect):
    name = "native"
    priority = 20
    description = "lintkit's own workflow format (a top-level `lintkit: 1` key)"

    def sniff(self, path: str, text: str) -> bool:
        # the substring test first: the regex alone costs ~2 ms on a 64 KB head
        return "lintkit" in text and _MARKER.search(text) is not None

    def claims(self, doc: Document) -> bool:
        return isinstance(doc.data, dict) and "lintkit" in doc.data

    def load(
        self, doc: Document, settings: Mapping[str, Any]
    ) -> tuple[list[Workflow], list[Problem]]:
        problems = validate(doc, SCHEMA)
        if problems:  # the IR is built only from a valid file: no guessing, no cascades
            return [], problems + _unbuilt_problems(doc, problems)
        builder = _Builder(doc)
        return [builder.workflow()], builder.problems


# The keys of a step that name another step (besides each branch case's `next`).
_REFERENCES = ("next", "otherwise", "default", "on_timeout")


def _at(value: Any, path: JsonPath) -> Any:
    for part in path:
        value = value[part]
    return value


def _unbuilt_problems(doc: Document, found: list[Problem]) -> list[Problem]:
    """What the IR would report of a file that breaks the schema: steps named but
    missing and conditions that do not parse, so one pass shows every mistake.
    Only where the schema found nothing at that place: never a cascade."""
    data = doc.data
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, dict):
        return []
    flagged = {(p.location.line, p.location.column) for p in found}
    builder = _Builder(doc)
    problems: list[Problem] = []

    def missing(where: str, path: JsonPath, name: object) -> None:
        location = doc.location(path)
        if not isinstance(name, str) or name in steps:
            return
        if (location.line, location.column) in flagged:
            return
        message = missing_step(NATIVE_TERMS, where, name, steps)
        problems.append(Problem(REFERENCE, message, location, fix=typo_fix(name, steps, location)))

    if "start" in data:
        missing(NATIVE_TERMS.start, ("start",), data["start"])
    for sid, spec in steps.items():
        if not isinstance(spec, dict):
            continue
        base: JsonPath = ("steps", sid)
        labels: list[tuple[str, JsonPath]] = [(key, (key,)) for key in _REFERENCES if key in spec]
        cases = spec.get("cases")
        if isinstance(cases, list):
            labels += [
                (f"cases[{i}]", ("cases", i, "next"))
                for i, case in enumerate(cases)
                if isinstance(case, dict) and "next" in case
            ]
        for label, path in labels:
            missing(edge_of(NATIVE_TERMS, label, str(sid)), (*base, *path), _at(spec, path))
        conditions: list[JsonPath] = [("keep",)] if isinstance(spec.get("keep"), str) else []
        if isinstance(cases, list):
            conditions += [
                ("cases", i, "when")
                for i, case in enumerate(cases)
                if isinstance(case, dict) and isinstance(case.get("when"), str)
            ]
        for path in conditions:
            location = doc.location((*base, *path))
            if (location.line, location.column) not in flagged:
                builder.condition(_at(spec, path), *base, *path)
    return problems + builder.problems


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.problems: list[Problem] = []

    def loc(self, *path: Any, key: bool = False) -> Any:
        return self.doc.location(path, key=key)

    def sym(self, value: str, *path: Any) -> Sym:
        return Sym(value, self.loc(*path))

    def workflow(self) -> Workflow:
        data = self.data
        steps = {sid: self.step(sid, spec) for sid, spec in data["steps"].items()}
        edges = tuple(
            e for sid, spec in data["steps"].items() for e in self.edges(sid, spec, steps)
        )
        if "start" in data:
            start = self.sym(data["start"], "start")
        else:
            first = next(iter(data["steps"]))
            start = Sym(first, self.loc("steps", first, key=True))
        return Workflow(
            id=data["workflow"],
            dialect=NativeDialect.name,
            path=self.doc.path,
            location=self.loc("workflow"),
            steps=steps,
            edges=edges,
            start=start,
            attributes=self.attributes(),
            triggers=tuple(self.trigger(i, t) for i, t in enumerate(data.get("triggers", []))),
            enrollment=data.get("enrollment", "once"),
            exclusive_with=tuple(
                self.sym(w, "exclusive_with", i)
                for i, w in enumerate(data.get("exclusive_with", []))
            ),
            funnel=tuple(self.sym(e, "funnel", i) for i, e in enumerate(data.get("funnel", []))),
            invariants=tuple(
                self.invariant(i, inv) for i, inv in enumerate(data.get("invariants", []))
            ),
            description=data.get("description", ""),
        )

    def attributes(self) -> dict[str, Attribute] | None:
        if "attributes" not in self.data:
            return None
        found = {}
        for name, spec in self.data["attributes"].items():
            if "enum" in spec:
                kind = cond.AttributeType("enum", tuple(spec["enum"]))
            else:
                kind = cond.AttributeType(spec.get("type", "string"))
            found[name] = Attribute(name, kind, self.loc("attributes", name, key=True))
        return found

    def trigger(self, index: int, spec: dict[str, Any]) -> Trigger:
        kind = "event" if "event" in spec else "segment"
        return Trigger(
            kind=kind,
            name=spec[kind],
            location=self.loc("triggers", index, kind),
            anonymous=bool(spec.get("anonymous", False)),
            bulk=bool(spec.get("bulk", False)),
        )

    def invariant(self, index: int, spec: dict[str, Any]) -> Invariant:
        if "every_path_to" in spec:
            return Invariant(
                "passes_through",
                self.sym(spec["every_path_to"], "invariants", index, "every_path_to"),
                self.sym(spec["passes_through"], "invariants", index, "passes_through"),
                None,
                self.loc("invariants", index),
            )
        step, _, edge = spec["from"].partition(".")
        return Invariant(
            "never_reaches",
            self.sym(spec["never_reaches"], "invariants", index, "never_reaches"),
            self.sym(step, "invariants", index, "from"),
            edge or None,
            self.loc("invariants", index),
        )

    def condition(self, text: str, *path: Any) -> Condition:
        location = self.doc.location(path)
        style = self.doc.style(path)
        offset = 0
        if location.line == location.end_line and style in ("", "'", '"'):
            offset = location.column + (1 if style else 0)
        parsed = cond.parse(text)
        condition = Condition(
            text, None if isinstance(parsed, cond.ConditionError) else parsed, location, offset
        )
        if isinstance(parsed, cond.ConditionError):
            self.problems.append(
                Problem(
                    "condition", parsed.message, condition.locate(parsed.span), help=parsed.help
                )
            )
        return condition

    def step(self, sid: str, spec: dict[str, Any]) -> Step:
        base: JsonPath = ("steps", sid)
        kind = StepKind(spec["type"])
        fields = {key: self.doc.location((*base, key)) for key in spec}
        details: dict[str, Any] = {}
        if kind is StepKind.DELAY:
            details["duration"] = parse_duration(spec["duration"])
        elif kind is StepKind.WAIT:
            details["event"] = spec["event"]
            if "timeout" in spec:
                details["duration"] = parse_duration(spec["timeout"])
        elif kind is StepKind.FILTER:
            details["conditions"] = (self.condition(spec["keep"], *base, "keep"),)
        elif kind is StepKind.BRANCH:
            details["conditions"] = tuple(
                self.condition(case["when"], *base, "cases", i, "when")
                for i, case in enumerate(spec["cases"])
            )
        elif kind is StepKind.MESSAGE:
            throttle = spec.get("throttle")
            details.update(
                channel=spec["channel"],
                template=spec["template"],
                throttle=Throttle(**throttle) if throttle else None,
                final=bool(spec.get("final", False)),
                requires=tuple(spec.get("requires", CHANNEL_REQUIRES.get(spec["channel"], ()))),
            )
        elif kind is StepKind.ACTION:
            if "handler" in spec:
                details["handler"] = self.sym(spec["handler"], *base, "handler")
            details["emits"] = tuple(
                self.sym(e, *base, "emits", i) for i, e in enumerate(spec.get("emits", []))
            )
        elif kind is StepKind.UPDATE:
            details["sets"] = dict(spec["set"])
        return Step(
            id=sid,
            kind=kind,
            location=self.loc(*base, key=True),
            fields=fields,
            description=spec.get("description", ""),
            **details,
        )

    def edges(self, sid: str, spec: dict[str, Any], steps: dict[str, Step]) -> list[Edge]:
        base: JsonPath = ("steps", sid)
        step = steps[sid]

        def edge(label: str, target: str, path: JsonPath, **kw: Any) -> Edge:
            return Edge(sid, target, label, self.doc.location((*base, *path)), **kw)

        found: list[Edge] = []
        if step.kind is StepKind.FILTER:
            keep = step.conditions[0].expr
            if "next" in spec:
                found.append(edge("next", spec["next"], ("next",), condition=keep))
            if "otherwise" in spec:
                found.append(
                    edge(
                        "otherwise",
                        spec["otherwise"],
                        ("otherwise",),
                        condition=None if keep is None else cond.negation(keep),
                        excludes=True,
                    )
                )
        elif step.kind is StepKind.BRANCH:
            earlier: list[cond.Expr] = []
            unknown = False  # a case that does not parse makes later guards unknown
            for i, case in enumerate(spec["cases"]):
                when = step.conditions[i].expr
                guard = (
                    None
                    if unknown or when is None
                    else cond.conjunction(*(cond.negation(e) for e in earlier), when)
                )
                found.append(
                    edge(f"cases[{i}]", case["next"], ("cases", i, "next"), condition=guard)
                )
                if when is None:
                    unknown = True
                else:
                    earlier.append(when)
            if "default" in spec:
                guard = None if unknown else cond.conjunction(*(cond.negation(e) for e in earlier))
                found.append(edge("default", spec["default"], ("default",), condition=guard))
        elif step.kind is StepKind.WAIT:
            arrived = cond.Truthy(cond.Event(spec["event"]))
            if "next" in spec:
                found.append(edge("next", spec["next"], ("next",), condition=arrived))
            if "on_timeout" in spec:
                found.append(
                    edge(
                        "on_timeout",
                        spec["on_timeout"],
                        ("on_timeout",),
                        condition=cond.negation(arrived),
                    )
                )
        elif "next" in spec:
            found.append(edge("next", spec["next"], ("next",)))
        return found
