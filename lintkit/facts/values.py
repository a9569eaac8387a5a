"""What both string resolvers share (libcst's in ``constants``, CPython's in
``light``), kept apart from libcst so the light path never imports it."""

from __future__ import annotations

UNKNOWN = "\x00"  # stands for an unresolved part of a string
MAX_VALUES = 64
MAX_DEPTH = 12
