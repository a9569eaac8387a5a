"""Checks on the values a state computes with: paths, payload templates,
intrinsic functions, JSONata expressions and the Resource ARN.

Each mistake is reported at the character it is at inside its string
(``text_offsets``), under the code of the rule of its kind: a path that is not
one is SF010, an intrinsic function called wrongly SF021, a JSONata syntax
error SF022, a ``{% %}`` delimiter slip SF023, ``x`` beside ``x.$`` SF024, a
Resource that is not an ARN Step Functions runs SF025.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lintkit.core.types import Location
from lintkit.dialects.stepfunctions.arns import resource_problem
from lintkit.dialects.stepfunctions.intrinsics import (
    TEXT_RESULTS,
    intrinsic_error,
    is_intrinsic,
    outer_function,
)
from lintkit.dialects.stepfunctions.jsonata_syntax import (
    delimiter_problem,
    expression_error,
    is_expression,
)
from lintkit.dialects.stepfunctions.jsonpath import is_variable, path_error, reference_path_error
from lintkit.dialects.stepfunctions.text_offsets import location_in_string
from lintkit.documents.parse import Document, JsonPath

INVALID_PATH = "SF010"
DOLLAR_KEY_WITH_TEXT = "SF011"
INVALID_INTRINSIC = "SF021"
INVALID_JSONATA = "SF022"
JSONATA_DELIMITERS = "SF023"
KEY_AND_DOLLAR_KEY = "SF024"
INVALID_RESOURCE = "SF025"
FILTER_TEXT_NOT_QUOTED = "SF026"

# The fields whose value is a path. InputPath and OutputPath take a path (filters
# allowed); the others a reference path (one node).
PATH_FIELDS = (
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "ErrorPath",
    "CausePath",
)
# The same inside a Map's ItemReader.ReaderConfig and ItemBatcher.
NESTED_PATH_FIELDS = ("MaxItemsPath", "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath")
REFERENCE_PATH_FIELDS = frozenset((*PATH_FIELDS, *NESTED_PATH_FIELDS)) - {"InputPath", "OutputPath"}
# A Map's numbers read from the input: a reference path into it, never the
# context object ("Value is not a Reference Path"; ItemsPath may read it).
_INPUT_ONLY = frozenset(
    (
        "MaxConcurrencyPath",
        "ToleratedFailureCountPath",
        "ToleratedFailurePercentagePath",
        *NESTED_PATH_FIELDS,
    )
)
# JSONata state fields that are never evaluated (names, types, the nested machines).
_NOT_EVALUATED = frozenset(
    (
        "Type",
        "Comment",
        "Next",
        "End",
        "Default",
        "QueryLanguage",
        "Resource",
        "ErrorEquals",
        "ItemProcessor",
        "Iterator",
        "Branches",
        "ProcessorConfig",
        "Label",
    )
)

Report = Callable[..., None]


class ValueChecks:
    def __init__(self, doc: Document, report: Report) -> None:
        self.doc = doc
        self.report = report

    def at(self, path: JsonPath, text: str, offset: int) -> Location:
        return location_in_string(self.doc, path, text, offset)

    # -- JSONPath ---------------------------------------------------------------
    def path_field(self, path: JsonPath, key: str, value: str) -> None:
        """A ``...Path`` field of a JSONPath state whose value starts with ``$``."""
        if key == "ResultPath" and (value.startswith("$$") or is_variable(value)):
            self.report(
                INVALID_PATH,
                self.doc.location(path),
                f"`ResultPath` must be a path into the state's input (`$` or `$.field`), not"
                f" {value!r}: it says where the result goes, and the context object and"
                " variables cannot be written there",
                help="set a variable with `Assign`; write the result with `ResultPath: $.field`",
                covers=path,
            )
            return
        if key in _INPUT_ONLY and value.startswith("$$"):
            self.report(
                INVALID_PATH,
                self.doc.location(path),
                f"`{key}` cannot read the context object ({value!r}): a Map reads this number"
                " from its input, with a reference path such as `$.limit`",
                help="copy the value into the input first (Parameters or ResultPath of an"
                " earlier state), then read it with `$.field`",
                covers=path,
            )
            return
        reference = key in REFERENCE_PATH_FIELDS
        self.path(path, value, f"`{key}`", reference=reference)

    def path(self, path: JsonPath, value: str, what: str, *, reference: bool = False) -> None:
        """``value`` (starting with ``$``) read as a path or a reference path."""
        error = reference_path_error(value) if reference else path_error(value)
        if error is None:
            return
        if error.at_run_time:
            self.report(
                FILTER_TEXT_NOT_QUOTED,
                self.at(path, value, error.offset),
                f"{what} filters with an unquoted text: {error.message}. Step Functions takes"
                " the definition, and the state fails each time it reads this path",
                help="quote texts in filters: [?(@.lang == 'es')]",
                covers=path,
            )
            return
        kind = "reference path (one node)" if reference else "path"
        self.report(
            INVALID_PATH,
            self.at(path, value, error.offset),
            f"{what} is not a valid {kind}: {error.message}",
            help="paths look like $.field, $.list[0], $['odd key'], $$.Execution.Id or"
            " $variable; filters quote their texts: [?(@.lang == 'es')]",
            covers=path,
        )

    def intrinsic(self, path: JsonPath, value: str, *, text_only: str = "") -> None:
        """``value`` as one intrinsic call; ``text_only``: the field it is in, where
        only a function that returns a text is allowed (a Fail state's ErrorPath)."""
        error = intrinsic_error(value)
        if error is None:
            name = outer_function(value)
            if text_only and name not in TEXT_RESULTS:
                self.report(
                    INVALID_INTRINSIC,
                    self.at(path, value, 0),
                    f"`{text_only}` takes a function that returns a text, and {name} does not",
                    help="use one of " + ", ".join(sorted(TEXT_RESULTS)) + " (e.g. wrap the"
                    " value in States.JsonToString(...) or States.Format('{}', ...))",
                    covers=path,
                )
            return
        if not error.in_path:
            kind, message = INVALID_INTRINSIC, error.message
        elif error.at_run_time:
            kind = FILTER_TEXT_NOT_QUOTED
            message = (
                f"a path in this intrinsic function filters with an unquoted text:"
                f" {error.message}. Step Functions takes the definition, and the state fails"
                " each time it runs this function"
            )
        else:
            kind = INVALID_PATH
            message = f"a path in this intrinsic function is not valid: {error.message}"
        self.report(
            kind,
            self.at(path, value, error.offset),
            message,
            help="the intrinsic functions and their arguments are listed in the Step Functions"
            " guide (Intrinsic functions)",
            covers=path,
        )

    def dollar_value(self, path: JsonPath, key: str, value: Any) -> None:
        """The value of a ``"key.$"`` entry: a path or an intrinsic function."""
        if isinstance(value, str) and value.startswith("$"):
            self.path(path, value, f"`{key}`")
            return
        if isinstance(value, str) and is_intrinsic(value):
            self.intrinsic(path, value)
            return
        self.report(
            DOLLAR_KEY_WITH_TEXT,
            self.doc.location(path),
            f"`{key}` takes a path ($.field, $$.Context, $variable) or an intrinsic"
            f" function (States.Format(...)), not {value!r}",
            help=f"to pass the value as is, name the key `{key[:-2]}`",
            covers=path,
        )

    def payload(self, path: JsonPath, template: Any) -> None:
        """A payload template: ``"key.$"`` entries are evaluated, only inside objects."""
        if isinstance(template, list):
            for i, item in enumerate(template):
                self.payload((*path, i), item)
            return
        if not isinstance(template, dict):
            return
        plain = {str(k) for k in template if not str(k).endswith(".$")}
        for key, value in template.items():
            key = str(key)
            if key.endswith(".$"):
                if key[:-2] in plain:
                    self.report(
                        KEY_AND_DOLLAR_KEY,
                        self.doc.location((*path, key), key=True),
                        f"`{key[:-2]}` and `{key}` both set the field `{key[:-2]}`;"
                        " Step Functions rejects the definition",
                        help=f"keep `{key}` to read the value from a path, or `{key[:-2]}`"
                        " for a fixed value",
                    )
                self.dollar_value((*path, key), key, value)
            else:
                self.payload((*path, key), value)

    # -- JSONata ---------------------------------------------------------------
    def jsonata_state(self, path: JsonPath, spec: dict[str, Any]) -> None:
        """Every string a JSONata state evaluates: expressions parse, delimiters are whole."""
        for key, value in spec.items():
            if key not in _NOT_EVALUATED:
                self.jsonata_value((*path, key), value)

    def jsonata_value(self, path: JsonPath, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self.jsonata_value((*path, key), item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.jsonata_value((*path, i), item)
        elif isinstance(value, str) and "%" in value:
            self.jsonata_string(path, value)

    def jsonata_string(self, path: JsonPath, text: str) -> None:
        if is_expression(text):
            error = expression_error(text)
            if error is not None:
                self.report(
                    INVALID_JSONATA,
                    self.at(path, text, error.offset),
                    error.message,
                    help="see the JSONata reference (docs.jsonata.org); Step Functions reads"
                    " $states.input, $states.result, $states.context and your variables",
                    covers=path,
                )
            return
        problem = delimiter_problem(text)
        if problem is not None and "${" not in text:
            self.report(
                JSONATA_DELIMITERS,
                self.doc.location(path),
                f"this looks like a JSONata expression but is plain text to Step Functions:"
                f" {problem}",
                help='write the whole value as "{% <expression> %}"',
            )

    # -- Resource ----------------------------------------------------------------
    def resource(self, path: JsonPath, value: Any) -> None:
        if not isinstance(value, str):
            return
        problem = resource_problem(value)
        if problem is None:
            return
        message, offset = problem
        self.report(
            INVALID_RESOURCE,
            self.at(path, value, offset),
            f"{value!r} is not a Resource Step Functions runs: {message}",
            help="e.g. arn:aws:states:::lambda:invoke, arn:aws:lambda:REGION:ACCOUNT:function:NAME,"
            " arn:aws:states:::aws-sdk:s3:getObject; ${placeholders} are fine",
            covers=path,
        )


def bare_name_fix(value: str) -> str:
    """A fix for a path written without ``$``: ``status`` -> ``$.status``."""
    if re.fullmatch(r"[A-Za-z_][\w.]*", value):
        return f"write `$.{value}` to read the field {value!r} of the input"
    return "paths look like $.field.subfield, $$.Execution.Id or $variable"
