"""Entry points: functions a framework calls, which nothing in the code checked
for before they run (a route, a webhook handler, a task, a command).

Decided from names alone, so that both parsers (libcst, and CPython's ast for
pre-screened modules) give every function the same ``Function.entry``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Decorators that say nothing about who calls the function.
_PLAIN_DECORATORS = frozenset(
    {
        "classmethod",
        "staticmethod",
        "property",
        "cached_property",
        "abstractmethod",
        "overload",
        "override",
        "wraps",
        "lru_cache",
        "cache",
        "contextmanager",
        "asynccontextmanager",
        "atomic",
        "dataclass",
        "singledispatch",
        "singledispatchmethod",
        "total_ordering",
        "deprecated",
        "setter",
        "getter",
        "deleter",
        "fixture",
    }
)
# Methods a framework calls for a request, a job or a command.
_HANDLER_METHODS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "dispatch",
        "handle",
        "mutate",
        "perform_mutation",
        "create",
        "update",
        "partial_update",
        "destroy",
        "perform_create",
        "perform_update",
        "perform_destroy",
        "form_valid",
        "run",
        "__call__",
    }
)
_ENTRY_WORDS = (
    "webhook",
    "handler",
    "callback",
    "endpoint",
    "view",
    "route",
    "task",
    "listener",
    "consumer",
    "receiver",
    "subscriber",
)


def entry_kind(
    name: str, class_name: str | None, nested: bool, decorators: Iterable[str]
) -> str | None:
    """How a framework calls the function (``Function.entry``), or None.

    "decorated": a decorator that is not a plain one (a route, a task, a signal
    receiver); "method": a request or job method, or a public method of a class
    named for it (`StripeWebhookHandler.process`); "named": a module function
    named for it (`stripe_webhook`, `handle_portal_cancel`, `on_cancel`). A
    function nested in another is not one: its enclosing function decides.
    """
    for decorator in decorators:
        plain = decorator.replace("()", "")
        if plain and plain.rsplit(".", 1)[-1] not in _PLAIN_DECORATORS:
            return "decorated"
    if class_name is not None:
        owner = class_name.rsplit(".", 1)[-1].lower()
        handles = name in _HANDLER_METHODS or (
            not name.startswith("_") and any(word in owner for word in _ENTRY_WORDS)
        )
        return "method" if handles else None
    if nested:
        return None
    lowered = name.lower()
    if lowered.startswith(("handle_", "on_", "process_")) or any(
        word in lowered for word in _ENTRY_WORDS
    ):
        return "named"
    return None
