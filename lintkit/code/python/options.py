"""Settings of the Python extractor alone (``[tool.lintkit.python]``)."""

from __future__ import annotations

from lintkit.plugins.option import Option

PRESCREEN = Option(
    "python.prescreen",
    default=True,
    type="boolean",
    doc=(
        "Read a module with libcst only when its text contains one of the names the"
        " code rules look for (a telemetry call, a secret reader, a guarded call, an"
        " eligibility word); the others get their functions, calls, classes, imports"
        " and constants from CPython's much faster parser, the same facts libcst"
        " gives. It loses no finding (see the performance guide); turn it off to"
        " compare."
    ),
)
