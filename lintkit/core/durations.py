"""Durations as written in workflows and config: 30m, 12h, 2d, 1w, 1h30m."""

from __future__ import annotations

import re

PATTERN = re.compile(r"([0-9]+(?:\.[0-9]+)?[smhdw])+")
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([smhdw])")
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> float:
    """'1h30m' -> 5400.0. Raises ValueError for anything else."""
    if not PATTERN.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not a duration like 30m, 12h, 2d or 1w")
    return float(sum(float(n) * _UNIT_SECONDS[unit] for n, unit in _PART.findall(text)))


def format_duration(seconds: float) -> str:
    """5400 -> '1h30m'; the largest units first."""
    if seconds <= 0:
        return "0s"
    parts = []
    rest = round(seconds)
    for unit, size in _UNIT_SECONDS.items():
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(parts)


def duration_text(seconds: float) -> str:
    """``90d`` rather than ``12w6d``: one unit when one fits exactly."""
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return format_duration(seconds)


_WORDS = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]+)\s*(?:,|and)?", re.IGNORECASE)
_UNIT_WORDS = {
    "s": ("s", "sec", "secs", "second", "seconds"),
    "m": ("m", "min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
    "w": ("w", "wk", "wks", "week", "weeks"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}


def written_duration(text: str) -> str | None:
    """'12 hours' -> '12h', '1 hour 30 minutes' -> '1h30m': a duration in words as
    lintkit writes it, or None when ``text`` is not one."""
    parts, at = [], 0
    while at < len(text):
        match = _WORDS.match(text, at)
        unit = _UNIT_OF.get(match.group(2).lower()) if match else None
        if match is None or unit is None or match.end() == at:
            return None
        parts.append(f"{match.group(1)}{unit}")
        at = match.end()
    written = "".join(parts)
    return written if parts and PATTERN.fullmatch(written) and written != text else None
