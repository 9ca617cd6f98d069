"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph's embedded store.

    GET  /sparql?query=...                       POST /sparql (form query=... or application/sparql-query)
    GET  /queries                                the catalogue as JSON (name, question, parameters)
    GET  /queries/NAME                           a question's SPARQL text
    GET  /queries/NAME/run?param=value&...       run a named question with its parameters

Results follow content negotiation (Accept, or ?format=json|csv|tsv|xml): SPARQL results JSON by
default for SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE. Updates get 403; SERVICE
gets 403 unless the server was started with --allow-service. Each query runs in a worker process
that is stopped and replaced when it passes the time limit (503). CORS is open, so browser tools
such as YASGUI can use the endpoint; the server binds to loopback unless told otherwise.
"""
from __future__ import annotations

import json
import multiprocessing
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from .errors import QueryError
from .query import Question, bind, catalogue, check_safe, parse_question

RESULT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples"}
ACCEPT = {"application/sparql-results+json": "json", "application/json": "json",
          "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
          "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "turtle",
          "application/n-triples": "nt", "text/plain": "nt"}
CHUNK = 1 << 16


# ----------------------------------------------------------------------------- the worker process

class _PipeWriter:
    def __init__(self, conn):
        self.conn, self.buffer = conn, bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("chunk", bytes(self.buffer)))
            self.buffer.clear()


def _work(db: str, conn) -> None:
    """Answer queries from the pipe, one at a time, streaming each answer back in chunks."""
    import pyoxigraph as ox

    store = ox.Store.read_only(db)
    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    while True:
        text, fmt = conn.recv()
        try:
            result = store.query(text)
        except SyntaxError as error:
            conn.send(("error", 400, f"Malformed SPARQL: {error}"))
            continue
        except Exception as error:  # pyoxigraph raises OSError/RuntimeError/ValueError while evaluating
            conn.send(("error", 500, f"Query failed: {error}"))
            continue
        writer = _PipeWriter(conn)
        if isinstance(result, ox.QueryTriples):
            graph_format = fmt if fmt in GRAPH_TYPES else "turtle"
            conn.send(("start", GRAPH_TYPES[graph_format]))
            result.serialize(writer, ox.RdfFormat.N_TRIPLES if graph_format == "nt" else ox.RdfFormat.TURTLE)
        else:
            results_format = fmt if fmt in RESULT_TYPES else "json"
            conn.send(("start", RESULT_TYPES[results_format]))
            result.serialize(writer, formats[results_format])
        writer.flush()
        conn.send(("end",))


class Worker:
    """One query process; a query past the time limit gets the process killed and replaced."""

    def __init__(self, db: str, timeout: float):
        self.db, self.timeout = db, timeout
        self.lock = threading.Lock()
        self._start()

    def _start(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_work, args=(self.db, child), daemon=True)
        self.process.start()

    def run(self, text: str, fmt: str):
        """Yield ('start', type), ('chunk', bytes)... or ('error', status, message)."""
        with self.lock:
            self.conn.send((text, fmt))
            while True:
                if not self.conn.poll(self.timeout):
                    self.process.kill()
                    self.process.join()
                    self._start()
                    yield ("error", 503, f"Query stopped after the time limit of {self.timeout:g} s")
                    return
                message = self.conn.recv()
                if message[0] == "end":
                    return
                yield message
                if message[0] == "error":
                    return

    def close(self) -> None:
        self.process.kill()


# ----------------------------------------------------------------------------- HTTP

def make_server(graph_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                allow_service: bool = False) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL over the store of a graph file (not yet serving)."""
    from .store import open_store, store_path

    open_store(graph_path)  # builds or refreshes the store, and fails early on a bad graph
    worker = Worker(str(store_path(graph_path) / "db"), timeout)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: the CLI prints one line at start
            pass

        def _cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")

        def _plain(self, status: int, text: str, content_type: str = "text/plain; charset=utf-8") -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self._cors()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            url = urlparse(self.path)
            args = {k: v[-1] for k, v in parse_qs(url.query).items()}
            parts = [p for p in url.path.split("/") if p]
            if parts == ["sparql"]:
                if "query" not in args:
                    return self._plain(400, "Pass the query as ?query=...")
                return self._answer(parse_question("query", args["query"]), {}, args)
            if parts == ["queries"]:
                listing = [{"name": q.name, "question": q.question,
                            "params": [{"name": p.name, "description": p.description, "required": p.required}
                                       for p in q.params]} for q in catalogue().values()]
                return self._plain(200, json.dumps(listing, indent=2), "application/json")
            if len(parts) in (2, 3) and parts[0] == "queries":
                question = catalogue().get(parts[1])
                if question is None:
                    return self._plain(404, f"Unknown question '{parts[1]}'. Known: {', '.join(catalogue())}")
                if len(parts) == 2:
                    return self._plain(200, question.text, "application/sparql-query")
                if parts[2] == "run":
                    values = {k: v for k, v in args.items() if k != "format"}
                    return self._answer(question, values, args)
            self._plain(404, "Not found. Endpoints: /sparql, /queries, /queries/NAME, /queries/NAME/run")

        def do_POST(self) -> None:
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            args = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path.rstrip("/") != "/sparql":
                return self._plain(404, "POST queries to /sparql")
            if kind == "application/sparql-update":
                return self._plain(403, "Updates are not allowed: this endpoint is read-only")
            if kind == "application/sparql-query":
                return self._answer(parse_question("query", body), {}, args)
            if kind == "application/x-www-form-urlencoded":
                form = {k: v[-1] for k, v in parse_qs(body).items()}
                if "update" in form:
                    return self._plain(403, "Updates are not allowed: this endpoint is read-only")
                if "query" in form:
                    return self._answer(parse_question("query", form["query"]), {}, {**args, **form})
            self._plain(400, "POST a query as application/sparql-query or as a form field 'query'")

        def _answer(self, question: Question, values: dict, args: dict) -> None:
            try:
                check_safe(question, allow_service)
                question = bind(question, values)
            except QueryError as error:
                status = 403 if ("update" in str(error) or "SERVICE" in str(error)) else 400
                return self._plain(status, str(error))
            fmt = args.get("format") or self._negotiate()
            started = False
            for message in worker.run(question.text, fmt):
                if message[0] == "error":
                    if not started:
                        self._plain(message[1], message[2])
                    return
                if message[0] == "start":
                    self.send_response(200)
                    self._cors()
                    self.send_header("Content-Type", message[1])
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    started = True
                elif message[0] == "chunk":
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(message[1]), message[1]))
            if started:
                self.wfile.write(b"0\r\n\r\n")

        def _negotiate(self) -> str:
            for part in (self.headers.get("Accept") or "").split(","):
                kind = part.split(";")[0].strip().lower()
                if kind in ACCEPT:
                    return ACCEPT[kind]
            return "json"

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.worker = worker
    return server
