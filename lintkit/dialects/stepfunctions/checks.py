"""ASL validity a JSON Schema cannot say, with the position of each mistake.

The schema (``schemas/stepfunctions-asl.json``) checks each state's fields and
their types. These checks add what depends on several fields or on context:
``Next`` and ``End`` together or neither, ``States.ALL`` last and alone, fields
of the other query language (``Parameters`` in a JSONata state), choice rules
that test nothing or two things, state names used twice, paths that are not
paths. Where a check here and the schema see the same key, the message here
is the one kept (it says more).

Each kind of mistake is its own rule: a problem's kind is that rule's code
(``SF001``...), and the rule (rules/stepfunctions/) reports it. What the schema
finds stays WF002.

``sound`` tells the loader whether the graph can be built without guessing:
a state with both ``Next`` and ``End`` has no single meaning, so no IR is built
and the structural rules wait until it is fixed (no cascade of reports).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lintkit.core.suggest import did_you_mean, typo_fix
from lintkit.core.types import Fix, Location, Problem, Related
from lintkit.dialects.stepfunctions.choice_conditions import BOOLEANS, COMPARISONS
from lintkit.dialects.stepfunctions.resources import dig
from lintkit.dialects.stepfunctions.value_checks import PATH_FIELDS, ValueChecks, bare_name_fix
from lintkit.documents.parse import Document, JsonPath
from lintkit.documents.schema import load_schema

SCHEMA = "stepfunctions-asl.json"
# What each check reports: the kind of its problems is the code of the rule that
# reports them (rules/stepfunctions/sf0xx_*.py, each a ProblemRule of that kind).
MISPLACED_QUERY_LANGUAGE = "SF001"
DUPLICATE_STATE_NAME = "SF002"
STATE_NAME_TOO_LONG = "SF003"
TRANSITION_ACROSS_BRANCH = "SF004"
NEXT_AND_END = "SF005"
MISSING_NEXT_OR_END = "SF006"
NEXT_OR_END_NOT_ALLOWED = "SF007"
EXCLUSIVE_FIELDS = "SF008"
OTHER_QUERY_LANGUAGE_FIELD = "SF009"
INVALID_PATH = "SF010"
DOLLAR_KEY_WITH_TEXT = "SF011"
INVALID_TIMESTAMP = "SF012"
STATES_ALL_NOT_ALONE = "SF013"
STATES_ALL_NOT_LAST = "SF014"
UNKNOWN_STATES_ERROR = "SF015"
CHOICE_RULE_WITHOUT_NEXT = "SF016"
NESTED_RULE_WITH_NEXT = "SF017"
CHOICE_RULE_WITHOUT_TEST = "SF018"
INCOMPLETE_COMPARISON = "SF019"
CHOICE_RULE_WITH_TWO_TESTS = "SF020"
STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
QUERY_LANGUAGES = ("JSONPath", "JSONata")
TERMINAL_TYPES = ("Succeed", "Fail")
MAX_NAME = 80

# Fields that exist in one query language only, with what the other one uses.
JSONPATH_ONLY = {
    "InputPath": "`Arguments`/`Output` reading {% $states.input %}",
    "OutputPath": "`Output`",
    "Parameters": "`Arguments`",
    "ResultPath": "`Output` or `Assign`",
    "ResultSelector": "`Output`",
    "ItemsPath": "`Items`",
    "SecondsPath": "`Seconds` with a {% %} expression",
    "TimestampPath": "`Timestamp` with a {% %} expression",
    "TimeoutSecondsPath": "`TimeoutSeconds` with a {% %} expression",
    "HeartbeatSecondsPath": "`HeartbeatSeconds` with a {% %} expression",
    "MaxConcurrencyPath": "`MaxConcurrency` with a {% %} expression",
    "ToleratedFailureCountPath": "`ToleratedFailureCount` with a {% %} expression",
    "ToleratedFailurePercentagePath": "`ToleratedFailurePercentage` with a {% %} expression",
    "ErrorPath": "`Error` with a {% %} expression",
    "CausePath": "`Cause` with a {% %} expression",
    "Result": "`Output`",
}
JSONATA_ONLY = {
    "Arguments": "`Parameters`",
    "Output": "`OutputPath`, `ResultSelector` or `Parameters`",
    "Items": "`ItemsPath`",
}
# Pairs a state may have only one of: a value, or where to read it.
ONE_OF = (
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"),
    ("Cause", "CausePath"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
    ("Items", "ItemsPath"),
    ("ItemSelector", "Parameters"),  # in a Map, Parameters is ItemSelector's older name
)
# Objects whose "key.$" entries are evaluated (JSONPath states)
PAYLOAD_TEMPLATES = ("Parameters", "ResultSelector", "ItemSelector", "Credentials", "Assign")
# The same pairs inside a Map's ItemReader.ReaderConfig and ItemBatcher.
NESTED_ONE_OF = (
    (("ItemReader", "ReaderConfig"), "MaxItems", "MaxItemsPath"),
    (("ItemBatcher",), "MaxItemsPerBatch", "MaxItemsPerBatchPath"),
    (("ItemBatcher",), "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
)
# Errors the service raises; a `States.` name close to one of these is a typo.
STATES_ERRORS = (
    "States.ALL",
    "States.HeartbeatTimeout",
    "States.Timeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.QueryEvaluationError",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.DataLimitExceeded",
)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_expression(value: Any) -> bool:
    """A JSONata ``{% ... %}`` or a ``${placeholder}`` a deployment tool fills in."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return (text.startswith("{%") and text.endswith("%}")) or "${" in text


@dataclass
class Checked:
    problems: list[Problem] = field(default_factory=list)
    covered: set[Location] = field(default_factory=set)  # the schema's reports here are dropped
    # (location, message end) of schema reports that repeat another: a misspelled
    # required key is reported as unknown (with its did-you-mean), not also as missing
    repeated: set[tuple[Location, str]] = field(default_factory=set)
    sound: bool = True


class _Checker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out = Checked()
        self.names: dict[str, Location] = {}
        self.scope_of: dict[str, str] = {}  # state name -> where it is defined
        self.scopes: list[tuple[frozenset[str], str]] = []  # (names, description), innermost last
        # transitions to check once every name is known: (names of the scope, target, path)
        self.targets: list[tuple[frozenset[str], str, JsonPath, str]] = []
        self.raised = set(_raised(doc.data))  # Error names the machine's Fail states raise
        self.values = ValueChecks(doc, self.report)

    # -- reporting -----------------------------------------------------------
    def key(self, path: JsonPath) -> Location:
        return self.doc.location(path, key=True)

    def value(self, path: JsonPath) -> Location:
        return self.doc.location(path)

    def report(
        self,
        kind: str,
        location: Location,
        message: str,
        help: str = "",
        related: tuple[Related, ...] = (),
        covers: JsonPath | None = None,
        fix: Fix | None = None,
    ) -> None:
        self.out.problems.append(Problem(kind, message, location, related, help, fix=fix))
        self.out.covered.add(location)
        if covers is not None:
            self.out.covered.update((self.key(covers), self.value(covers)))

    def typos(self, path: JsonPath, definition: str | None, spec: dict[str, Any]) -> None:
        """A required key that is missing because it is misspelled: one report, not two."""
        schema = load_schema(SCHEMA)
        known = schema["$defs"][definition] if definition else schema
        missing = [k for k in known.get("required", ()) if k not in spec]
        for key in spec:
            if key not in known["properties"] and did_you_mean(str(key), missing):
                for name in missing:
                    if did_you_mean(str(key), [name]):
                        self.out.repeated.add((self.key(path), f"missing required key '{name}'"))

    # -- the machine and nested machines ------------------------------------------
    def machine(self) -> None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.out.sound = False  # the schema says what it should be
            return
        self.typos((), None, data)
        language = data.get("QueryLanguage")
        if language not in QUERY_LANGUAGES:
            language = "JSONPath"
        states = data.get("States")
        misplaced = states.get("QueryLanguage") if isinstance(states, dict) else None
        if isinstance(misplaced, str):
            path: JsonPath = ("States", "QueryLanguage")
            self.report(
                MISPLACED_QUERY_LANGUAGE,
                self.key(path),
                "`QueryLanguage` is written inside `States`, where every key is a state;"
                " Step Functions rejects it",
                help="move `QueryLanguage` to the top level, beside `StartAt`",
                covers=path,
            )
            if misplaced in QUERY_LANGUAGES and "QueryLanguage" not in data:
                language = misplaced  # what was meant; the rest is checked in that light
        self.scope((), data, language, "the top level")
        self.crossings()

    def target(self, path: JsonPath, value: Any) -> None:
        """Remember a transition (Next, Default, StartAt...) to check across scopes."""
        if isinstance(value, str) and self.scopes:
            names, where = self.scopes[-1]
            self.targets.append((names, value, path, where))

    def crossings(self) -> None:
        """A transition into or out of a Parallel branch or Map item processor."""
        for names, target, path, where in self.targets:
            if target in names or target not in self.scope_of:
                continue  # fine, or a missing state (unknown-step reports it)
            self.report(
                TRANSITION_ACROSS_BRANCH,
                self.value(path),
                f"'{target}' is not a state of {where} but of {self.scope_of[target]}:"
                " transitions cannot leave or enter a Parallel branch or a Map item processor",
                help="end the branch (End: true) and go on from the Parallel/Map state's Next",
                covers=path,
            )
            self.out.sound = False

    def scope(self, base: JsonPath, data: dict[str, Any], language: str, where: str) -> None:
        if base:
            self.typos(base, "branch" if isinstance(base[-1], int) else "item_processor", data)
        if not isinstance(data.get("StartAt"), str):
            self.out.sound = False
        states = data.get("States")
        if not isinstance(states, dict) or not states:
            self.out.sound = False
            return
        misplaced = not base and isinstance(states.get("QueryLanguage"), str)
        skip = "QueryLanguage" if misplaced else None
        names = frozenset(str(n) for n in states if n != skip)
        self.scopes.append((names, where))
        self.target((*base, "StartAt"), data.get("StartAt"))
        for name, spec in states.items():
            path = (*base, "States", name)
            if name == skip:
                continue  # reported above
            self.name(path, str(name))
            self.scope_of.setdefault(str(name), where)
            if not isinstance(spec, dict):
                self.out.sound = False
                continue
            self.state(path, str(name), spec, language)
        self.scopes.pop()

    def name(self, path: JsonPath, name: str) -> None:
        where = self.key(path)
        first = self.names.get(name)
        if first is not None:
            self.report(
                DUPLICATE_STATE_NAME,
                where,
                f"state name '{name}' is already used at line {first.line}: names must be"
                " unique in the whole machine, branches and item processors included",
                related=(Related(first, f"first '{name}'"),),
                help="rename one of the two states (and the Next/Default/StartAt naming it)",
            )
        else:
            self.names[name] = where
        if len(name) > MAX_NAME:
            self.report(
                STATE_NAME_TOO_LONG,
                where,
                f"state name is {len(name)} characters long; Step Functions allows {MAX_NAME}",
                help="shorten the name",
            )

    # -- one state -----------------------------------------------------------------
    def state(self, path: JsonPath, name: str, spec: dict[str, Any], machine_language: str) -> None:
        kind = spec.get("Type")
        if kind not in STATE_TYPES:
            self.out.sound = False  # the schema reports the missing or unknown Type
            return
        language = spec.get("QueryLanguage")
        if language not in QUERY_LANGUAGES:
            language = machine_language
        elif language == "JSONPath" and machine_language == "JSONata" and len(path) == 2:
            # measured on the machine's own states; inside a (distributed) Map it is
            # not known, and asl-validator takes it as valid there
            self.report(
                MISPLACED_QUERY_LANGUAGE,
                self.key((*path, "QueryLanguage")),
                f"state '{name}' sets `QueryLanguage: JSONPath` in a machine that uses JSONata;"
                " Step Functions rejects a state going back to JSONPath",
                help="write this state in JSONata, or drop the top-level `QueryLanguage` and"
                " set `QueryLanguage: JSONata` on the states that use it",
                covers=(*path, "QueryLanguage"),
            )
        self.typos(path, kind, spec)
        self.transitions(path, name, kind, spec)
        self.languages(path, spec, language, f"state '{name}'")
        for first, second in ONE_OF:
            if first in spec and second in spec:
                self.report(
                    EXCLUSIVE_FIELDS,
                    self.key((*path, second)),
                    f"state '{name}' has both `{first}` and `{second}`; it may have only one",
                    help="keep `ItemSelector` (`Parameters` is its older name in a Map)"
                    if second == "Parameters"
                    else f"keep `{first}` (a value) or `{second}` (read from the input)",
                    covers=(*path, second),
                )
        self.nested_pairs(path, name, spec)
        if kind == "Task":
            self.values.resource((*path, "Resource"), spec.get("Resource"))
        if language == "JSONPath":
            self.paths(path, spec)
            for template in PAYLOAD_TEMPLATES:
                if template in spec:
                    self.values.payload((*path, template), spec[template])
        else:
            self.values.jsonata_state(path, spec)
        for policy in ("Retry", "Catch"):
            self.error_policies((*path, policy), spec.get(policy), policy, language)
        if kind == "Choice":
            self.choice(path, spec, language)
        elif kind == "Wait":
            timestamp = spec.get("Timestamp")
            if isinstance(timestamp, str):
                # {% %} is plain text to a JSONPath state: text that is no timestamp
                filled = is_expression(timestamp) if language == "JSONata" else "${" in timestamp
                if not filled:
                    self.timestamp((*path, "Timestamp"), timestamp)
        elif kind == "Parallel":
            branches = spec.get("Branches")
            if not isinstance(branches, list):
                self.out.sound = False
                return
            for i, branch in enumerate(branches):
                if isinstance(branch, dict):
                    self.scope(
                        (*path, "Branches", i),
                        branch,
                        machine_language,
                        f"branch {i} of Parallel state '{name}'",
                    )
                else:
                    self.out.sound = False
        elif kind == "Map":
            processors = [k for k in ("ItemProcessor", "Iterator") if k in spec]
            if len(processors) != 1 or not isinstance(spec[processors[0]], dict):
                self.out.sound = False  # the schema says which one is missing or extra
                return
            self.scope(
                (*path, processors[0]),
                spec[processors[0]],
                machine_language,
                f"the item processor of Map state '{name}'",
            )

    def transitions(self, path: JsonPath, name: str, kind: str, spec: dict[str, Any]) -> None:
        if kind in ("Choice", *TERMINAL_TYPES):
            why = (
                "its Choices and Default pick the next state"
                if kind == "Choice"
                else "it ends the execution"
            )
            for key in ("Next", "End"):
                if key in spec:
                    self.report(
                        NEXT_OR_END_NOT_ALLOWED,
                        self.key((*path, key)),
                        f"a {kind} state cannot have `{key}`: {why}",
                        help=f"remove `{key}`"
                        + (" and use `Default`" if kind == "Choice" and key == "Next" else ""),
                        covers=(*path, key),
                    )
            if kind == "Choice" and "Default" in spec:
                if not isinstance(spec["Default"], str):
                    self.out.sound = False
                self.target((*path, "Default"), spec["Default"])
            return
        has_next = "Next" in spec
        end = spec.get("End")
        if has_next:
            if not isinstance(spec["Next"], str):
                self.out.sound = False
            self.target((*path, "Next"), spec["Next"])
        if "End" in spec and not isinstance(end, bool):
            self.out.sound = False  # the schema reports the type
            return
        if has_next and end is True:
            self.report(
                NEXT_AND_END,
                self.key((*path, "End")),
                f"state '{name}' has both `Next` and `End: true`: it cannot both go on and"
                " end the execution",
                help="remove `End` to go on to the `Next` state, or remove `Next` to end here",
            )
            self.out.sound = False
        elif not has_next and end is not True:
            if any(did_you_mean(str(k), ("Next", "End")) for k in unknown_keys(kind, spec)):
                self.out.sound = False  # a misspelled Next: the schema's did-you-mean says it
                return
            detail = "`End: false` and no `Next`" if "End" in spec else "neither `Next` nor `End`"
            self.report(
                MISSING_NEXT_OR_END,
                self.key(path),
                f"state '{name}' has {detail}: the execution has nowhere to go after it",
                help="add `Next: <state>` to go on, or `End: true` to end the execution here",
            )
            self.out.sound = False

    # -- query languages -------------------------------------------------------
    def languages(self, path: JsonPath, spec: dict[str, Any], language: str, what: str) -> None:
        foreign = JSONATA_ONLY if language == "JSONPath" else JSONPATH_ONLY
        if language == "JSONata":
            for where, key, _ in _nested_paths(spec):
                self.report(
                    OTHER_QUERY_LANGUAGE_FIELD,
                    self.key((*path, *where)),
                    f"`{'.'.join(map(str, where))}` is a JSONPath field, but {what} uses JSONata",
                    help=f"in JSONata write `{key.removesuffix('Path')}` with a {{% %}}"
                    " expression, or set `QueryLanguage: JSONPath` on the state",
                    covers=(*path, *where),
                )
        for key in spec:
            if key in foreign:
                other = "JSONPath" if language == "JSONata" else "JSONata"
                self.report(
                    OTHER_QUERY_LANGUAGE_FIELD,
                    self.key((*path, key)),
                    f"`{key}` is a {other} field, but {what} uses {language}",
                    help=f"in {language} use {foreign[key]}, or set `QueryLanguage: {other}`"
                    " on the state",
                    covers=(*path, key),
                )

    def paths(self, path: JsonPath, spec: dict[str, Any]) -> None:
        fields = [((*path, key), key, spec.get(key)) for key in PATH_FIELDS]
        fields += [((*path, *where), key, value) for where, key, value in _nested_paths(spec)]
        for at, key, value in fields:
            if not isinstance(value, str):
                continue
            if value.startswith("$"):
                self.values.path_field(at, key, value)
                continue
            if key in ("ErrorPath", "CausePath") and value.startswith("States."):
                self.values.intrinsic(at, value, text_only=key)
                continue
            self.report(
                INVALID_PATH,
                self.value(at),
                f"`{key}` must be a path starting with `$`, not {value!r}",
                help=bare_name_fix(value),
                covers=at,
            )

    def nested_pairs(self, path: JsonPath, name: str, spec: dict[str, Any]) -> None:
        """Value/path pairs inside ItemReader.ReaderConfig and ItemBatcher: one of each."""
        for where, first, second in NESTED_ONE_OF:
            holder = dig(spec, *where)
            if isinstance(holder, dict) and first in holder and second in holder:
                inner = (*path, *where, second)
                self.report(
                    EXCLUSIVE_FIELDS,
                    self.key(inner),
                    f"`{'.'.join(where)}` of state '{name}' has both `{first}` and `{second}`;"
                    " it may have only one",
                    help=f"keep `{first}` (a value) or `{second}` (read from the input)",
                    covers=inner,
                )

    def timestamp(self, path: JsonPath, value: str) -> None:
        if _TIMESTAMP.match(value):
            if _exists(value):
                return
            message = f"{value!r} names a date or time that does not exist"
            help = "months run 1-12, days to the month's end, hours 0-23, minutes 0-59"
        elif is_expression(value):
            message = f"{value!r} is a JSONata expression, which a JSONPath state reads as text"
            help = "set `QueryLanguage: JSONata` on the state, or read it with `TimestampPath`"
        else:
            message = f"{value!r} is not a timestamp Step Functions reads"
            help = "use RFC 3339 with an uppercase T and a zone: 2026-01-31T09:00:00Z"
        self.report(INVALID_TIMESTAMP, self.value(path), message, help=help, covers=path)

    # -- Retry and Catch ----------------------------------------------------------
    def error_policies(self, path: JsonPath, entries: Any, policy: str, language: str) -> None:
        if not isinstance(entries, list):
            if entries is not None and policy == "Catch":
                self.out.sound = False
            return
        what = "retrier" if policy == "Retry" else "catcher"
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                if policy == "Catch":
                    self.out.sound = False
                continue
            here = (*path, i)
            self.typos(here, what, entry)
            if policy == "Catch":
                if not isinstance(entry.get("Next"), str):
                    self.out.sound = False
                self.target((*here, "Next"), entry.get("Next"))
                self.languages(here, entry, language, f"the catcher {policy}[{i}]")
                if language == "JSONPath":
                    self.paths(here, {k: v for k, v in entry.items() if k == "ResultPath"})
                    if "Assign" in entry:
                        self.values.payload((*here, "Assign"), entry["Assign"])
            errors = entry.get("ErrorEquals")
            if not isinstance(errors, list):
                continue
            for j, error in enumerate(errors):
                if not isinstance(error, str):
                    continue
                where = self.value((*here, "ErrorEquals", j))
                if error == "States.ALL":
                    if len(errors) > 1:
                        self.report(
                            STATES_ALL_NOT_ALONE,
                            where,
                            "`States.ALL` must be alone in `ErrorEquals`: it already matches"
                            " every error",
                            help="move the other errors to a " + what + " before this one",
                        )
                    elif i != len(entries) - 1:
                        self.report(
                            STATES_ALL_NOT_LAST,
                            where,
                            f"`States.ALL` must be in the last {what}: {policy}[{i + 1}]"
                            " after it can never match",
                            help=f"move this {what} to the end of `{policy}`",
                        )
                elif (
                    error.startswith("States.")
                    and error not in STATES_ERRORS
                    and error not in self.raised
                ):
                    hint = did_you_mean(error, STATES_ERRORS)
                    if hint:
                        self.report(
                            UNKNOWN_STATES_ERROR,
                            where,
                            f"{error!r} is not an error Step Functions raises{hint}; this"
                            f" {what} never matches it",
                            help="the States.* errors are listed in the Step Functions"
                            " error-handling guide",
                            fix=typo_fix(error, STATES_ERRORS, where),
                        )

    # -- Choice rules ------------------------------------------------------------
    def choice(self, path: JsonPath, spec: dict[str, Any], language: str) -> None:
        choices = spec.get("Choices")
        if not isinstance(choices, list):
            self.out.sound = False
            return
        for i, rule in enumerate(choices):
            self.rule((*path, "Choices", i), rule, language, top=True)

    def rule(self, path: JsonPath, rule: Any, language: str, *, top: bool) -> None:
        if not isinstance(rule, dict):
            if top:
                self.out.sound = False
            return
        where = self.value(path)
        if top:
            self.target((*path, "Next"), rule.get("Next"))
        if top and not isinstance(rule.get("Next"), str):
            self.out.sound = False
            if "Next" not in rule:
                self.report(
                    CHOICE_RULE_WITHOUT_NEXT,
                    where,
                    "this choice rule has no `Next`: the state to go to when it matches",
                    help="add `Next: <state>`",
                )
        if not top and "Next" in rule:
            self.report(
                NESTED_RULE_WITH_NEXT,
                self.key((*path, "Next")),
                "a rule inside And/Or/Not cannot have `Next`; only the top-level rule does",
                help="move `Next` to the enclosing rule",
                covers=(*path, "Next"),
            )
        rule_language = "JSONata" if language == "JSONata" else "JSONPath"
        if rule_language == "JSONata":
            written = [k for k in rule if k in ("Variable", *COMPARISONS, *BOOLEANS)]
            if written:
                fields = ", ".join(f"`{k}`" for k in written)
                self.report(
                    OTHER_QUERY_LANGUAGE_FIELD,
                    self.key((*path, written[0])),
                    f"this choice rule is written in JSONPath ({fields}), but this state uses"
                    " JSONata",
                    help='write the test as `Condition: "{% ... %}"`, or set'
                    " `QueryLanguage: JSONPath` on the state",
                    covers=(*path, written[0]),
                )
                for key in written[1:]:
                    self.out.covered.update((self.key((*path, key)), self.value((*path, key))))
            elif top and "Condition" not in rule:
                self.report(
                    CHOICE_RULE_WITHOUT_TEST,
                    where,
                    "this JSONata choice rule has no `Condition`",
                    help='add `Condition: "{% <test> %}"`',
                )
            return
        if "Condition" in rule:
            self.report(
                OTHER_QUERY_LANGUAGE_FIELD,
                self.key((*path, "Condition")),
                "`Condition` is a JSONata choice rule field, but this state uses JSONPath",
                help="use `Variable` and a comparison such as `StringEquals`, or set"
                " `QueryLanguage: JSONata` on the state",
                covers=(*path, "Condition"),
            )
            return
        if "Output" in rule:
            self.report(
                OTHER_QUERY_LANGUAGE_FIELD,
                self.key((*path, "Output")),
                "`Output` is a JSONata field, but this state uses JSONPath",
                covers=(*path, "Output"),
            )
        if not unknown_keys("choice_rule", rule):  # else the schema's did-you-mean says it
            self.comparison(path, rule, where)
        for key in ("And", "Or"):
            if isinstance(rule.get(key), list):
                for i, nested in enumerate(rule[key]):
                    self.rule((*path, key, i), nested, language, top=False)
        if isinstance(rule.get("Not"), dict):
            self.rule((*path, "Not"), rule["Not"], language, top=False)

    def comparison(self, path: JsonPath, rule: dict[str, Any], where: Location) -> None:
        operators = [k for k in rule if k in COMPARISONS]
        booleans = [k for k in rule if k in BOOLEANS]
        has_variable = "Variable" in rule
        tests = len(booleans) + (1 if operators or has_variable else 0)
        if tests == 0:
            self.report(
                CHOICE_RULE_WITHOUT_TEST,
                where,
                "this choice rule tests nothing: it needs a `Variable` and a comparison, or"
                " `And`, `Or` or `Not`",
                help="e.g. Variable: $.status, StringEquals: done",
            )
            return
        if tests > 1:
            parts = [*booleans, *(["Variable"] if has_variable else []), *operators]
            self.report(
                CHOICE_RULE_WITH_TWO_TESTS,
                self.key((*path, parts[1])),
                f"this choice rule mixes `{parts[0]}` and `{parts[1]}`: a rule is one"
                " comparison, or one And/Or/Not",
                help="nest the comparison inside the And/Or/Not",
            )
            return
        if booleans:
            return
        if not has_variable:
            self.report(
                INCOMPLETE_COMPARISON,
                self.key((*path, operators[0])),
                f"`{operators[0]}` needs a `Variable`: the path of the value it tests",
                help="add e.g. `Variable: $.status`",
            )
            return
        variable = rule["Variable"]
        if isinstance(variable, str) and variable.startswith("$"):
            self.values.path((*path, "Variable"), variable, "`Variable`")
        elif isinstance(variable, str):
            self.report(
                INVALID_PATH,
                self.value((*path, "Variable")),
                f"`Variable` must be a path starting with `$`, not {variable!r}",
                help=f"write `$.{variable}`" if re.fullmatch(r"[A-Za-z_][\w.]*", variable) else "",
                covers=(*path, "Variable"),
            )
        if not operators:
            self.report(
                INCOMPLETE_COMPARISON,
                self.key((*path, "Variable")),
                "this choice rule names a `Variable` but no comparison",
                help="add a comparison such as StringEquals, NumericGreaterThan, BooleanEquals"
                " or IsPresent",
            )
            return
        if len(operators) > 1:
            self.report(
                CHOICE_RULE_WITH_TWO_TESTS,
                self.key((*path, operators[1])),
                f"this choice rule has two comparisons, `{operators[0]}` and `{operators[1]}`;"
                " a rule holds one",
                help="combine them with And (or Or) of two rules",
            )
        operator = operators[0]
        value = rule[operator]
        if operator.endswith("Path") and isinstance(value, str) and value.startswith("$"):
            self.values.path((*path, operator), value, f"`{operator}`")
        elif operator.endswith("Path") and isinstance(value, str):
            self.report(
                INVALID_PATH,
                self.value((*path, operator)),
                f"`{operator}` compares with the value at a path, so it must start with `$`,"
                f" not {value!r}",
                help=f"to compare with the text itself, use `{operator[: -len('Path')]}`",
                covers=(*path, operator),
            )
        literal = isinstance(value, str) and not is_expression(value)
        if operator.startswith("Timestamp") and not operator.endswith("Path") and literal:
            self.timestamp((*path, operator), value)


def _nested_paths(spec: dict[str, Any]) -> Iterator[tuple[JsonPath, str, Any]]:
    """(where, key, value) of the ``...Path`` fields inside ItemReader.ReaderConfig
    and ItemBatcher; ``where`` ends with the key."""
    for where, _, key in NESTED_ONE_OF:
        holder = dig(spec, *where)
        if isinstance(holder, dict) and key in holder:
            yield (*where, key), key, holder[key]


def _exists(value: str) -> bool:
    """Whether an RFC 3339-shaped timestamp names a real date, time and zone."""
    date, time = value[:10], value[11:19]
    try:  # a leap second (:60) is RFC 3339; datetime knows none
        datetime.date.fromisoformat(date)
        datetime.time.fromisoformat(time if time[6:] != "60" else time[:6] + "59")
    except ValueError:
        return False
    zone = value[-6:]
    return zone[0] not in "+-" or (int(zone[1:3]) < 24 and int(zone[4:6]) < 60)


def _raised(data: Any) -> Iterator[str]:
    """``Error`` of every Fail state, at any depth: a catcher may name those too."""
    if isinstance(data, list):
        for item in data:
            yield from _raised(item)
    elif isinstance(data, dict):
        if data.get("Type") == "Fail" and isinstance(data.get("Error"), str):
            yield data["Error"]
        for value in data.values():
            yield from _raised(value)


def unknown_keys(definition: str, spec: dict[str, Any]) -> list[str]:
    """Keys the schema's ``definition`` (a state type, ``choice_rule``) does not allow."""
    allowed = load_schema(SCHEMA)["$defs"][definition]["properties"]
    return [str(k) for k in spec if k not in allowed]


def without_misplaced_query_language(data: Any) -> Any:
    """``data`` without a ``QueryLanguage`` written inside ``States``: SF001 reports
    it, and the schema would only call it a state that is not an object (which
    costs importing jsonschema for its message)."""
    states = data.get("States") if isinstance(data, dict) else None
    if not (isinstance(states, dict) and isinstance(states.get("QueryLanguage"), str)):
        return data
    return {**data, "States": {k: v for k, v in states.items() if k != "QueryLanguage"}}


def check(doc: Document) -> Checked:
    checker = _Checker(doc)
    checker.machine()
    return checker.out
