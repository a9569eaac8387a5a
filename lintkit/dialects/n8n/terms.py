"""How the rules' findings say things on an n8n workflow: the editor's words."""

from lintkit.workflow.ir import Phrases, Terms, pickled_by_name

TERMS = Terms(
    step="node",
    steps="nodes",
    people="items",
    entry="the trigger",
    exit="an unconnected output (n8n stops the items there)",
    delay="Wait node",
    start="a trigger node",
    next="output connection",
    default="fallback output",
    edges={
        "true": "the `true` output",
        "false": "the `false` output",
        "kept": "the `kept` output",
        "discarded": "the discarded items",
        "empty": "the empty item that Always Output Data sends down the `true` output",
        "output": "output {i}",
        "fallback": "the fallback output",
        "unmatched": "the items no rule matches",
        "error": "the error output",
        "done": "the `done` output",
        "loop": "the `loop` output",
        "trigger": "trigger {i}",
        "no items": "the run's end when it finds nothing",
        "next round": "the connection back that starts a new round",
    },
)

# The rules' own phrases, in n8n's words (rule code -> phrase key -> text).
PHRASES: Phrases = {
    "WF101": {"link": "a connection"},
    "WF102": {
        "add_next": "connect an output (or leave it unconnected: the items stop there)",
        "way_out": "an IF whose other output leaves the loop, or a Loop Over Items node",
        "trapped": "items that enter go round forever",
    },
    "WF103": {"pause": "a Wait node"},
    "WF201": {
        "split": "a Switch node with a rule (and an output) for each group",
        "leave.false": "disconnect the `false` output (n8n stops items at an unconnected output)",
        "leave.empty": "turn off Settings > Always Output Data on the node, so that no item"
        " goes on when none matched",
    },
    "WF204": {"add_default": "a fallback output (Options > Fallback Output: Extra Output)"},
}
# Pickled workflows name these rather than copy them.
pickled_by_name(TERMS, f"{__name__}:TERMS")
pickled_by_name(PHRASES, f"{__name__}:PHRASES")
