"""Calls that make something visible: log calls and their level, reports.

A fallback is "reported" when a log call at warning or above, a telemetry
call that is not a log call, a warning, an error-tracker capture or a raise
happens on its path.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from lintkit.code.python.names import last_segment
from lintkit.code.python.strings import string_value
from lintkit.code.settings import FactSettings

LEVELS = {
    "trace": 5,
    "debug": 10,
    "info": 20,
    "msg": 20,  # structlog
    "success": 25,  # loguru
    "warn": 30,
    "warning": 30,
    "error": 40,
    "exception": 40,
    "critical": 50,
    "fatal": 50,
}
LEVEL_NAMES = {
    5: "trace",
    10: "debug",
    20: "info",
    25: "success",
    30: "warning",
    40: "error",
    50: "critical",
}
WARNING = 30

# Calls that are loud on their own: the process stops or a warning is shown.
_LOUD = {"warnings.warn", "sys.exit", "os._exit", "exit", "abort", "flask.abort", "quit"}

# Methods of loggers and metric clients that configure rather than record.
NOT_RECORDING = frozenset(
    {
        "getLogger",
        "get_logger",
        "getChild",
        "setLevel",
        "addHandler",
        "removeHandler",
        "addFilter",
        "removeFilter",
        "basicConfig",
        "dictConfig",
        "fileConfig",
        "captureWarnings",
        "bind",
        "unbind",
        "new",
        "configure",
        "isEnabledFor",
        "disable",
        "enable",
        "remove",
        "add",
        "opt",
        "patch",
        "contextualize",
        "flush",
        "shutdown",
        "close",
        "init",
        "setFormatter",
        "hasHandlers",
        "getEffectiveLevel",
        "getLevelName",
        "makeRecord",
        "handle",
        "Logger",
        "LoggerAdapter",
        "Handler",
        "StreamHandler",
        "FileHandler",
        "NullHandler",
        "Formatter",
        "Filter",
        "get_tracer",
        "get_meter",
        "get_tracer_provider",
        "get_meter_provider",
        "set_tracer_provider",
        "set_meter_provider",
        "create_counter",
        "create_histogram",
        "create_up_down_counter",
        "create_gauge",
        "Client",
        "StatsClient",
        "TCPStatsClient",
        "DogStatsd",
        "Posthog",
        "Mixpanel",
        "Amplitude",
        "Counter",
        "Gauge",
        "Histogram",
        "Summary",
        "labels",
    }
)


# What makes a name telemetry whatever it is called: the calls that create a
# logger, an analytics client or a metric (imports resolved). A method called on
# a name bound to one is matched against `telemetry.calls` as if written on the
# factory: ``billing_logger.info(...)`` as ``logging.getLogger().info(...)``.
TELEMETRY_FACTORIES = frozenset(
    {
        "logging.getLogger",
        "logging.LoggerAdapter",
        "structlog.get_logger",
        "structlog.getLogger",
        "structlog.wrap_logger",
        "structlog.stdlib.get_logger",
        "celery.utils.log.get_task_logger",
        "celery.utils.log.get_logger",
        "loguru.logger.bind",
        "loguru.logger.opt",
        "posthog.Posthog",
        "posthog.Client",
        "analytics.Client",
        "segment.analytics.Client",
        "mixpanel.Mixpanel",
        "amplitude.Amplitude",
        "statsd.StatsClient",
        "statsd.TCPStatsClient",
        "datadog.DogStatsd",
        "datadog.dogstatsd.DogStatsd",
        "prometheus_client.Counter",
        "prometheus_client.Gauge",
        "prometheus_client.Histogram",
        "prometheus_client.Summary",
    }
)
# Methods of a bound logger or client that give another one (`logger.getChild("x")`).
DERIVING = frozenset({"getChild", "bind", "new", "opt", "labels"})

Bound = Mapping[str, str]  # a name (`billing_logger`, `self.log`) -> the factory it came from


def bound_receiver(callee: str, bound: Bound) -> str | None:
    """The factory of the telemetry object a call is made on, if it is one:
    ``billing_logger.info`` or ``REQUESTS.labels().inc`` with the name bound."""
    spelled = as_made(callee, bound)
    return spelled.split("()", 1)[0] if spelled is not None else None


def as_made(callee: str, bound: Bound | None) -> str | None:
    """The call spelled with the factory of the object it is made on, when that
    object is bound to one: ``billing_logger.info`` -> ``logging.getLogger().info``."""
    if not bound or "." not in callee:
        return None
    receiver = callee.rsplit(".", 1)[0]
    if receiver not in bound and "()" in receiver:
        receiver = receiver.split("()", 1)[0].rsplit(".", 1)[0]
    factory = bound.get(receiver)
    return f"{factory}(){callee[len(receiver) :]}" if factory is not None else None


def telemetry_pattern(
    callee: str, resolved: str, settings: FactSettings, bound: Bound | None = None
) -> str | None:
    """The `telemetry.calls` pattern a call matches, if it records something (or,
    on a name bound to a logger or client, the factory it came from)."""
    if not callee or last_segment(callee) in NOT_RECORDING:
        return None
    found = settings.telemetry.match(callee) or settings.telemetry.match(resolved)
    if found is None and bound:
        # configured patterns decide, over the call as its object was made
        spelled = as_made(callee, bound)
        found = settings.telemetry.match(spelled) if spelled is not None else None
    return found


def log_level(
    callee: str,
    call: cst.Call,
    settings: FactSettings,
    resolved: str = "",
    bound: Bound | None = None,
) -> int | None:
    """The level of a log call (``logger.warning(...)``), or None if it is not one."""
    if "." not in callee and "." in resolved:
        callee = resolved  # `warning(...)` after `from logging import warning`
    method = last_segment(callee)
    receiver = callee[: -len(method)].rstrip(".")
    looks_like_logger = (
        "log" in receiver.lower()
        or bool(settings.telemetry.match(callee))
        or "log" in (bound_receiver(callee, bound or {}) or "").lower()
    )
    if not receiver or not looks_like_logger:
        return None
    if method == "log":
        return _explicit_level(call)
    return LEVELS.get(method)


def _explicit_level(call: cst.Call) -> int | None:
    """``logger.log(logging.WARNING, ...)`` / ``logger.log("WARNING", ...)``."""
    if not call.args:
        return None
    value = call.args[0].value
    if isinstance(value, cst.Integer):
        try:
            return int(value.value)
        except ValueError:
            return None
    if isinstance(value, (cst.Attribute, cst.Name)):
        name = value.attr.value if isinstance(value, cst.Attribute) else value.value
        return LEVELS.get(name.lower())
    if isinstance(value, cst.SimpleString):
        text = string_value(value)
        return LEVELS.get(text.lower()) if text is not None else None
    return None


def reports(
    callee: str, resolved: str, call: cst.Call, settings: FactSettings, bound: Bound | None = None
) -> bool:
    """Whether this call, on a fallback path, makes the fallback visible."""
    level = log_level(callee, call, settings, resolved, bound)
    if level is not None:
        return level >= WARNING
    if resolved in _LOUD or callee in _LOUD:
        return True
    if last_segment(callee) == "print":
        return any(
            a.keyword is not None and a.keyword.value == "file" and "stderr" in _text(a.value)
            for a in call.args
        )
    return telemetry_pattern(callee, resolved, settings, bound) is not None


def _text(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""
