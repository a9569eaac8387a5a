"""How a reader call names its secret and its default.

A reader is a call matching ``secrets.readers``, or a *wrapper*: a function of
the same module that passes one of its parameters as the name to a reader
(``def envsecret(name, default=None): return os.getenv(name, default)``).
A call to a wrapper reads the name and default given to the wrapper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from lintkit.code.python.names import last_segment
from lintkit.code.python.strings import string_value

# A reader with one of these in its name reads nothing but secrets.
SECRET_READER = re.compile(r"(?i)secret|credential|password|vault")
# Where readers take the name from, besides their first positional argument.
NAME_KEYWORDS = ("name", "key", "secret_id", "SecretId", "secret_name", "secret", "var")
DEFAULT_KEYWORDS = ("default", "fallback")
# Readers written without a signature whose second positional argument is the default.
POSITIONAL_DEFAULT = {"get", "getenv", "setdefault", "str", "config"}
# (position, keyword) of the default, from a reader's signature (FactSettings.default_position)
Position = tuple[int | None, str | None]


@dataclass(frozen=True)
class Wrapper:
    """A same-module function that reads the secret its caller names."""

    pattern: str  # the secrets.readers pattern of the read inside it
    name_param: str
    name_index: int | None  # its position, if it may be passed positionally
    default_param: str | None
    default_index: int | None
    logs: bool  # it logs at warning+ or records telemetry itself


def name_argument(node: cst.Call | cst.Subscript) -> cst.BaseExpression | None:
    if isinstance(node, cst.Subscript):
        element = node.slice[0].slice if len(node.slice) == 1 else None
        return element.value if isinstance(element, cst.Index) else None
    for arg in node.args:
        if arg.keyword is None and not arg.star:
            return arg.value
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value in NAME_KEYWORDS:
            return arg.value
    for arg in node.args:  # access_secret_version(request={"name": ...})
        keyword = arg.keyword.value if arg.keyword is not None else ""
        if keyword == "request" and isinstance(arg.value, cst.Dict):
            for item in arg.value.elements:
                if (
                    isinstance(item, cst.DictElement)
                    and isinstance(item.key, cst.SimpleString)
                    and string_value(item.key) == "name"
                ):
                    return item.value
    return None


def default_argument(
    call: cst.Call, reader: str, position: Position | None = None
) -> cst.BaseExpression | None:
    """The default a reader returns when the secret is missing; None if none
    (an explicit ``None`` default is the same as none: the caller can tell).
    ``position``: where the reader's signature has it; None: no signature."""
    index, keyword = position if position is not None else (None, None)
    if position is None and last_segment(reader) in POSITIONAL_DEFAULT:
        index = 1
    value = None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in (*DEFAULT_KEYWORDS, keyword):
            value = arg.value
    positional = positional_arguments(call)
    if value is None and index is not None and len(positional) > index:
        value = positional[index]
    return _not_none(value)


def wrapper_arguments(
    call: cst.Call, wrapper: Wrapper
) -> tuple[cst.BaseExpression | None, cst.BaseExpression | None]:
    """(name, default) given to a wrapper."""
    positional = positional_arguments(call)
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}

    def argument(param: str | None, index: int | None) -> cst.BaseExpression | None:
        if param is None:
            return None
        if param in keywords:
            return keywords[param]
        if index is not None and index < len(positional):
            return positional[index]
        return None

    return (
        argument(wrapper.name_param, wrapper.name_index),
        _not_none(argument(wrapper.default_param, wrapper.default_index)),
    )


def positional_arguments(call: cst.Call) -> Sequence[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def _not_none(value: cst.BaseExpression | None) -> cst.BaseExpression | None:
    if isinstance(value, cst.Name) and value.value == "None":
        return None
    return value
