"""A setting a plugin reads from the configuration, declared where it is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """A setting a rule (or dialect, or fact extractor) reads from the config.

    ``name`` is dotted: ``"telemetry.calls"`` is ``calls`` in
    ``[tool.lintkit.telemetry]``; a name without a dot is a top-level key.
    Several rules may declare the same option; they must agree on its default.
    """

    name: str
    default: Any
    doc: str
    type: str = "string"  # for docs and validation: string | list[string] | regex |
    # duration | boolean | integer | mapping
