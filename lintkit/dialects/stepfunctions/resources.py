"""What a Task's ``Resource`` calls, and whether that sends something to a person.

A Task names its work by ARN: an optimized integration
(``arn:aws:states:::sns:publish``), an SDK integration
(``arn:aws:states:::aws-sdk:sesv2:sendEmail``), a Lambda function, an activity.
All of them reduce to a ``service:action`` name (``sns:publish``) that the
``stepfunctions.message-actions`` globs are matched against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

# Integrations that deliver to a person (email, SMS, push, voice, chat). SNS is
# in: a topic's subscribers are usually people (email/SMS), even operators.
DEFAULT_MESSAGE_ACTIONS = (
    "sns:publish",
    "sns:publishBatch",
    "ses:send*",
    "sesv2:send*",
    "pinpoint:send*",
    "pinpointsmsvoice:send*",
    "pinpointsmsvoicev2:send*",
    "socialmessaging:send*",
    "connect:startOutbound*",
)

_STATES_ARN = re.compile(r"^arn:[^:]*:states:[^:]*:[^:]*:(?P<rest>.+)$")
_LAMBDA_ARN = re.compile(r"^arn:[^:]*:lambda:[^:]*:[^:]*:function:[^:]+")
# Service integration patterns: run a job and wait (.sync), or wait for a callback.
_PATTERN = re.compile(r"\.(?P<pattern>sync(?::\d+)?|waitForTaskToken)$")


@dataclass(frozen=True)
class Action:
    """``service:action`` of a Task, e.g. ``sns:publish``; empty when unknown."""

    service: str
    action: str
    pattern: str = ""  # "", "sync", "sync:2", "waitForTaskToken"

    @property
    def name(self) -> str:
        return f"{self.service}:{self.action}" if self.service else ""


def parse_resource(resource: Any) -> Action:
    """The action a ``Resource`` names; ``Action("", "")`` for a ${placeholder}."""
    if not isinstance(resource, str):
        return Action("", "")
    match = _STATES_ARN.match(resource)
    if match:
        rest = match.group("rest")
        pattern = ""
        suffix = _PATTERN.search(rest)
        if suffix:
            pattern = suffix.group("pattern")
            rest = rest[: suffix.start()]
        parts = rest.split(":")
        if parts[0] == "aws-sdk" and len(parts) >= 3:
            return Action(parts[1], parts[2], pattern)
        if parts[0] == "activity":
            return Action("activity", parts[1] if len(parts) > 1 else "", pattern)
        if len(parts) >= 2:
            return Action(parts[0], parts[1], pattern)
        return Action("", "")
    if _LAMBDA_ARN.match(resource):
        return Action("lambda", "invoke")
    return Action("", "")


def matches_any(text: str, patterns: Iterable[str]) -> bool:
    """Case-insensitive glob match (AWS SDK action names vary in case)."""
    folded = text.lower()
    return any(fnmatchcase(folded, p.lower()) for p in patterns)


@dataclass(frozen=True)
class Delivery:
    channel: str | None
    template: str | None


_PINPOINT_CHANNELS = {
    "EmailMessage": "email",
    "SMSMessage": "sms",
    "VoiceMessage": "voice",
    "APNSMessage": "push",
    "GCMMessage": "push",
    "BaiduMessage": "push",
    "ADMMessage": "push",
    "DefaultPushNotificationMessage": "push",
}


def delivery(action: Action, payload: Any) -> Delivery:
    """Channel and template of a message Task, from its Parameters/Arguments."""
    args: Mapping[str, Any] = payload if isinstance(payload, dict) else {}
    service, name = action.service.lower(), action.action.lower()
    if service == "sns":
        return Delivery("sms" if "PhoneNumber" in args or "PhoneNumber.$" in args else "sns", None)
    if service == "ses":
        return Delivery("email", _literal(args, "Template"))
    if service == "sesv2":
        return Delivery("email", _literal(args, "Content", "Template", "TemplateName"))
    if service == "pinpoint":
        request = dig(args, "MessageRequest") or dig(args, "SendUsersMessageRequest") or {}
        channel = "pinpoint"
        configs = dig(request, "MessageConfiguration")
        if isinstance(configs, dict):
            found = {_PINPOINT_CHANNELS[k] for k in configs if k in _PINPOINT_CHANNELS}
            if len(found) == 1:
                channel = found.pop()
        template = None
        templates = dig(request, "TemplateConfiguration")
        if isinstance(templates, dict):
            names = [_literal(t, "Name") for t in templates.values() if isinstance(t, dict)]
            template = next((n for n in names if n), None)
        return Delivery(channel, template)
    if service.startswith("pinpointsmsvoice"):
        return Delivery("voice" if "voice" in name else "sms", None)
    if service == "socialmessaging":
        return Delivery("whatsapp", None)
    if service == "connect":
        return Delivery("voice", None)
    return Delivery(None, None)


def dig(data: Any, *keys: str) -> Any:
    """The value at ``keys`` in nested objects; None where one is missing or no object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _literal(data: Any, *keys: str) -> str | None:
    """A string written literally at ``keys`` (not a ``.$`` path, not JSONata)."""
    value = dig(data, *keys)
    if isinstance(value, str) and not value.lstrip().startswith("{%"):
        return value
    return None
