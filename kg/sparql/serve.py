"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph's embedded store.

    GET  /sparql?query=...                       POST /sparql (form query=... or application/sparql-query)
    GET  /queries                                the catalogue as JSON (name, question, parameters)
    GET  /queries/NAME                           a question's SPARQL text
    GET  /queries/NAME/run?param=value&...       run a named question with its parameters

Results follow content negotiation (Accept, or ?format=json|csv|tsv|xml): SPARQL results JSON by
default for SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE. Updates get 403; SERVICE
gets 403 unless the server was started with --allow-service. Each query runs in a worker process
that writes the answer to a spool file on disk (never the whole answer in memory) and is stopped and
replaced when it passes the time limit (503). A rebuilt graph is served from its new store. CORS is open, so browser tools
such as YASGUI can use the endpoint; the server binds to loopback unless told otherwise.
"""
from __future__ import annotations

import json
import multiprocessing
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from ..errors import QueryError, UnsafeQuery
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
MAX_BODY = 10_000_000


# ----------------------------------------------------------------------------- the worker process

def _work(conn) -> None:
    """Answer queries from the pipe, one at a time, each into a spool file whose path is sent back."""
    import os

    import pyoxigraph as ox

    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    parent, stores = os.getppid(), {}
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the server is gone: so is its worker
                return
        db, text, fmt, spool = conn.recv()
        try:
            store = stores.get(db) or stores.setdefault(db, ox.Store.read_only(db))
            result = store.query(text, use_default_graph_as_union=True)
            with open(spool, "wb") as out:
                if isinstance(result, ox.QueryTriples):
                    kind = fmt if fmt in GRAPH_TYPES else "turtle"
                    result.serialize(out, ox.RdfFormat.N_TRIPLES if kind == "nt" else ox.RdfFormat.TURTLE)
                    conn.send(("done", GRAPH_TYPES[kind]))
                else:
                    kind = fmt if fmt in RESULT_TYPES else "json"
                    result.serialize(out, formats[kind])
                    conn.send(("done", RESULT_TYPES[kind]))
        except SyntaxError as error:
            conn.send(("error", 400, f"Malformed SPARQL: {' '.join(str(error).split())[:300]}"))
        except Exception as error:  # evaluation failed (a SERVICE that cannot be reached ...)
            conn.send(("error", 500, f"Query failed: {' '.join(str(error).split())[:300]}"))


class Worker:
    """One query process. Each query gets a deadline; past it, or if anything goes wrong on the way,
    the process is killed and replaced, so no answer is ever left behind for the next request."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.lock = threading.Lock()
        self._start()

    def _start(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(target=_work, args=(child,), daemon=True)
        self.process.start()

    def _restart(self) -> None:
        self.process.kill()
        self.process.join()
        self._start()

    def run(self, db: str, text: str, fmt: str, spool: str):
        """('done', content type) with the answer in the spool file, or ('error', status, message)."""
        import time

        with self.lock:
            deadline = time.monotonic() + self.timeout
            finished = False
            try:
                self.conn.send((db, text, fmt, spool))
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self.conn.poll(left):
                        return ("error", 503, f"Query stopped after the time limit of {self.timeout:g} s")
                    message = self.conn.recv()
                    finished = True
                    return message
            except (EOFError, OSError):
                return ("error", 500, "The query process ended unexpectedly; it has been restarted")
            finally:
                if not finished:
                    self._restart()

    def close(self) -> None:
        self.process.kill()


# ----------------------------------------------------------------------------- HTTP

def make_server(graph_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                allow_service: bool = False) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL over the store of a graph file (not yet serving)."""
    import tempfile

    from ..errors import KgError
    from .store import current_db, open_store

    if graph_path.suffix.lower() not in (".ttl", ".turtle"):
        raise KgError(f"kg serve reads a Turtle graph such as graph.ttl, not {graph_path.name}")
    open_store(graph_path)  # builds or refreshes the store, and fails early on a bad graph
    worker = Worker(timeout)
    spools = tempfile.mkdtemp(prefix="kg-serve-")

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/1"
        protocol_version = "HTTP/1.1"
        timeout = 60  # a client that stops reading or sending is dropped, not waited for

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
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 <= length <= MAX_BODY:
                    return self._plain(413 if length > MAX_BODY else 400, f"A request body is 0 to {MAX_BODY:,} bytes")
                body = self.rfile.read(length).decode("utf-8")
            except ValueError:  # a Content-Length that is not a number, or a body that is not UTF-8
                return self._plain(400, "Send a Content-Length and a UTF-8 body")
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
                return self._plain(403 if isinstance(error, UnsafeQuery) else 400, str(error))
            fmt = args.get("format") or self._negotiate()
            import os

            spool = os.path.join(spools, f"{threading.get_ident()}.answer")
            try:
                db = str(current_db(graph_path))  # a rebuilt graph is served from its new store
                message = worker.run(db, question.text, fmt, spool)
                if message[0] == "error":
                    return self._plain(message[1], message[2])
                size = os.path.getsize(spool)
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", message[1])
                self.send_header("Content-Length", str(size))
                self.end_headers()
                with open(spool, "rb") as answer:
                    shutil.copyfileobj(answer, self.wfile, 1 << 16)
            except KgError as error:
                self._plain(500, str(error))
            finally:
                if os.path.exists(spool):
                    os.unlink(spool)

        def _negotiate(self) -> str:
            for part in (self.headers.get("Accept") or "").split(","):
                kind = part.split(";")[0].strip().lower()
                if kind in ACCEPT:
                    return ACCEPT[kind]
            return "json"

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.worker = worker
    server.spools = spools
    return server
