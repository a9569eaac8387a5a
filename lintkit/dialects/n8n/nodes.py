"""What lintkit knows about n8n node types: which start a run, which message a
person (and on which channel), which return many items, which hold or batch them.

Node types are written as in the JSON (``n8n-nodes-base.gmail``). A node's
``parameters`` hold only values that differ from the node's defaults, so an
absent ``resource`` or ``operation`` is the default one (noted per node below,
from the node's description in n8n-io/n8n packages/nodes-base/nodes/).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BASE = "n8n-nodes-base."
LANGCHAIN = "@n8n/n8n-nodes-langchain."

MANUAL_TRIGGERS = frozenset({BASE + "manualTrigger", BASE + "start"})
# Trigger nodes whose type name does not end in "Trigger".
OTHER_TRIGGERS = frozenset(
    {
        BASE + "webhook",
        BASE + "cron",
        BASE + "interval",
        BASE + "emailReadImap",
        BASE + "rssFeedReadTrigger",
    }
)
# Started by another workflow (Execute Workflow) or by n8n itself, not by a person.
INTERNAL_TRIGGERS = frozenset(
    {BASE + "executeWorkflowTrigger", BASE + "errorTrigger", BASE + "n8nTrigger"}
)
SCHEDULES = frozenset({BASE + "scheduleTrigger", BASE + "cron", BASE + "interval"})

IF = BASE + "if"
FILTER = BASE + "filter"
SWITCH = BASE + "switch"
WAIT = BASE + "wait"
LOOP = BASE + "splitInBatches"
EXECUTE_WORKFLOW = BASE + "executeWorkflow"
STICKY = BASE + "stickyNote"

# AI sub-nodes (models, memories, tools...) a root node (an agent, a chain) calls
# through ``ai_*`` connections; they have no main input. n8n keeps those
# connections under the sub-node, so one wired to nothing has none: its type tells.
# What each is to the node that calls it, by its connection type or type name.
_SUB_NODE_WORDS = (
    ("ai_languageModel", ("lm",), "a model"),
    ("ai_tool", ("tool", "agentTool", "mcpClientTool"), "a tool"),
    ("ai_memory", ("memory",), "a memory"),
    ("ai_embedding", ("embeddings",), "an embeddings model"),
    ("ai_outputParser", ("outputParser",), "an output parser"),
    ("ai_retriever", ("retriever",), "a retriever"),
    ("ai_textSplitter", ("textSplitter",), "a text splitter"),
    ("ai_document", ("document",), "a document loader"),
    ("ai_reranker", ("reranker",), "a reranker"),
)
_SUB_NODE_PREFIXES = tuple(prefix for _, prefixes, _ in _SUB_NODE_WORDS for prefix in prefixes)
_MAIN_NODES = frozenset({LANGCHAIN + "memoryManager"})  # a main node with an ai_memory input


def sub_node_word(kind: str, connection_types: set[str]) -> str:
    """'a tool', 'a model'... for a sub-node of type ``kind`` whose outgoing
    connections are of ``connection_types``."""
    local = kind[len(LANGCHAIN) :] if kind.startswith(LANGCHAIN) else ""
    for connection, prefixes, word in _SUB_NODE_WORDS:
        if connection in connection_types or (local and local.startswith(prefixes)):
            return word
    return "a tool" if kind.endswith("Tool") else "an AI sub-node"


def is_sub_node(kind: str) -> bool:
    """Whether a node type is an AI sub-node (``...langchain.toolCalculator``, a
    node's tool variant ``n8n-nodes-base.googleCalendarTool``)."""
    if kind in _MAIN_NODES:
        return False
    if kind.startswith(LANGCHAIN):
        return kind[len(LANGCHAIN) :].startswith(_SUB_NODE_PREFIXES)
    return kind.startswith(BASE) and kind.endswith("Tool")


@dataclass(frozen=True)
class Channel:
    """A node type that sends a message: its channel, the operations that send
    (None: every operation), the defaults of ``resource``/``operation``, and the
    parameter that names the recipient."""

    channel: str
    sends: frozenset[tuple[str | None, str | None]] | None
    default: tuple[str | None, str | None] = (None, None)
    recipient: tuple[str, ...] = ()


def _ops(*pairs: tuple[str | None, str | None]) -> frozenset[tuple[str | None, str | None]]:
    return frozenset(pairs)


MESSAGE_TYPES: Mapping[str, Channel] = {
    BASE + "gmail": Channel(
        "email",
        _ops(("message", "send"), ("message", "reply"), ("message", "sendAndWait")),
        ("message", "send"),
        ("sendTo",),
    ),
    BASE + "emailSend": Channel(
        "email", _ops((None, "send"), (None, "sendAndWait")), (None, "send"), ("toEmail",)
    ),
    BASE + "microsoftOutlook": Channel(
        "email",
        _ops(("message", "send"), ("message", "reply"), ("message", "sendAndWait")),
        ("message", "send"),
        ("toRecipients",),
    ),
    BASE + "sendGrid": Channel("email", _ops(("mail", "send")), ("list", "getAll"), ("toEmail",)),
    BASE + "mailgun": Channel("email", None, recipient=("toEmail",)),
    BASE + "mailjet": Channel(
        "email",
        _ops(("email", "send"), ("email", "sendTemplate"), ("sms", "send")),
        ("email", "send"),
        ("toEmail",),
    ),
    BASE + "awsSes": Channel(
        "email",
        _ops(("email", "send"), ("email", "sendTemplate")),
        ("email", "send"),
        ("toAddresses",),
    ),
    BASE + "mandrill": Channel("email", None, recipient=("toEmail",)),
    BASE + "sendInBlue": Channel("email", _ops(("email", "send"), ("email", "sendTemplate"))),
    BASE + "twilio": Channel(
        "sms", _ops(("sms", "send"), ("call", "make")), ("sms", "send"), ("to",)
    ),
    BASE + "vonage": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("to",)),
    BASE + "messageBird": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("recipients",)),
    BASE + "plivo": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("to",)),
    BASE + "msg91": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("to",)),
    BASE + "sms77": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("to",)),
    BASE + "mocean": Channel("sms", _ops(("sms", "send")), ("sms", "send"), ("to",)),
    BASE + "whatsApp": Channel(
        "whatsapp",
        _ops((None, "send"), (None, "sendTemplate"), (None, "sendAndWait")),
        (None, "sendTemplate"),
        ("recipientPhoneNumber",),
    ),
    BASE + "telegram": Channel(
        "telegram",
        _ops(
            ("message", "sendMessage"),
            ("message", "sendPhoto"),
            ("message", "sendDocument"),
            ("message", "sendAudio"),
            ("message", "sendVideo"),
            ("message", "sendAnimation"),
            ("message", "sendLocation"),
            ("message", "sendMediaGroup"),
            ("message", "sendSticker"),
            ("message", "sendAndWait"),
        ),
        ("message", "sendMessage"),
        ("chatId",),
    ),
    BASE + "line": Channel("line", None),
    BASE + "pushover": Channel("push", None),
    BASE + "pushbullet": Channel("push", _ops(("push", "create")), ("push", "create")),
    BASE + "pushcut": Channel("push", None),
    BASE + "gotify": Channel("push", _ops(("message", "create")), ("message", "create")),
    BASE + "signl4": Channel("push", _ops(("alert", "send")), ("alert", "send")),
    # Team chats: they reach your team, not the person (`messages.internal-channels`).
    BASE + "slack": Channel(
        "slack",
        _ops(("message", "post"), ("message", "sendAndWait")),
        ("message", "post"),
        ("channel", "channelId", "user"),
    ),
    BASE + "discord": Channel("discord", _ops(("message", "send")), ("message", "send")),
    BASE + "mattermost": Channel("mattermost", _ops(("message", "post")), ("message", "post")),
    BASE + "microsoftTeams": Channel(
        "teams",
        _ops(("chatMessage", "create"), ("channelMessage", "create")),
        ("channel", "create"),
    ),
    BASE + "googleChat": Channel("google_chat", _ops(("message", "create")), ("message", "create")),
    BASE + "rocketchat": Channel("rocketchat", None),
    BASE + "zulip": Channel("zulip", _ops(("message", "sendPrivate"), ("message", "sendStream"))),
    BASE + "matrix": Channel("matrix", _ops(("message", "create")), ("message", "create")),
}

# Nodes whose output is new data, whatever came in (besides the many-item reads).
FETCHING = frozenset({BASE + "httpRequest", EXECUTE_WORKFLOW})

# Reads that return one item per row, record or entry: what follows runs once each.
MANY_ITEM_OPERATIONS = frozenset(
    {"getAll", "getMany", "search", "list", "read", "readRows", "lookup", "select", "getRows"}
)
MANY_ITEM_DEFAULTS: Mapping[str, str] = {
    # node type -> its default operation, where that default reads many items
    BASE + "googleSheets": "read",
    BASE + "rssFeedRead": "read",
    BASE + "spreadsheetFile": "fromFile",
}
QUERY_TYPES = frozenset(
    {BASE + "postgres", BASE + "mySql", BASE + "microsoftSql", BASE + "googleBigQuery"}
)
SPLITS = frozenset({BASE + "splitOut", BASE + "itemLists"})
# A read limited to this many items is a lookup, not a bulk read.
FEW = 10

# Nodes after which items are few (one aggregate, a limited count) or paced.
COLLAPSING = frozenset(
    {
        BASE + "aggregate",
        BASE + "summarize",
        BASE + "limit",
        BASE + "code",
        BASE + "function",
        LOOP,
        WAIT,
        BASE + "respondToWebhook",
        EXECUTE_WORKFLOW,
    }
)


def is_trigger(kind: str) -> bool:
    return (
        kind in MANUAL_TRIGGERS
        or kind in OTHER_TRIGGERS
        or kind in INTERNAL_TRIGGERS
        or (kind.endswith(("Trigger", "trigger")) and not kind.endswith("Tool"))
    )


def resource_operation(
    node: Mapping[str, Any], default: tuple[str | None, str | None]
) -> tuple[str | None, str | None]:
    params = node.get("parameters") or {}
    resource = params.get("resource", default[0])
    operation = params.get("operation", default[1])
    return (
        resource if isinstance(resource, str) else default[0],
        operation if isinstance(operation, str) else default[1],
    )


def message_channel(node: Mapping[str, Any]) -> Channel | None:
    """The channel a node sends on, or None when this node (its operation) sends nothing."""
    spec = MESSAGE_TYPES.get(str(node.get("type")))
    if spec is None:
        return None
    if spec.sends is None or resource_operation(node, spec.default) in spec.sends:
        return spec
    return None


def waits_for_reply(node: Mapping[str, Any]) -> bool:
    """A "Send and Wait for Response" operation: it messages an approver and holds the
    items until they answer."""
    params = node.get("parameters") or {}
    return params.get("operation") == "sendAndWait"


def returns_many(node: Mapping[str, Any]) -> bool:
    """A read that returns many items (rows, records, entries, feed items)."""
    kind = str(node.get("type"))
    params = node.get("parameters") or {}
    operation = params.get("operation", MANY_ITEM_DEFAULTS.get(kind))
    if kind in SPLITS:
        return False  # a list of people, or the parts of one long reply: lintkit cannot tell
    limit = params.get("limit")
    if params.get("returnAll") is not True and isinstance(limit, int) and limit <= FEW:
        return False  # a lookup of a row or a few
    if kind in MANY_ITEM_DEFAULTS:
        return operation in (MANY_ITEM_DEFAULTS[kind], *MANY_ITEM_OPERATIONS)
    if kind in QUERY_TYPES:
        return operation in ("executeQuery", "select", *MANY_ITEM_OPERATIONS)
    return isinstance(operation, str) and operation in MANY_ITEM_OPERATIONS and not is_trigger(kind)


def collapses(node: Mapping[str, Any]) -> bool:
    """After this node items are few or paced (an aggregate, a limit, a batch loop, a wait)."""
    kind = str(node.get("type"))
    params = node.get("parameters") or {}
    if node.get("executeOnce") is True:
        return True
    if kind == BASE + "itemLists":
        return params.get("operation", "splitOutItems") != "splitOutItems"
    if kind == BASE + "code":
        return params.get("mode", "runOnceForAllItems") == "runOnceForAllItems"
    return kind in COLLAPSING
