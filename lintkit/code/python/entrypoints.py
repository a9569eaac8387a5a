"""Entry points: functions a framework calls, which nothing in the code checked
for before they run (a route, a webhook handler, a task, a command)."""

from __future__ import annotations

from lintkit.code.python.index import FunctionInfo
from lintkit.code.python.names import dotted

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


def is_entry_point(info: FunctionInfo) -> bool:
    """Code a framework calls: decorated (a route, a task, a signal receiver), a
    request or job method, a public method of a class named for it
    (`StripeWebhookHandler.process`), or a module function named for it
    (`stripe_webhook`, `handle_portal_cancel`, `on_cancel`)."""
    node = info.node
    for decorator in node.decorators:
        name = dotted(decorator.decorator).replace("()", "")
        if name and name.rsplit(".", 1)[-1] not in _PLAIN_DECORATORS:
            return True
    name = node.name.value
    if info.class_name is not None:
        owner = info.class_name.rsplit(".", 1)[-1].lower()
        return name in _HANDLER_METHODS or (
            not name.startswith("_") and any(word in owner for word in _ENTRY_WORDS)
        )
    if info.parent is not None:
        return False  # a nested function: its enclosing function decides
    lowered = name.lower()
    return lowered.startswith(("handle_", "on_", "process_")) or any(
        word in lowered for word in _ENTRY_WORDS
    )
