"""What the incident rules (WF2xx) share: which messages reach a person."""

from __future__ import annotations

from collections.abc import Callable

from lintkit.plugins.rule import Option, Rule
from lintkit.project.outline import StepOutline
from lintkit.workflow.ir import Step, StepKind

INTERNAL_CHANNELS = Option(
    "messages.internal-channels",
    [
        "slack",
        "webhook",
        "discord",
        "mattermost",
        "teams",
        "google_chat",
        "rocketchat",
        "zulip",
        "matrix",
    ],
    "Message channels that reach your team or your systems, not the person (team"
    " chats such as n8n's Slack, Discord or Mattermost nodes): a"
    " filtered-out, doubly enrolled or bulk-enrolled person reaching one of them"
    " is not reported.",
    "list[string]",
)


def reaches_person(rule: Rule) -> Callable[[Step | StepOutline], bool]:
    """A test for message steps (or their outlines) that send to the person (not to an
    internal channel)."""
    internal = set(rule.option(INTERNAL_CHANNELS.name))
    return lambda step: step.kind is StepKind.MESSAGE and step.channel not in internal


def template_text(step: Step) -> str:
    """``message 'send' (template 'welcome')``; without a template, ``message 'send'``."""
    template = f" (template '{step.template}')" if step.template else ""
    return f"message '{step.id}'{template}"
