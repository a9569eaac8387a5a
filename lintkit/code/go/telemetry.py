"""Which Go calls record telemetry: loggers (log, log/slog, zap, zerolog, logrus,
klog...), product analytics (PostHog's and Segment's ``client.Enqueue(posthog.Capture{...})``,
``Track``/``Capture`` methods), metrics (Prometheus, OpenTelemetry, statsd) and
error trackers, plus the configured ``telemetry.calls`` patterns.

A Go logger is known by what its name says or by the package it comes from
(``slog.Info``, ``zap.L().Info``, ``s.logger.Warn``, ``log.Warn().Err(err).Msg``);
a chain of calls records once, at its last call.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tree_sitter import Node

from lintkit.code.go.index import GoIndex
from lintkit.code.go.syntax import arguments, dotted, keyed, unwrap
from lintkit.code.settings import FactSettings

LEVELS = {"trace": 5, "debug": 10, "info": 20, "warning": 30, "error": 40, "critical": 50}
WARNING = 30

_LOG_METHOD = re.compile(
    r"^(Trace|Debug|Info|Warn|Warning|Error|Fatal|Panic|Print|Log)(f|w|ln|Context|Attrs)?$|^(Msg|Msgf|Send)$"
)
_LEVEL_WORD = {
    "Trace": "trace",
    "Debug": "debug",
    "Info": "info",
    "Print": "info",
    "Log": "info",
    "Warn": "warning",
    "Warning": "warning",
    "Error": "error",
    "Fatal": "critical",
    "Panic": "critical",
}
# Packages whose functions log: the import path's last element.
_LOG_PACKAGES = re.compile(
    r"(^|/)(log|slog|logrus|zap|zerolog|klog|glog|hclog|logr|logging|logger|zlog|log15|logxi|apex/log)$"
)
# A variable or field that holds a logger: `logger`, `s.log`, `billingLogger`, `h.zl`.
_LOGGER_NAME = re.compile(
    r"^(?i:log|logger|lg|sugar|slog|zlog|zl|zlogger|l|lggr|logr)$|(Logger|Log|_logger|_log)$"
)
_METRIC_NAME = re.compile(
    r"(?i)(counter|total|metric|histogram|gauge|summary|observer|requests|errors|latency|duration|count)s?$"
)
_STATSD_NAME = re.compile(r"(?i)(statsd|stats|dogstatsd|metrics|dd|datadog)(client)?$")
_ANALYTICS_METHODS = ("Enqueue", "Capture", "Track")
_SPAN_METHODS = ("AddEvent", "RecordError", "SetStatus")
_METRIC_METHODS = ("Inc", "Dec", "Observe", "Add", "Set", "Record")
_STATSD_METHODS = ("Incr", "Decr", "Count", "Gauge", "Histogram", "Distribution", "Timing", "Event")
_ANALYTICS_PACKAGES = re.compile(r"(?i)posthog|segment|analytics|rudder|amplitude|mixpanel|june")
_ANALYTICS_TYPES = {
    "Capture",
    "Track",
    "Identify",
    "Page",
    "Screen",
    "Alias",
    "Group",
    "GroupIdentify",
}
_EVENT_KEYS = ("Event", "EventType", "Name")
# Methods that set a logger or client up rather than record.
_SETUP = re.compile(
    r"^(New\w*|Must\w*|Register\w*|Sync|With\w*|Named|Sugar|Desugar|Set\w+|Level|Writer|Enabled|Handler|Output|Flags|Prefix|Close|Flush|Start|End|Init\w*|Get\w*|Ctx|FromContext|Default|Logger|L|S)$"
)


class Telemetry(NamedTuple):
    pattern: str  # what it matched: a configured pattern, or the built-in kind
    level: str | None  # for a log call
    event: Node | None  # the argument holding the event name
    is_log: bool
    stdlib_print: bool  # Go's `log.Print*`: no level, always printed


def _segments(callee: str) -> list[str]:
    return [s.removesuffix("()") for s in callee.split(".")]


def recognise(call: Node, callee: str, index: GoIndex, settings: FactSettings) -> Telemetry | None:
    """The call as a telemetry call, or None. ``callee`` is its dotted name."""
    if not callee:
        return None
    resolved, package = index.resolve(callee), head_path(callee, index)
    if not may_be_telemetry(callee, resolved, package, settings):
        return None  # most calls: known from their name alone, once a name
    found = _recognise(call, callee, resolved, package, index, settings)
    # asked last: it climbs the tree
    return None if found is None or _inner_of_chain(call) else found


def may_be_telemetry(callee: str, resolved: str, package: str, settings: FactSettings) -> bool:
    """Whether a call of this name (``resolved``: with imports resolved; ``package``:
    its ``head_path``) may be telemetry: one ``recognise`` knows by itself, or one a
    configured pattern names."""
    return (
        may_record(callee, package)
        or settings.telemetry.match(resolved) is not None
        or settings.telemetry.match(callee) is not None
    )


def head_path(callee: str, index: GoIndex) -> str:
    """The import path of the package a call's name starts with; "" for none."""
    return index.imports.get(callee.split(".", 1)[0].removesuffix("()"), "")


@lru_cache(maxsize=16384)
def may_record(callee: str, package: str) -> bool:
    """Whether a call of this name (``package``: its ``head_path``) may be one
    ``recognise`` knows by itself, whatever its arguments; the configured
    patterns aside."""
    segments = _segments(callee)
    return (
        segments[-1] in _ANALYTICS_METHODS
        or _logs(segments, package)
        or _metric(segments, package) is not None
    )


def _logs(segments: list[str], package: str) -> bool:
    """A logger's method: on a logger's name, or a function of a logging package."""
    method, receivers = segments[-1], segments[:-1]
    if not receivers or not _LOG_METHOD.match(method) or _SETUP.match(method):
        return False
    by_package = bool(package) and bool(_LOG_PACKAGES.search(package))
    return by_package or any(_LOGGER_NAME.search(s) for s in receivers)


def _recognise(
    call: Node, callee: str, resolved: str, package: str, index: GoIndex, settings: FactSettings
) -> Telemetry | None:
    segments = _segments(callee)
    method = segments[-1]
    if method in _ANALYTICS_METHODS:
        found = _analytics(call, index, method)
        if found is not None:
            return found
    if _logs(segments, package):
        level = _level(segments)
        stdlib = package == "log" and len(segments) == 2
        return Telemetry("go:log", level, _first_string_argument(call), True, stdlib)
    metric = _metric(segments, package)
    if metric is not None:
        return Telemetry(
            metric,
            None,
            _first_string_argument(call) if method in ("AddEvent", "Event") else None,
            False,
            False,
        )
    pattern = settings.telemetry.match(resolved) or settings.telemetry.match(callee)
    if pattern is not None and not _SETUP.match(method) and method not in ("Enqueue",):
        is_log = pattern.lower().startswith(("log", "_log", "logging", "structlog"))
        level = _level(segments) if is_log else None
        return Telemetry(pattern, level, _first_string_argument(call), is_log, False)
    return None


def _inner_of_chain(call: Node) -> bool:
    """``log.Info()`` in ``log.Info().Msg("x")``: the chain records at its end."""
    parent = call.parent
    return (
        parent is not None
        and parent.type == "selector_expression"
        and parent.parent is not None
        and parent.parent.type == "call_expression"
    )


def _level(segments: list[str]) -> str | None:
    for segment in reversed(segments):
        word = re.match(r"^(Trace|Debug|Info|Print|Log|Warning|Warn|Error|Fatal|Panic)", segment)
        if word is not None:
            return _LEVEL_WORD[word.group(1)]
    return None


def _analytics(call: Node, index: GoIndex, method: str) -> Telemetry | None:
    for arg in arguments(call):
        literal = unwrap(arg)
        if literal is None or literal.type != "composite_literal":
            continue
        kind = dotted(literal.child_by_field_name("type"))
        package, _, type_name = index.resolve(kind).rpartition(".")
        if type_name in _ANALYTICS_TYPES and _ANALYTICS_PACKAGES.search(package or kind):
            event = next((v for k in _EVENT_KEYS if (v := keyed(literal, k)) is not None), None)
            return Telemetry(f"go:{type_name.lower()}", None, event, False, False)
    if method in ("Capture", "Track"):
        return Telemetry(f"go:{method.lower()}", None, _first_string_argument(call), False, False)
    return None


def _metric(segments: list[str], package: str) -> str | None:
    method = segments[-1]
    receivers = segments[:-1]
    if not receivers:
        return None
    last = receivers[-1]
    if method in _SPAN_METHODS:
        return "go:span"
    if "sentry" in package and method.startswith("Capture"):
        return "go:sentry"
    if method in _METRIC_METHODS and (
        "WithLabelValues" in receivers or "With" in receivers or _METRIC_NAME.search(last)
    ):
        return "go:metric"
    if method in _STATSD_METHODS and _STATSD_NAME.search(last):
        return "go:statsd"
    return None


def _first_string_argument(call: Node) -> Node | None:
    """The argument that names what is recorded: the first that is not a context
    or an error (``slog.InfoContext(ctx, "msg")``, ``log.Printf("msg %s", x)``)."""
    for arg in arguments(call):
        if arg.type in ("identifier", "selector_expression") and _context_like(arg):
            continue
        if arg.type in _NAMED:
            return arg
        return None
    return None


_NAMED = (
    "interpreted_string_literal",
    "raw_string_literal",
    "call_expression",
    "identifier",
    "selector_expression",
    "binary_expression",
)


def _context_like(node: Node) -> bool:
    name = dotted(node).rsplit(".", 1)[-1]
    return name in ("ctx", "c", "r", "req", "err", "w") or name.lower().endswith(("ctx", "context"))
