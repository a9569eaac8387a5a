"""Intrinsic functions (``States.Format('{}', $.name)``): names, arity, literal arguments.

Written from the Step Functions "Intrinsic functions" reference. An argument is
a quoted text (``'a\\'b'``), a number, ``true``/``false``/``null``, a path
(``$.x``, ``$$.Execution.Id``, ``$var``) or another intrinsic; at most 10 are
nested. A path argument is checked as a path (its error is a path error); what
a path holds is known only when the machine runs, so argument types are checked
on literals only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lintkit.core.suggest import did_you_mean
from lintkit.dialects.stepfunctions.jsonpath import PathError, path_error

MAX_NESTING = 10
# Literal argument kinds: "array"/"object" accept no literal (only a path or an
# intrinsic gives one); "any" takes every literal.
ANY, TEXT, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT = (
    "any",
    "text",
    "number",
    "integer",
    "boolean",
    "array",
    "object",
)
HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")


@dataclass(frozen=True)
class Signature:
    params: tuple[str, ...]  # kind of each argument
    optional: int = 0  # how many of the last params may be left out
    variadic: str | None = None  # kind of any further arguments


FUNCTIONS: dict[str, Signature] = {
    "States.Format": Signature((TEXT,), variadic=ANY),
    "States.StringToJson": Signature((TEXT,)),
    "States.JsonToString": Signature((ANY,)),
    "States.Array": Signature((), variadic=ANY),
    "States.ArrayPartition": Signature((ARRAY, INTEGER)),
    "States.ArrayContains": Signature((ARRAY, ANY)),
    "States.ArrayRange": Signature((INTEGER, INTEGER, INTEGER)),
    "States.ArrayGetItem": Signature((ARRAY, INTEGER)),
    "States.ArrayLength": Signature((ARRAY,)),
    "States.ArrayUnique": Signature((ARRAY,)),
    "States.Base64Encode": Signature((TEXT,)),
    "States.Base64Decode": Signature((TEXT,)),
    "States.Hash": Signature((ANY, TEXT)),
    "States.JsonMerge": Signature((OBJECT, OBJECT, BOOLEAN)),
    "States.MathRandom": Signature((INTEGER, INTEGER, INTEGER), optional=1),
    "States.MathAdd": Signature((NUMBER, NUMBER)),
    "States.StringSplit": Signature((TEXT, TEXT)),
    "States.UUID": Signature(()),
}
# The functions a Fail state's ErrorPath and CausePath may call: those that
# return a text (the Step Functions guide, "Fail workflow state").
TEXT_RESULTS = frozenset(
    (
        "States.Format",
        "States.JsonToString",
        "States.ArrayGetItem",
        "States.Base64Encode",
        "States.Base64Decode",
        "States.Hash",
        "States.UUID",
    )
)
_NAME = re.compile(r"States\.[A-Za-z0-9]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_KIND_WORDS = {
    TEXT: "a text",
    NUMBER: "a number",
    INTEGER: "an integer",
    BOOLEAN: "a boolean",
    ARRAY: "an array (a path or an intrinsic)",
    OBJECT: "a JSON object (a path or an intrinsic)",
}


@dataclass(frozen=True)
class IntrinsicError:
    """What is wrong, where (offset in the text), and whether it is a path's fault."""

    message: str
    offset: int
    in_path: bool = False
    at_run_time: bool = False  # a path's fault the service finds only when it runs


def is_intrinsic(text: str) -> bool:
    return text.startswith("States.")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str, offset: int | None = None) -> IntrinsicError:
        return IntrinsicError(message, self.pos if offset is None else offset)

    def blanks(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def call(self, depth: int) -> IntrinsicError | str:
        """A ``States.X(...)`` at ``pos``; on success its name."""
        start = self.pos
        if depth > MAX_NESTING:
            return self.fail(f"intrinsic functions nest at most {MAX_NESTING} deep")
        name_match = _NAME.match(self.text, self.pos)
        if name_match is None:
            return self.fail("an intrinsic function is written States.Name(...)")
        name = name_match.group()
        signature = FUNCTIONS.get(name)
        if signature is None:
            return self.fail(
                f"{name!r} is not an intrinsic function{did_you_mean(name, FUNCTIONS)}", start
            )
        self.pos = name_match.end()
        if self.pos >= len(self.text) or self.text[self.pos] != "(":
            return self.fail(f"`(` is expected after {name}")
        self.pos += 1
        kinds: list[tuple[str, int, str]] = []  # (kind, offset, literal text)
        self.blanks()
        if self.pos < len(self.text) and self.text[self.pos] == ")":
            self.pos += 1
        else:
            while True:
                self.blanks()
                argument = self.argument(depth)
                if isinstance(argument, IntrinsicError):
                    return argument
                kinds.append(argument)
                self.blanks()
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                if self.pos < len(self.text) and self.text[self.pos] == ")":
                    self.pos += 1
                    break
                return self.fail(f"`,` or `)` is expected in the arguments of {name}")
        error = self.check(name, signature, kinds, start)
        if error is not None:
            return error
        return name

    def argument(self, depth: int) -> IntrinsicError | tuple[str, int, str]:
        start = self.pos
        text = self.text
        if text.startswith("States.", self.pos):
            called = self.call(depth + 1)
            if isinstance(called, IntrinsicError):
                return called
            return "path", start, ""  # like a path: what it gives is known when it runs
        if self.pos < len(text) and text[self.pos] == "'":
            end = self.pos + 1
            while end < len(text) and text[end] != "'":
                if text[end] != "\\":
                    end += 1
                    continue
                # AWS refuses `\"`; whether it reads `\n`-like letters is unknown: left alone
                escaped = text[end + 1 : end + 2]
                if escaped not in ("'", "{", "}", "\\", "") and not escaped.isalnum():
                    return self.fail(
                        f"`\\{escaped}` is no escape: in a quoted text a"
                        " backslash escapes only ', {, } and \\",
                        end,
                    )
                end += 2
            if end >= len(text):
                return self.fail("the text in quotes is not closed with '", start)
            self.pos = end + 1
            return TEXT, start, text[start : self.pos]
        if self.pos < len(text) and text[self.pos] == "$":
            end = _path_end(text, self.pos)
            error: PathError | None = path_error(text[self.pos : end].rstrip())
            if error is not None:
                return IntrinsicError(
                    error.message, start + error.offset, in_path=True, at_run_time=error.at_run_time
                )
            self.pos = end
            return "path", start, ""
        number = _NUMBER.match(text, self.pos)
        if number is not None:
            self.pos = number.end()
            kind = INTEGER if re.fullmatch(r"-?\d+", number.group()) else NUMBER
            return kind, start, number.group()
        for word in ("true", "false", "null"):
            if text.startswith(word, self.pos):
                self.pos += len(word)
                return (BOOLEAN if word != "null" else "null"), start, word
        if self.pos < len(text) and text[self.pos] == '"':
            return self.fail("texts in intrinsic functions are quoted with ' (single quotes)")
        return self.fail(
            "an argument is a 'quoted text', a number, true, false, null, a path ($.x) or an"
            " intrinsic function"
        )

    def check(
        self, name: str, signature: Signature, args: list[tuple[str, int, str]], start: int
    ) -> IntrinsicError | None:
        params = signature.params
        fewest = len(params) - signature.optional
        most = None if signature.variadic else len(params)
        if len(args) < fewest or (most is not None and len(args) > most):
            if most is None:
                expected = f"at least {fewest}"
            elif fewest == most:
                expected = str(most)
            else:
                expected = f"{fewest} to {most}"
            noun = "argument" if expected == "1" else "arguments"
            return self.fail(f"{name} takes {expected} {noun}, not {len(args)}", start)
        for i, (kind, offset, literal) in enumerate(args):
            wanted = params[i] if i < len(params) else signature.variadic or ANY
            if not _fits(kind, wanted):
                shown = literal or "this value"
                return self.fail(
                    f"argument {i + 1} of {name} must be {_KIND_WORDS[wanted]}, not {shown}",
                    offset,
                )
            if name == "States.Hash" and i == 1 and literal:
                algorithm = literal[1:-1]
                if algorithm not in HASH_ALGORITHMS:
                    return self.fail(
                        f"{algorithm!r} is not a hash algorithm of States.Hash"
                        f" ({', '.join(HASH_ALGORITHMS)})",
                        offset,
                    )
            if name == "States.JsonMerge" and i == 2 and literal == "true":
                return self.fail(
                    "States.JsonMerge supports only a shallow merge: its third argument must be"
                    " false",
                    offset,
                )
        return None


def _fits(kind: str, wanted: str) -> bool:
    if kind in ("path", ANY) or wanted == ANY:
        return True  # known only when the machine runs
    if kind == "null":
        return False
    if wanted == NUMBER:
        return kind in (NUMBER, INTEGER)
    return kind == wanted


def _path_end(text: str, start: int) -> int:
    """Where a path argument ends: the ``,`` or ``)`` outside brackets and quotes."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char in "'\"":
            close = text.find(char, i + 1)
            i = close if close > 0 else len(text)
        elif char in "[(":
            depth += 1
        elif char in "])":
            if depth == 0:
                return i
            depth -= 1
        elif char == "," and depth == 0:
            return i
        i += 1
    return len(text)


def outer_function(text: str) -> str:
    """The name of the function an intrinsic call starts with (``States.Format``)."""
    found = _NAME.match(text)
    return found.group() if found else ""


def intrinsic_error(text: str) -> IntrinsicError | None:
    """Why ``text`` is not one intrinsic function call; None when it is one."""
    parser = _Parser(text)
    result = parser.call(depth=1)
    if isinstance(result, IntrinsicError):
        return result
    parser.blanks()
    if parser.pos < len(text):
        return parser.fail(f"unexpected {text[parser.pos]!r} after the intrinsic function")
    return None
