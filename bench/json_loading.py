"""How fast are .json workflows read with positions? The numbers behind json_reader.py.

    python bench/json_loading.py FOLDER

Reads every ``*.json`` under FOLDER (an n8n or Step Functions corpus) three ways,
in this process, and prints the CPU seconds of each: ``json.loads`` (no
positions, the floor), the YAML event reader with the strict-JSON checks (how
lintkit read JSON before ``json_reader``), and ``load_json``. It also counts the
files ``read_json`` gave up on and fails if any document differs between the
two readers.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lintkit.documents.json_reader import _bare_constants, _strict_json, load_json, read_json
from lintkit.documents.parse import Document, Limits, decode, load_yaml

LIMITS = Limits()


def through_yaml(path: str, text: str) -> list[Document]:
    documents, problems = load_yaml(path, text, LIMITS, json=True)
    _ = problems or _strict_json(path, text) or _bare_constants(documents)
    return documents


def cpu_seconds(texts: dict[str, str], read: Callable[[str, str], object]) -> float:
    start = time.process_time()
    for path, text in texts.items():
        read(path, text)
    return time.process_time() - start


def fields(doc: Document) -> tuple[object, ...]:
    return repr(doc.data), *(list(t.items()) for t in (doc.spans, doc.key_spans, doc.styles))


def main(folder: str) -> int:
    texts = {}
    for path in sorted(Path(folder).rglob("*.json")):
        text, _ = decode(str(path), path.read_bytes())
        if text is not None:
            texts[str(path)] = text
    given_up = differ = 0
    for path, text in texts.items():
        fast = read_json(path, text, LIMITS)
        if fast is None:
            given_up += 1
        elif [fields(d) for d in through_yaml(path, text)] != [fields(fast)]:
            differ += 1
            print(f"differs: {path}")
    print(f"{len(texts)} files, {given_up} read the YAML way, {differ} differing")

    def floor(path: str, text: str) -> object:
        try:
            return json.loads(text)
        except ValueError:
            return None

    for name, read in (
        ("json.loads (no positions)", floor),
        ("YAML events + strict-JSON checks", through_yaml),
        ("load_json", lambda path, text: load_json(path, text, LIMITS)),
    ):
        print(f"{name:34} {cpu_seconds(texts, read):6.2f} s CPU")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
