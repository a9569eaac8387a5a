"""Calls that make something visible: log calls and their level, reports.

A fallback is "reported" when a log call at warning or above, a telemetry
call that is not a log call, a warning, an error-tracker capture or a raise
happens on its path.
"""

from __future__ import annotations

import libcst as cst

from lintkit.code.python.names import last_segment
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
        "DogStatsd",
    }
)


def telemetry_pattern(callee: str, resolved: str, settings: FactSettings) -> str | None:
    """The `telemetry.calls` pattern a call matches, if it records something."""
    if not callee or last_segment(callee) in NOT_RECORDING:
        return None
    return settings.telemetry.match(callee) or settings.telemetry.match(resolved)


def log_level(
    callee: str, call: cst.Call, settings: FactSettings, resolved: str = ""
) -> int | None:
    """The level of a log call (``logger.warning(...)``), or None if it is not one."""
    if "." not in callee and "." in resolved:
        callee = resolved  # `warning(...)` after `from logging import warning`
    method = last_segment(callee)
    receiver = callee[: -len(method)].rstrip(".")
    looks_like_logger = "log" in receiver.lower() or bool(settings.telemetry.match(callee))
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
        text = value.evaluated_value
        return LEVELS.get(text.lower()) if isinstance(text, str) else None
    return None


def reports(callee: str, resolved: str, call: cst.Call, settings: FactSettings) -> bool:
    """Whether this call, on a fallback path, makes the fallback visible."""
    level = log_level(callee, call, settings, resolved)
    if level is not None:
        return level >= WARNING
    if resolved in _LOUD or callee in _LOUD:
        return True
    if last_segment(callee) == "print":
        return any(
            a.keyword is not None and a.keyword.value == "file" and "stderr" in _text(a.value)
            for a in call.args
        )
    return telemetry_pattern(callee, resolved, settings) is not None


def _text(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    return ""
