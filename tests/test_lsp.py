"""`lintkit server` over standard input and output, as an editor drives it."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import pytest
from lk_testing import write

pytest.importorskip("pygls")

FLOW = """
    lintkit: 1
    workflow: welcome
    steps:
      send:
        type: message
        channel: email
        template: welcome
        next: dnoe
      done:
        type: exit
    """


class Client:
    """Just enough of an LSP client: framed JSON-RPC messages, read by a thread."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lintkit", "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, out: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := out.readline().strip()) != b"":
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not length:
                return
            self.messages.put(json.loads(out.read(length)))

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def wait(self, want: Any, timeout: float = 60) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if want(message):
                return message

    def request(self, method: str, params: Any) -> Any:
        sent = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == sent and "method" not in m)["result"]

    def diagnostics(self, uri: str, codes: list[str]) -> list[dict[str, Any]]:
        """The first diagnostics published for ``uri`` with these codes (the server
        publishes twice a change: the one-file rules first, then every rule)."""
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and sorted(d["code"] for d in m["params"]["diagnostics"]) == codes
            )
        )
        return list(message["params"]["diagnostics"])

    def close(self) -> None:
        self.request("shutdown", None)
        self.send("exit", None)
        self.process.wait(timeout=30)


def test_diagnostics_and_a_quick_fix_over_stdio(tmp_path: Path) -> None:
    root = write(tmp_path, {"flow.yaml": FLOW})
    uri = (root / "flow.yaml").as_uri()
    text = (root / "flow.yaml").read_text()
    client = Client(root)
    try:
        client.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        client.send("initialized", {})
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        found = client.diagnostics(uri, ["WF004", "WF101"])[0]  # `done` is unreachable too
        assert (found["code"], found["range"]["start"]) == ("WF004", {"line": 7, "character": 10})
        assert found["codeDescription"]["href"].endswith("WF004/")
        assert "names step 'dnoe'" in found["message"]

        # An unsaved edit: the buffer, not the file on disk, is what is checked.
        edited = text.replace("channel: email", "channel: emial")
        client.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"text": edited}],
            },
        )
        found_now = client.diagnostics(uri, ["WF002", "WF004"])
        # a schema error stops the graph: unreachable-step waits for a valid file
        wf004 = next(d for d in found_now if d["code"] == "WF004")

        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": wf004["range"],
                "context": {"diagnostics": [wf004]},
            },
        )
        titles = [a["title"] for a in actions]
        assert titles == [
            "WF004: replace 'dnoe' with 'done'",
            "WF004: suppress on this line, with a reason",
        ]
        (edit,) = actions[0]["edit"]["changes"][uri]
        assert edit == {
            "range": {"start": {"line": 7, "character": 10}, "end": {"line": 7, "character": 14}},
            "newText": "done",
        }
        (comment,) = actions[1]["edit"]["changes"][uri]
        assert comment["newText"] == "  # lintkit: ignore[WF004] -- TODO: reason"
        client.close()
    finally:
        client.process.kill()


HANDLED = """
    lintkit: 1
    workflow: offer
    steps:
      offer:
        type: action
        handler: "app.retention:get_offer"
        next: done
      done:
        type: exit
    """


def _open(client: Client, path: Path, language: str) -> str:
    uri = path.as_uri()
    document = {"uri": uri, "languageId": language, "version": 1, "text": path.read_text()}
    client.send("textDocument/didOpen", {"textDocument": document})
    return uri


def test_editing_a_module_refreshes_the_open_workflow(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "flow.yaml": HANDLED,
            "app/__init__.py": "",
            "app/retention.py": "def get_offer():\n    pass\n",
        },
    )
    client = Client(root)
    try:
        init = {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        client.request("initialize", init)
        client.send("initialized", {})
        flow = _open(client, root / "flow.yaml", "yaml")
        assert client.diagnostics(flow, []) == []
        module = _open(client, root / "app" / "retention.py", "python")
        client.send(  # the function renamed, not saved: the workflow's handler is gone
            "textDocument/didChange",
            {
                "textDocument": {"uri": module, "version": 2},
                "contentChanges": [{"text": "def get_offers():\n    pass\n"}],
            },
        )
        (found,) = client.diagnostics(flow, ["XR103"])
        assert "defines no `get_offer`" in found["message"]
        client.close()
    finally:
        client.process.kill()
