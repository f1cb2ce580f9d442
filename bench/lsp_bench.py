"""Time `schemac lsp` from a one-character change in a 2,000-table workspace to its diagnostics.

    .venv/bin/python bench/lsp_bench.py                  # 2000 tables in 20 files, 40 changes
    .venv/bin/python bench/lsp_bench.py --files 1        # the same tables in one file
    .venv/bin/python bench/lsp_bench.py --files 1 --schema-block   # in one `schema` block
    .venv/bin/python bench/lsp_bench.py --tables 500 --changes 10   # a quick trial

It generates the workspace with gen_schema.py (2000 tables x 10 columns, split over
`--files` files, references crossing files) under bench/out/, starts `schemac lsp` as
an editor would (a subprocess speaking JSON-RPC over pipes), opens the middle file and
waits for its first diagnostics (the cold start: every file read, parsed and checked).

Then it makes `--changes` one-character edits to the open file, as incremental
changes of one character: the first turns a column's type `text` into `textx` (an
unknown type: one error), the next puts it back (no error), and so on. For each it
measures the wall time from writing the change to the pipe to reading the
`textDocument/publishDiagnostics` for that document version, and checks the count of
diagnostics is the one expected (1, then 0); a wrong count is a PROBLEM (exit 1).

After the changes, for information: a hover on a reference after a change (the first
request after a change builds the name index), and a second hover.

The goal: the median change-to-diagnostics time under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL_MS = 300.0


class Server:
    """`schemac lsp` in a subprocess; messages it sends are read by a thread and timestamped."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = json.loads(out.read(length))
            self.inbox.put((time.perf_counter(), body))

    def send(self, message: dict[str, Any]) -> float:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.proc.stdin
        assert stdin is not None
        at = time.perf_counter()
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        stdin.flush()
        return at

    def request(self, method: str, params: dict[str, Any]) -> tuple[float, float, Any]:
        self.next_id += 1
        sent = self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            at, message = self.inbox.get(timeout=120)
            if message.get("id") == self.next_id:
                return sent, at, message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> float:
        return self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, version: int | None) -> tuple[float, list[Any]]:
        while True:
            at, message = self.inbox.get(timeout=120)
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == uri and (version is None or params.get("version") == version):
                return at, params["diagnostics"]

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def _generate(tables: int, files: int, schema_block: bool) -> Path:
    name = f"lsp_{tables}x10" + (f"_{files}files" if files > 1 else "")
    name += "_in_schema" if schema_block else ""
    out = OUT / name
    if not out.exists():
        target = out if files > 1 else out / "schema.schema"
        target.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(ROOT / "bench" / "gen_schema.py"), "--tables", str(tables)]
        command += ["--out", str(target)]
        if files > 1:
            command += ["--files", str(files)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        if schema_block:  # as `schemac inspect -o DIR` writes a schema: all in one block
            for path in out.glob("*.schema"):
                lines = path.read_text(encoding="utf-8").splitlines()
                body = "\n".join(f"  {line}" if line else "" for line in lines)
                path.write_text(f'schema "app" {{\n{body}\n}}\n', encoding="utf-8")
    return out


def _position(text: str, offset: int) -> dict[str, int]:
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"  {label:<44} best {ordered[0]:7.1f} ms  median {statistics.median(ordered):7.1f} ms"
        f"  p90 {p90:7.1f} ms  max {ordered[-1]:7.1f} ms  ({len(values)} runs)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument(
        "--schema-block", action="store_true", help='every file\'s tables inside `schema "app" {}`'
    )
    args = parser.parse_args(argv)

    workspace = _generate(args.tables, args.files, args.schema_block)
    files = sorted(workspace.glob("*.schema"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    uri = target.absolute().as_uri()
    lines = text.count("\n")
    print(f"schemac lsp: {args.tables} tables in {len(files)} file(s) ({workspace})")
    print(
        f"  the open file: {target.name}, {lines} lines; {platform.python_implementation()}"
        f" {platform.python_version()}, {os.cpu_count()} CPUs"
    )

    schemac = Path(sys.executable).parent / "schemac"
    server = Server([str(schemac), "lsp"])
    problems: list[str] = []
    try:
        server.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": workspace.absolute().as_uri(),
                "capabilities": {},
            },
        )
        server.notify("initialized", {})
        sent = server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "schema", "version": 1, "text": text}},
        )
        at, first = server.diagnostics(uri, 1)
        if first:
            problems.append(f"the generated workspace has diagnostics: {first[:2]}")
        cold_ms = (at - sent) * 1000
        print(f"  {'open: first diagnostics (cold)':<44} {cold_ms:7.1f} ms")

        # `text` as the type of a column in the open file: append `x`, then remove it.
        anchor = text.index(" text", text.index("column ")) + len(" text")
        timings: list[float] = []
        for i in range(args.changes):
            version = i + 2
            start = _position(text, anchor)
            if i % 2 == 0:
                change = {"range": {"start": start, "end": start}, "text": "x"}
            else:
                end = {"line": start["line"], "character": start["character"] + 1}
                change = {"range": {"start": start, "end": end}, "text": ""}
            sent = server.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [change],
                },
            )
            at, diagnostics = server.diagnostics(uri, version)
            timings.append((at - sent) * 1000)
            expected = 1 if i % 2 == 0 else 0
            if len(diagnostics) != expected:
                problems.append(f"change {i}: {len(diagnostics)} diagnostics, expected {expected}")
        print(_summary("one-character change -> diagnostics", timings))

        # A reference to another file's table, for hover: a `references = t.id`.
        ref = text.index("references = ") + len("references = ")
        hover = {"textDocument": {"uri": uri}, "position": _position(text, ref + 1)}
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": args.changes + 2},
                "contentChanges": [{"text": text + "\n"}],
            },
        )
        first_hover = server.request("textDocument/hover", hover)
        second_hover = server.request("textDocument/hover", hover)
        if not (first_hover[2] and "**table**" in first_hover[2]["contents"]["value"]):
            problems.append(f"hover on a reference gave {first_hover[2]!r}")
        print(
            f"  {'hover after a change (builds the index)':<44} "
            f"{(first_hover[1] - first_hover[0]) * 1000:7.1f} ms"
        )
        print(f"  {'hover again':<44} {(second_hover[1] - second_hover[0]) * 1000:7.1f} ms")
    finally:
        server.close()

    median = statistics.median(timings) if timings else float("inf")
    verdict = "met" if median < GOAL_MS else "NOT met"
    print(f"  goal: median under {GOAL_MS:.0f} ms: {verdict} ({median:.1f} ms)")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
