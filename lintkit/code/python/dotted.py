"""Python's dotted names and import maps, whichever of its parsers read the code.

The full extraction reads modules with libcst (``lintkit.code.python.names``), the
pre-screened ones with CPython's ast (``lintkit.code.python.light``); both must name
and resolve things identically, so what does not depend on the tree is here,
once, and imports no parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

CALL_MARK = "()"
ITEM_MARK = "[]"


def join(parts: Iterable[str]) -> str:
    """Name parts, outermost first, as one dotted name: ``["self", "billing",
    "cancel"]`` -> ``self.billing.cancel``; a call or item mark sticks to the part
    before it (``structlog.get_logger().warning``)."""
    text = ""
    for part in parts:
        if part in (CALL_MARK, ITEM_MARK):
            text += part
        else:
            text = f"{text}.{part}" if text else part
    return text


def package_of(module: str, is_package: bool) -> str:
    """The package relative imports start from: the module itself for an ``__init__``."""
    return module if is_package else module.rpartition(".")[0]


def relative(package: str, dots: int, base: str) -> str:
    """The module ``from <dots><base> import ...`` names, inside ``package``."""
    parts = package.split(".") if package else []
    if dots > 1:
        parts = parts[: len(parts) - (dots - 1)] if dots - 1 <= len(parts) else []
    return ".".join([*parts, base] if base else parts)


def resolve(imports: Mapping[str, str], name: str) -> str:
    """``getenv`` -> ``os.getenv`` after ``from os import getenv`` (``imports``: local
    name -> what it imports); call and item marks on the head are kept."""
    if not name:
        return name
    head, dot, rest = name.partition(".")
    call = ""
    for mark in (CALL_MARK, ITEM_MARK):
        if head.endswith(mark):
            head, call = head[: -len(mark)], mark + call
    full = imports.get(head)
    return name if full is None else f"{full}{call}{dot}{rest}"
