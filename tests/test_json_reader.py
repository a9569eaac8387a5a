"""The JSON reader builds exactly the document the YAML reader builds, or steps aside.

``read_json`` is a faster way to the same ``Document``: every test here compares
it with ``load_yaml(json=True)`` (data, spans, key spans and styles, in their
order), on generated JSON in many layouts, on broken JSON, and on the cases
where YAML reads JSON differently (there it must give up, so that ``load_json``
reports what the YAML reader reports). ``read_on_demand``, faster still on plainly
written JSON, must take only text read_json reads, and find every position read_json
finds.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintkit.documents import json_reader
from lintkit.documents.json_reader import (
    _bare_constants,
    _strict_json,
    load_json,
    read_json,
    read_on_demand,
)
from lintkit.documents.parse import Document, Limits, load_yaml

TESTDATA = Path(__file__).parent / "testdata"
LIMITS = Limits()


def _through_yaml(text: str, limits: Limits = LIMITS) -> tuple[list[Document], list]:
    documents, problems = load_yaml("f.json", text, limits, json=True)
    return documents, problems or _strict_json("f.json", text) or _bare_constants(documents)


def _fields(doc: Document) -> tuple:
    return (
        repr(doc.data),
        list(doc.spans.items()),
        list(doc.key_spans.items()),
        list(doc.styles.items()),
    )


def _assert_same(text: str, limits: Limits = LIMITS) -> Document | None:
    """read_json's document is the YAML reader's; load_json's result is the old one."""
    documents, problems = _through_yaml(text, limits)
    fast = read_json("f.json", text, limits)
    if fast is not None:
        assert not problems
        assert [_fields(d) for d in documents] == [_fields(fast)]
    loaded, loaded_problems = load_json("f.json", text, limits)
    assert loaded_problems == problems
    assert [_fields(d) for d in loaded] == [_fields(d) for d in documents]
    on_demand = read_on_demand("f.json", text, limits)
    if on_demand is not None:
        assert fast is not None  # read_json reads whatever read_on_demand takes
        _assert_same_positions(on_demand, fast)
    return fast


def _assert_same_positions(on_demand: Document, fast: Document) -> None:
    """Every location and style is read_json's, also of paths not written (their
    nearest written ancestor), asked for in document order and then backwards."""
    assert repr(on_demand.data) == repr(fast.data)
    paths = list(fast.spans)
    paths += [(*p, extra) for p in paths for extra in ("missing", 99)]
    for path in paths + paths[::-1]:
        for key in (False, True):
            assert on_demand.location(path, key=key) == fast.location(path, key=key)
        assert on_demand.style(path) == fast.style(path)
    assert _fields(on_demand) == _fields(fast)  # the whole tables, when asked for


# Characters YAML and JSON read alike, escapes, and the JSON-only ones the YAML
# reader rewrites (DEL, C1 controls, surrogate pairs when ensure_ascii).
_CHARACTERS = st.sampled_from(list("ab #:\\\"/{}[],-&*!%'?|><~\t\n\x01\x7f\x80\x9f\xa0é😀"))
_STRINGS = st.lists(_CHARACTERS, max_size=6).map("".join)
_NUMBERS = st.sampled_from([0, -0.0, 1, -1, 10**20, 1.5, 1e300, 1e-7, 0.1, 1e400]) | st.floats(
    allow_nan=False
)
_VALUES = st.recursive(
    st.none() | st.booleans() | _NUMBERS | st.integers() | _STRINGS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_STRINGS, inner, max_size=4),
    max_leaves=30,
)
_LAYOUTS = st.tuples(
    st.sampled_from([None, 0, 1, 2, "\t"]),
    st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : "), (",\n", ":")]),
    st.booleans(),  # ensure_ascii: escapes (surrogate pairs) or the characters themselves
    st.booleans(),  # CRLF line ends
)
# Broken JSON, and what YAML reads otherwise: the reader must give up on both.
_BREAKS = st.sampled_from([*',}]{"\\\n1#\x00\u2028\x85\ufeff\r', "NaN", "\\ud800"])


@settings(max_examples=300)
@given(_VALUES, _LAYOUTS, st.lists(st.tuples(st.integers(0, 10**6), _BREAKS), max_size=2))
def test_same_document_as_the_yaml_reader(value, layout, breaks) -> None:
    indent, separators, ascii_only, crlf = layout
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ascii_only)
    if crlf:
        text = text.replace("\n", "\r\n")
    for at, insert in breaks:
        at %= len(text) + 1
        text = text[:at] + insert + text[at:]
    _assert_same(text)


@settings(max_examples=150)
@given(_VALUES, _LAYOUTS, st.sampled_from([0, 40]))
def test_same_positions_however_much_is_read_at_once(value, layout, read_whole) -> None:
    """A container asked for later is read alone, or with those in it (up to a size):
    the positions are the same, in whichever order they are asked for."""
    indent, separators, ascii_only, _ = layout
    text = json.dumps(
        {"a": {"b": {"c": value}}}, indent=indent, separators=separators, ensure_ascii=ascii_only
    )
    with patch.object(json_reader, "_READ_WHOLE", read_whole):
        _assert_same(text)


@settings(max_examples=100)
@given(_VALUES, st.integers(1, 4), st.integers(1, 40), st.integers(1, 80))
def test_limits_as_the_yaml_reader(value, depth, nodes, path_items) -> None:
    _assert_same(json.dumps(value, indent=1), Limits(depth, nodes, path_items))


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',  # a duplicate key: reported with both places
        '{"a": NaN}',
        '{"a": 1,}',
        '{"a": "\\ud800"}',  # half a surrogate pair: YAML refuses it
        '["a\u2028b"]',  # a line break to YAML
        '["a\x85b"]',  # NEL: YAML folds it into a space
        '{"' + "k" * 1100 + '": 1}',  # libyaml's longest key
        "[" + "9" * 4301 + "]",  # Python's longest int
        "[" * 201 + "]" * 201,
        '{"a":\n1}',
        "\ufeff{}",
        "{} {}",
        "",
    ],
)
def test_gives_up_where_yaml_reads_otherwise(text: str) -> None:
    assert _assert_same(text) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "\\ud83d\\ude00\x7f", "b": [1e5, -0, -0.0, 1E-5, true, null]}',
        '[\n"a\x7fb", "c\x9fd", {"e\x80": "\x81"}\n]',
        '{"k": "' + "v" * 5000 + '", "<<": {"x": 1}}',
        "[" * 200 + "]" * 200,
        '  "top"  \r\n',
    ],
)
def test_reads_what_yaml_reads_alike(text: str) -> None:
    assert _assert_same(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',  # a duplicate key
        '{"a": NaN}',
        '{"a": "\\ud83d"}',  # half of an escaped surrogate pair
        '{"\\ud83d\\ude00": 1, "\\ude00": 2}',  # the second half alone, in a key
        '{"a":\t1}',  # a tab
        '{"a"       : 1}',  # 7 blanks before a colon
        '{"a":  1}',  # 2 after one
        '{"a"\n: 1}',  # a line break before one
        '{"a": \n1}',  # or after
        '{"' + "k" * 241 + '": 1}',  # a key written too long for read_json
        '{"\\u00e9' + "k" * 235 + '": 1}',  # 242 characters between its quotes
        '{"' + "\\ud83d\\ude00" * 21 + '": 1}',  # 21 characters in 252
        '["' + "k" * 300 + '", {"\\u00e9' + "k" * 235 + '": 1}]',  # after a long string
        "[" + "9" * 4301 + "]",
        "[" * 201 + "]" * 201,
        '["a\u2028b"]',
    ],
)
def test_on_demand_steps_aside_for_what_is_not_plainly_written(text: str) -> None:
    assert read_on_demand("f.json", text, LIMITS) is None
    _assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"' + "k" * 120 + '": 1}',
        '{"\\u00e9' + "k" * 39 + '": {"b": [1, {"c": "d"}]}}',
        '{"a": "x:  y", "b": "\\" :\\n"}',  # loose colons in strings only
        "[" * 200 + "]" * 200,
        '\r\n  {"a" : [\r\n  1,\r\n  2\r\n] ,"b":{}}  \r\n',
        '"top"',
        '{"\\ud83d\\ude00 a": ["b \\uD83D\\uDE00", {"\\u00e9": "\\ud83d\\ude00"}]}',  # pairs
        '{"' + "\\ud83d\\ude00" * 20 + '": 1}',
        '{"\\u00e9' + "k" * 234 + '": "\\"k\\" : ' + "k" * 300 + '"}',  # long, but not too long
        '{"' + "k" * 240 + '" : 1, "\\u00e9": 2}',
    ],
)
def test_on_demand_reads_plainly_written_json(text: str) -> None:
    assert read_on_demand("f.json", text, LIMITS) is not None
    _assert_same(text)


def test_reads_the_json_workflows_in_testdata() -> None:
    """The fast path is the usual one: every valid .json workflow here takes it."""
    read = given_up = on_demand = 0
    for path in sorted(TESTDATA.rglob("*.json")):
        text = path.read_text(encoding="utf-8-sig")
        if _assert_same(text) is not None:
            read += 1
            on_demand += read_on_demand("f.json", text, LIMITS) is not None
        elif not _through_yaml(text)[1]:
            given_up += 1
    assert read > 50 and given_up == 0 and on_demand > read * 0.9
