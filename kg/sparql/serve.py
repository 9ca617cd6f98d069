"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph's embedded store.

    GET  /sparql?query=...                       POST /sparql (form query=... or application/sparql-query)
    GET  /queries                                the catalogue as JSON (name, question, parameters)
    GET  /queries/NAME                           a question's SPARQL text
    GET  /queries/NAME/run?param=value&...       run a named question with its parameters
    GET  /ask?q=QUESTION                         a question in plain English, answered as `kg ask` does
    GET  /                                       the graph's page (graph.html beside the graph)

Results follow content negotiation (Accept, or ?format=json|csv|tsv|xml): SPARQL results JSON by
default for SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE. Updates get 403; SERVICE
gets 403 unless the server was started with --allow-service.

Requests are answered by a pool of worker processes (one per core by default). The server process
only holds the connections: when a request arrives on one, the connection itself (its file
descriptor) is handed to a free worker, which reads the request, runs the query and writes the answer
straight to the client, so an answer never passes through a second process. A request past its time
limit, or whose client leaves, has its worker killed and replaced (503), and the other workers go on.
At most `queue` requests wait for a worker; the next gets 503 with Retry-After. Answers past
--max-rows rows are cut and say so (a Kg-Results-Cut header, and a field in JSON, a comment in XML, a
last line in CSV, TSV and Turtle). A rebuilt graph is served from its new store. CORS is open, so
browser tools such as YASGUI can use the endpoint; the server binds to loopback unless told otherwise.

The HTTP is the standard library's (socketserver and http.server's request parsing) because the
worker that answers must be a process that can be killed in the middle of a query without touching
any other request: pyoxigraph cannot stop a query, and an ASGI server runs many requests in each of
its processes, so killing one would end the others.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socketserver
import threading
from http.server import BaseHTTPRequestHandler
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
IDLE = 60  # seconds a connection may wait, idle or mid-request, before it is closed


# ----------------------------------------------------------------------------- the worker processes

MAX_ROWS = 100_000   # rows (or triples) of one answer, past which it is cut and says so
MEMORY_QUADS = 100_000   # a graph up to this size is answered from memory (about 70 MB a worker)
HEADER_LIMIT = 65536   # bytes of a request line and headers


def _work(conn, ready, answering, parent: int, handler, warm) -> None:
    """Serve one request at a time on the connections the server hands over (each connection's
    descriptor, passed through a Unix socket pair): read it, answer it, write the answer to the client, and tell the
    server whether the connection stays open."""
    import select
    import socket

    from ..procs import die_with_parent

    die_with_parent(parent)  # killed with the server, even in the middle of a query
    context = _Context(answering, handler.memory_quads)
    try:  # the store is open (and in memory, if small) before the first request
        context.db = warm()
        context.store()
    except Exception:  # a graph being rebuilt: the first request opens it, or says what is wrong
        context.stores.clear()
    ready.send(os.getpid())
    while True:
        while not select.select([conn], [], [], 1.0)[0]:
            if os.getppid() != parent:  # the server is gone: so is its worker
                return
        db, fds, _, _ = socket.recv_fds(conn, 4096, 1)
        if not fds:  # the server closed its end
            return
        context.db = db.decode()
        connection = socket.socket(fileno=fds[0])
        try:
            close = handler(connection, connection.getpeername(), context).close_connection
        except Exception:  # the client left, or sent what cannot be read: its connection ends
            close = True
        finally:
            connection.close()  # this process's copy only: the server still holds the connection
        conn.send(b"c" if close else b"k")


class _Context:
    """What a worker's request handler knows beyond its request: the store to query, the flag it
    raises once its answer starts (the time limit then no longer applies), and the stores open."""

    def __init__(self, flag, memory_quads: int):
        self.flag, self.memory_quads, self.db, self.stores = flag, memory_quads, None, {}

    def answering(self) -> None:
        self.flag.value = 1

    def store(self):
        if self.db not in self.stores:  # the graph was rebuilt: its old store is let go
            self.stores.clear()
            self.stores[self.db] = _open_store(self.db, self.memory_quads)
        return self.stores[self.db]


def _open_store(db: str, memory_quads: int):
    """The store at db, copied into memory when it holds at most memory_quads quads (pyoxigraph
    answers from memory about three times as fast as from its on-disk store), else read from disk."""
    import itertools

    import pyoxigraph as ox

    disk = ox.Store.read_only(db)
    if memory_quads and sum(1 for _ in itertools.islice(disk, memory_quads + 1)) <= memory_quads:
        memory = ox.Store()
        memory.bulk_extend(disk)
        return memory
    return disk


def _read_request(connection) -> tuple[bytes, bool]:
    """One request's bytes, exactly (its head, and its body by Content-Length), never a byte of the
    next: the connection goes back to the server after this request. The server hands a connection
    over once the head is whole (Dispatch._head_waiting), so one look finds it. Whether the
    connection must close after it (a head too long, a body past MAX_BODY, or a chunked body)."""
    import re
    import socket

    seen = connection.recv(HEADER_LIMIT, socket.MSG_PEEK)
    head = seen.find(b"\r\n\r\n")
    if head < 0:
        return _recv_exactly(connection, len(seen)), True
    data = _recv_exactly(connection, head + 4)
    headers = data.decode("latin-1")
    if re.search(r"^transfer-encoding:", headers, re.I | re.M):
        return data, True
    found = re.search(r"^content-length:\s*(\d+)\s*$", headers, re.I | re.M)
    length = int(found.group(1)) if found else 0
    if length > MAX_BODY:
        return data, True
    if length and re.search(r"^expect:\s*100-continue", headers, re.I | re.M):
        connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    return data + _recv_exactly(connection, length), False


def _recv_exactly(connection, size: int) -> bytes:
    out = bytearray()
    while len(out) < size:
        part = connection.recv(size - len(out))
        if not part:
            break
        out += part
    return bytes(out)


def _query(store, text: str, fmt: str, spool: str, max_rows: int):
    """Run a query and write its answer: (content type, rows cut or None, the answer when small or
    None when it is in the spool file)."""
    import pyoxigraph as ox

    result = store.query(text, use_default_graph_as_union=True)
    with _Answer(spool) as out:  # the answer is whole before a byte of it is sent
        if isinstance(result, ox.QueryTriples):
            kind = fmt if fmt in GRAPH_TYPES else "turtle"
            return GRAPH_TYPES[kind], _write_triples(result, out, kind, max_rows), out.small()
        kind = fmt if fmt in RESULT_TYPES else "json"
        result.serialize(out, getattr(ox.QueryResultsFormat, kind.upper()))
        cut = None
        if not isinstance(result, ox.QueryBoolean) and out.size() > 2 * max_rows:
            # pyoxigraph writes the whole answer fast; a row takes at least two bytes, so an answer of
            # up to 2 x max_rows bytes cannot be too long. A longer one is written again, row by row,
            # to stop at max_rows.
            out.reset()
            cut = _write_solutions(store.query(text, use_default_graph_as_union=True), out, kind, max_rows)
        return RESULT_TYPES[kind], cut, out.small()


class _Answer:
    """Where a worker writes an answer: memory while it is small (sent back through the pipe, with no
    file to write and read), a spool file on disk once it is not (never a large answer in memory)."""
    SMALL = 256 * 1024

    def __init__(self, spool: str):
        import io

        self.spool, self.buffer, self.file = spool, io.BytesIO(), None

    def write(self, data: bytes) -> int:
        if self.file is None:
            self.buffer.write(data)
            if self.buffer.tell() > self.SMALL:
                self.file = open(self.spool, "wb")
                self.file.write(self.buffer.getvalue())
                self.buffer = None
            return len(data)
        return self.file.write(data)

    def size(self) -> int:
        return self.buffer.tell() if self.file is None else self.file.tell()

    def reset(self) -> None:
        """Start the answer again (empty)."""
        import io

        if self.file is not None:
            self.file.close()
            self.file = None
        self.buffer = io.BytesIO()

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def small(self) -> bytes | None:
        """The whole answer when it stayed in memory, else None (it is in the spool file)."""
        return self.buffer.getvalue() if self.file is None else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.file is not None:
            self.file.close()


def _write_triples(result, out, kind: str, max_rows: int) -> int | None:
    """A graph answer of at most max_rows triples; the number it was cut at, or None."""
    import itertools

    import pyoxigraph as ox

    triples = list(itertools.islice(result, max_rows + 1))
    cut = max_rows if len(triples) > max_rows else None
    ox.serialize(triples[:max_rows], out, ox.RdfFormat.N_TRIPLES if kind == "nt" else ox.RdfFormat.TURTLE)
    if cut:
        out.write(f"# cut at {cut} triples: the server's limit (kg serve --max-rows)\n".encode())
    return cut


def _write_solutions(result, out, kind: str, max_rows: int) -> int | None:
    """SELECT results of at most max_rows rows in the SPARQL results format `kind`, written row by row
    (memory stays flat); the number they were cut at, or None. pyoxigraph serialises whole answers
    only, so the rows are written here to be able to stop."""
    import csv
    import io
    from xml.sax.saxutils import escape, quoteattr

    names = [v.value for v in result.variables]
    rows = iter(result)
    cut = None
    if kind == "json":
        out.write(('{"head":{"vars":' + json.dumps(names) + '},"results":{"bindings":[').encode())
    elif kind == "xml":
        out.write(('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
                   + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head><results>").encode())
    elif kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
    else:
        out.write(("\t".join("?" + n for n in names) + "\n").encode())
    for number, row in enumerate(rows):
        if number >= max_rows:
            cut = max_rows
            break
        values = [row[n] for n in names]
        if kind == "json":
            out.write(((b"," if number else b"") + json.dumps(
                {n: _json_term(v) for n, v in zip(names, values) if v is not None}, ensure_ascii=False).encode()))
        elif kind == "xml":
            out.write(("<result>" + "".join(f"<binding name={quoteattr(n)}>{_xml_term(v, escape)}</binding>"
                                            for n, v in zip(names, values) if v is not None) + "</result>").encode())
        elif kind == "csv":
            writer.writerow(["" if v is None else (f"_:{v.value}" if type(v).__name__ == "BlankNode" else v.value)
                             for v in values])
            out.write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
        else:
            out.write(("\t".join("" if v is None else str(v) for v in values) + "\n").encode())
    note = f"results cut at {cut} rows: the server's limit (kg serve --max-rows)" if cut else ""
    if kind == "json":
        out.write(("]}" + (f',"truncated":{{"rows":{cut},"message":{json.dumps(note)}}}' if cut else "") + "}").encode())
    elif kind == "xml":
        out.write(("</results>" + (f"<!-- {note} -->" if cut else "") + "</sparql>\n").encode())
    elif cut:
        out.write(f"# {note}\n".encode())
    return cut


def _json_term(term) -> dict:
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _xml_term(term, escape) -> str:
    kind = type(term).__name__
    if kind == "NamedNode":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "BlankNode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "Literal":
        if term.language:
            return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


class _Spawner:
    """One long-lived thread that starts every worker process. The kernel's parent-death signal
    follows the thread that forked a process, not the process: a worker forked by a request's
    thread would be killed when that request's connection ends."""

    def __init__(self):
        import queue

        self.jobs: queue.Queue = queue.Queue()
        self.thread = None
        self.lock = threading.Lock()

    def call(self, job):
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="kg-spawner", daemon=True)
                self.thread.start()
        done, box = threading.Event(), []
        self.jobs.put((job, done, box))
        done.wait()
        if box and isinstance(box[0], BaseException):
            raise box[0]

    def _run(self) -> None:
        while True:
            job, done, box = self.jobs.get()
            try:
                job()
            except BaseException as error:  # handed to the caller
                box.append(error)
            finally:
                done.set()


_SPAWNER = _Spawner()


class Worker:
    """One query process, handed one client connection at a time. A request has a deadline until its
    answer starts; past it, if its client leaves, or if anything goes wrong on the way, the process is
    killed and replaced, so no answer is ever left behind for the next request."""
    WRITE_LIMIT = 65.0  # seconds an answer may take to reach its client (the socket's own timeout is 60)

    def __init__(self, timeout: float, handler, warm):
        self.timeout, self.handler, self.warm = timeout, handler, warm
        self._start()

    def _start(self) -> None:
        _SPAWNER.call(self._fork)

    def _fork(self) -> None:
        import socket

        # a Unix socket pair of messages: a store's path with the connection's descriptor one way, and
        # whether the connection stays open the other
        self.conn, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ready, ready_child = multiprocessing.Pipe(duplex=False)
        self.answering = multiprocessing.RawValue("b", 0)  # shared memory: raised once an answer starts
        self.process = multiprocessing.get_context("fork").Process(
            target=_work, args=(child, ready_child, self.answering, os.getpid(), self.handler, self.warm),
            daemon=True)
        self.process.start()
        child.close()
        ready_child.close()
        self.pid = ready.recv() if ready.poll(10) else self.process.pid
        ready.close()

    def _restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()
        self._start()

    def handle(self, connection, db: str, gone=lambda: False) -> tuple:
        """Hand the connection over for one request: ('done', whether the connection must close),
        ('error', status, message, Retry-After or None) when nothing was answered, or ('cut',) when an answer was cut off
        on its way (the connection must close). gone() says whether the client has left: its query
        is then stopped."""
        import select
        import socket
        import time

        deadline = time.monotonic() + self.timeout
        finished = extended = False
        self.answering.value = 0
        try:
            socket.send_fds(self.conn, [db.encode()], [connection.fileno()])
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    if self.answering.value and not extended:  # the answer is on its way: let it arrive
                        deadline, extended = time.monotonic() + self.WRITE_LIMIT, True
                        continue
                    if self.answering.value:
                        return ("cut",)
                    return ("error", 503, f"Query stopped after the time limit of {self.timeout:g} s",
                            str(max(1, int(self.timeout))))
                if select.select([self.conn], [], [], min(left, 0.25))[0]:
                    said = self.conn.recv(16)
                    if not said:
                        raise EOFError  # the worker ended
                    finished = True
                    return ("done", said == b"c")
                if gone():
                    return ("error", 499, "The client left", None)
        except (EOFError, OSError):
            if self.answering.value:
                return ("cut",)
            return ("error", 503, "The query process ended unexpectedly; it has been replaced. Try again", "1")
        finally:
            if not finished:
                self._restart()

    def close(self) -> None:
        self.process.kill()


class Pool:
    """Worker processes, each answering one request at a time, and a bounded queue in front of them:
    a request waits for a free worker at most as long as its time limit, and when `queue` requests are
    already waiting, the next is turned away at once (503 with Retry-After)."""

    def __init__(self, workers: int, timeout: float, queue: int, handler, warm):
        import queue as queues

        self.timeout = timeout
        self.idle: queues.Queue = queues.Queue()
        self.all = [Worker(timeout, handler, warm) for _ in range(workers)]
        for worker in self.all:
            self.idle.put(worker)
        self.admitted = threading.BoundedSemaphore(workers + queue)

    def handle(self, connection, db: str, gone=lambda: False) -> tuple:
        import queue as queues

        if not self.admitted.acquire(blocking=False):
            return ("busy", 503, "The server is busy: too many queries are waiting. Try again shortly", "1")
        try:
            try:
                worker = self.idle.get(timeout=self.timeout)
            except queues.Empty:
                return ("busy", 503, f"No worker became free within {self.timeout:g} s. Try again shortly", "1")
            try:
                return worker.handle(connection, db, gone)
            finally:
                self.idle.put(worker)
        finally:
            self.admitted.release()

    def pids(self) -> list[int]:
        return [w.pid for w in self.all]

    def close(self) -> None:
        for worker in self.all:
            worker.close()


# ----------------------------------------------------------------------------- HTTP

def make_server(graph_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                allow_service: bool = False, workers: int | None = None, queue: int = 64,
                max_rows: int = MAX_ROWS, memory_quads: int = MEMORY_QUADS) -> socketserver.ThreadingTCPServer:
    """An HTTP server answering SPARQL over the store of a graph file (not yet serving): `workers`
    query processes (default: one per core), at most `queue` requests waiting for one, answers cut
    at `max_rows` rows, a graph of at most `memory_quads` quads answered from a copy in each
    worker's memory."""
    import select
    import socket
    import tempfile

    from ..errors import KgError
    from .store import current_db, open_store

    if graph_path.suffix.lower() not in (".ttl", ".turtle"):
        raise KgError(f"kg serve reads a Turtle graph such as graph.ttl, not {graph_path.name}")
    open_store(graph_path)  # builds or refreshes the store, and fails early on a bad graph
    memory_quads_ = memory_quads
    spools = tempfile.mkdtemp(prefix="kg-serve-")
    in_flight = [0]
    counter = threading.Lock()
    known: dict = {}

    def store_now() -> str:
        """The store of the graph file as it is now; looked up again only when the file changed."""
        try:
            st = graph_path.stat()
            stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            stamp = None
        if stamp is None or known.get("stamp") != stamp:
            known.update(stamp=stamp, db=str(current_db(graph_path)))
        return known["db"]

    class Handler(BaseHTTPRequestHandler):
        """One request, in a worker process, on the connection the server handed over."""
        server_version = "kg-sparql/1"
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # an answer goes out at once, not 40 ms later
        timeout = IDLE  # a client that stops reading or sending is dropped, not waited for
        wbufsize = _Answer.SMALL + 16384  # a small answer leaves with its headers, in one write
        memory_quads = memory_quads_

        def setup(self) -> None:
            import io

            super().setup()
            request, self.must_close = _read_request(self.connection)
            self.rfile = io.BytesIO(request)

        def handle(self) -> None:
            self.handle_one_request()
            if self.must_close:
                self.close_connection = True

        def handle_expect_100(self) -> bool:  # _read_request has said 100 Continue already
            return True

        def send_response(self, code: int, message: str | None = None) -> None:
            self.server.answering()
            super().send_response(code, message)

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
            if parts == ["ask"]:
                return self._ask(args)
            if not parts or parts == ["graph.html"]:
                return self._page()
            self._plain(404, "Not found. Endpoints: / (the graph's page), /sparql, /ask?q=, /queries, "
                             "/queries/NAME, /queries/NAME/run")

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
            spool = os.path.join(spools, f"{os.getpid()}.answer")
            try:
                try:
                    content_type, cut, small = _query(self.server.store(), question.text, fmt, spool, max_rows)
                except SyntaxError as error:
                    return self._plain(400, f"Malformed SPARQL: {' '.join(str(error).split())[:300]}")
                except Exception as error:  # evaluation failed (a SERVICE that cannot be reached ...)
                    return self._plain(500, f"Query failed: {' '.join(str(error).split())[:300]}")
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(small) if small is not None else os.path.getsize(spool)))
                if cut:
                    self.send_header("Kg-Results-Cut", f"{cut} rows: the server's limit (kg serve --max-rows)")
                self.end_headers()
                if small is not None:
                    self.wfile.write(small)
                else:
                    self.wfile.flush()
                    with open(spool, "rb") as answer:
                        self.connection.sendfile(answer)
            finally:
                if os.path.exists(spool):
                    os.unlink(spool)

        def _page(self) -> None:
            """The graph's page (graph.html beside the graph), whose search box asks this server."""
            page = graph_path.with_name("graph.html")
            try:
                body = page.read_bytes()
            except OSError:
                return self._plain(404, f"No page beside {graph_path.name}: kg build writes graph.html. "
                                        "Endpoints: /sparql, /ask?q=, /queries")
            self.send_response(200)
            self._cors()
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _ask(self, args: dict) -> None:
            """A question in plain English (?q=), answered as `kg ask` answers it: JSON (question,
            understood, sparql, columns, rows), CSV, TSV or a table (text/plain). A question kg cannot
            answer gets 422 with the one line saying why."""
            import io

            from ..ask import CannotAnswer, answer_store, write

            question = (args.get("q") or "").strip()
            # Accept: text/plain negotiates as "nt" for graphs; for an answer it is the table
            kinds = {"json": "json", "csv": "csv", "tsv": "tsv", "nt": "table", "table": "table"}
            fmt = kinds.get(args.get("format") or self._negotiate(), "json")
            if not question:
                return self._plain(400, "Pass the question as ?q=...")
            try:
                found = answer_store(question, self.server.store())
            except CannotAnswer as error:
                if fmt == "json":
                    return self._plain(422, json.dumps({"question": question, "error": str(error)}, ensure_ascii=False),
                                       "application/json; charset=utf-8")
                return self._plain(422, str(error))
            out = io.StringIO()
            write(found, fmt, out)
            self._plain(200, out.getvalue(), {"json": "application/json; charset=utf-8", "csv": RESULT_TYPES["csv"],
                                              "tsv": RESULT_TYPES["tsv"]}.get(fmt, "text/plain; charset=utf-8"))

        def _negotiate(self) -> str:
            for part in (self.headers.get("Accept") or "").split(","):
                kind = part.split(";")[0].strip().lower()
                if kind in ACCEPT:
                    return ACCEPT[kind]
            return "json"

    pool = Pool(workers or os.cpu_count() or 1, timeout, queue, Handler, store_now)

    class Dispatch(socketserver.BaseRequestHandler):
        """A client's connection, in the server: each request on it goes to a free worker, which reads
        and answers it; the connection comes back here between requests."""

        def setup(self) -> None:
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.request.settimeout(IDLE)

        def handle(self) -> None:
            connection = self.request
            while True:
                try:
                    if not self._head_waiting(connection):
                        return  # the client closed it, or sent no whole request head within the limit
                except (OSError, ValueError):
                    return
                with counter:
                    in_flight[0] += 1
                try:
                    outcome = pool.handle(connection, store_now(), self._gone)
                except KgError as error:  # the graph's store cannot be found
                    outcome = ("busy", 500, str(error), None)
                finally:
                    with counter:
                        in_flight[0] -= 1
                if outcome[0] == "done" and not outcome[1]:
                    continue
                if outcome[0] in ("busy", "error") and outcome[1] != 499:
                    _refuse(connection, *outcome[1:], unread=outcome[0] == "busy")
                return

        @staticmethod
        def _head_waiting(connection) -> bool:
            """Wait, here and not in a worker, until a request's whole head has come (or as much as a
            head may hold): a client sending its request slowly holds no worker. False when the client
            closed the connection or sent no whole head within the idle limit."""
            import time

            ends = time.monotonic() + IDLE
            while select.select([connection], [], [], max(0.0, ends - time.monotonic()))[0]:
                seen = connection.recv(HEADER_LIMIT, socket.MSG_PEEK)
                if not seen:
                    return False
                if b"\r\n\r\n" in seen or len(seen) >= HEADER_LIMIT:
                    return True
                if time.monotonic() > ends:
                    return False
                time.sleep(0.005)  # the rest of the head is on its way
            return False

        def _gone(self) -> bool:
            """Whether the client has closed its connection (a request of its own waiting to be read
            is not leaving)."""
            try:
                readable, _, _ = select.select([self.request], [], [], 0)
                return bool(readable) and self.request.recv(1, socket.MSG_PEEK) == b""
            except (OSError, ValueError):
                return True

    server = _Server((host, port), Dispatch)
    server.pool = pool
    server.spools = spools
    server.in_flight = lambda: in_flight[0]
    return server


def _refuse(connection, status: int, text: str, retry: str | None, unread: bool) -> None:
    """Answer a request no worker answered (503, or 500 when the store is gone), and close. A request
    still unread is read first: closing on unread bytes would reset the connection, and the client
    would never see the answer."""
    import email.utils

    if unread:
        connection.settimeout(0.5)
        try:
            taken = 0
            while taken <= MAX_BODY + HEADER_LIMIT:
                part = connection.recv(1 << 16)
                if not part:
                    break
                taken += len(part)
                connection.settimeout(0.0)
        except OSError:  # nothing more has come
            pass
    body = text.encode("utf-8")
    head = (f"HTTP/1.1 {status} {BaseHTTPRequestHandler.responses.get(status, ('Error',))[0]}\r\n"
            f"Server: kg-sparql/1\r\nDate: {email.utils.formatdate(usegmt=True)}\r\n"
            "Access-Control-Allow-Origin: *\r\n"
            + (f"Retry-After: {retry}\r\n" if retry else "")
            + f"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    try:
        connection.settimeout(IDLE)
        connection.sendall(head.encode("latin-1") + body)
    except OSError:
        pass


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 256  # connections the kernel holds before accept: many clients at once are not reset


def serve_until_stopped(server, grace: float) -> None:
    """Serve until SIGTERM or Ctrl-C; then stop taking requests, let the queries in flight finish
    (for at most `grace` seconds), and close the workers."""
    import signal
    import time

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        ends = time.monotonic() + grace
        while server.in_flight() and time.monotonic() < ends:
            time.sleep(0.05)
        server.pool.close()
        server.server_close()
        shutil.rmtree(server.spools, ignore_errors=True)
