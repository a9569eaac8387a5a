"""Settings libraries whose reads no reader pattern names.

django-environ and environs: a name bound to ``environ.Env()`` reads a setting
when called (``env("X", cast, default)``) or through its methods
(``env.str("X", default)``). django-configurations: ``values.Value(default,
environ_name="X")`` in a configuration class reads ``DJANGO_X`` (the attribute's
name when ``environ_name`` is not given; ``environ_prefix`` replaces
``DJANGO``). pydantic: a field of a ``BaseSettings`` class is read from the
environment, its default (``api_key: str = "..."``, ``Field("...")``) used when
the variable is not set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from lintkit.code.model import SecretRead
from lintkit.code.python.context import Context
from lintkit.code.python.names import dotted, last_segment
from lintkit.code.python.readers import default_argument, name_argument, positional_arguments
from lintkit.code.python.secrets import ReaderCall, make_fallback
from lintkit.code.python.strings import string_value

_CONFIGURATIONS_VALUE = re.compile(r"configurations\.values\.\w*Value$")
_PYDANTIC_SETTINGS = frozenset(
    {"pydantic_settings.BaseSettings", "pydantic.BaseSettings", "pydantic.v1.BaseSettings"}
)


def library_reader(
    ctx: Context, node: cst.Call, callee: str, resolved: str, stack: Sequence[cst.CSTNode]
) -> ReaderCall | None:
    env = ctx.index.env_readers
    if callee in env:  # Env.__call__(var, cast=None, default=NOTSET)
        default = default_argument(node, "", (2, "default"))
        return ReaderCall(callee, "environ.Env", False, name_argument(node), default)
    if "." in callee and callee.rsplit(".", 1)[0] in env:  # env.str(var, default=NOTSET)
        default = default_argument(node, "", (1, "default"))
        return ReaderCall(callee, "environ.Env", False, name_argument(node), default)
    if _CONFIGURATIONS_VALUE.match(resolved):
        return _configurations_value(node, callee, stack)
    return None


def _configurations_value(
    node: cst.Call, callee: str, stack: Sequence[cst.CSTNode]
) -> ReaderCall | None:
    keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    environ = keywords.get("environ")
    if isinstance(environ, cst.Name) and environ.value == "False":
        return None
    name = _string(keywords.get("environ_name")) or _assigned_to(stack)
    if not name:
        return None
    prefix: str | None = "DJANGO"
    if "environ_prefix" in keywords:
        prefix = _string(keywords["environ_prefix"])
    full = f"{prefix}_{name}" if prefix else name
    positional = positional_arguments(node)
    default = keywords.get("default") or (positional[0] if positional else None)
    if isinstance(default, cst.Name) and default.value == "None":
        default = None
    return ReaderCall(callee, "configurations.values", False, None, default, known_names=(full,))


def _string(node: cst.BaseExpression | None) -> str | None:
    return string_value(node) if isinstance(node, cst.SimpleString) else None


def _assigned_to(stack: Sequence[cst.CSTNode]) -> str | None:
    """``DB_PASSWORD = values.Value(...)``: the attribute the value is assigned to."""
    parent = stack[-2] if len(stack) > 1 else None
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    return None


def settings_fields(ctx: Context, node: cst.AnnAssign, class_name: str) -> SecretRead | None:
    """A secret-named field of a pydantic ``BaseSettings`` class, with its default."""
    bases = ctx.index.bases.get(class_name, [])
    if not any(ctx.resolve(b) in _PYDANTIC_SETTINGS for b in bases):
        return None
    if not isinstance(node.target, cst.Name) or node.value is None:
        return None
    name = node.target.value
    if not ctx.settings.secret_names.search(name):
        return None
    default: cst.BaseExpression | None = node.value
    if isinstance(default, cst.Call):
        keywords = {a.keyword.value: a.value for a in default.args if a.keyword is not None}
        positional = positional_arguments(default)
        if last_segment(dotted(default.func)) == "Field":
            default = keywords.get("default") or (positional[0] if positional else None)
        else:  # SecretStr("..."): the value it wraps
            default = positional[0] if positional else None
    if default is None or isinstance(default, cst.Ellipsis):
        return None  # required: no default
    return SecretRead(
        reader=f"{class_name} (pydantic settings)",
        pattern="pydantic.BaseSettings",
        names=(name,),
        name_location=ctx.loc(node.target),
        location=ctx.loc(node),
        function=None,
        fallback=make_fallback(ctx, "default-argument", default),
        reported=False,
        reported_by=None,
    )
