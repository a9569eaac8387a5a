"""How long `lintkit server` takes to show diagnostics after a workflow edit.

    python bench/lsp_latency.py DIR [--edits 20]

DIR is a project (bench/generate.py makes one). The script starts the server
over stdio as an editor does, opens one workflow (the first publish includes
loading the project), then changes it --edits times (alternately breaking and
restoring a `next`), timing from the didChange to each of the two publishes
that follow: the rules that read one file, then every rule. Prints the first
load and the median and worst of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any


def send(stdin: IO[bytes], message: dict[str, Any]) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stdin.flush()


def receive(stdout: IO[bytes]) -> dict[str, Any]:
    length = 0
    while (line := stdout.readline().strip()) != b"":
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    if not length:
        sys.exit("the server closed its output")
    message: dict[str, Any] = json.loads(stdout.read(length))
    return message


def published(stdout: IO[bytes], uri: str) -> list[Any]:
    while True:
        message = receive(stdout)
        if (
            message.get("method") == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
        ):
            return list(message["params"]["diagnostics"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    root = args.dir.resolve()
    flow = sorted((root / "flows").glob("*.yaml"))[0]
    uri, text = flow.as_uri(), flow.read_text()
    server = subprocess.Popen(
        [sys.executable, "-m", "lintkit", "server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=root,
    )
    assert server.stdin is not None and server.stdout is not None
    stdin, stdout = server.stdin, server.stdout
    init = {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
    send(stdin, {"id": 1, "method": "initialize", "params": init})
    while receive(stdout).get("id") != 1:
        pass
    send(stdin, {"method": "initialized", "params": {}})
    start = time.perf_counter()
    document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
    send(stdin, {"method": "textDocument/didOpen", "params": {"textDocument": document}})
    published(stdout, uri)
    published(stdout, uri)
    first = time.perf_counter() - start
    quick, full = [], []
    for version in range(2, args.edits + 2):
        edited = text.replace("next:", "nxt:", 1) if version % 2 else text
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": edited}],
        }
        start = time.perf_counter()
        send(stdin, {"method": "textDocument/didChange", "params": change})
        published(stdout, uri)
        quick.append(time.perf_counter() - start)
        published(stdout, uri)
        full.append(time.perf_counter() - start)
    send(stdin, {"id": 2, "method": "shutdown", "params": None})
    send(stdin, {"method": "exit", "params": None})
    server.wait(timeout=60)
    files = sum(1 for p in root.rglob("*") if p.suffix in (".py", ".yaml") and p.is_file())
    print(f"{files} files; first load (open to diagnostics): {first:.2f} s")
    for label, times in (("one-file rules", quick), ("every rule", full)):
        ms = sorted(t * 1000 for t in times)
        print(f"{label}: median {statistics.median(ms):.0f} ms, worst {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
