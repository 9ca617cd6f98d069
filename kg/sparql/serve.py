"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph's embedded store.

    GET  /sparql?query=...                       POST /sparql (form query=... or application/sparql-query)
    GET  /queries                                the catalogue as JSON (name, question, parameters)
    GET  /queries/NAME                           a question's SPARQL text
    GET  /queries/NAME/run?param=value&...       run a named question with its parameters

Results follow content negotiation (Accept, or ?format=json|csv|tsv|xml): SPARQL results JSON by
default for SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE. Updates get 403; SERVICE
gets 403 unless the server was started with --allow-service. Queries run on a pool of worker
processes (one per core by default), each writing its answer to a spool file on disk (never the
whole answer in memory); a query past its time limit, or whose client leaves, has its worker killed
and replaced (503), and the other workers go on. At most `queue` queries wait for a worker; the next
gets 503 with Retry-After. Answers past --max-rows rows are cut and say so (a Kg-Results-Cut header,
and a field in JSON, a comment in XML, a last line in CSV, TSV and Turtle). A rebuilt graph is
served from its new store. CORS is open, so browser tools
such as YASGUI can use the endpoint; the server binds to loopback unless told otherwise.
"""
from __future__ import annotations

import json
import multiprocessing
import os
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


# ----------------------------------------------------------------------------- the worker processes

MAX_ROWS = 100_000   # rows (or triples) of one answer, past which it is cut and says so


def _work(conn, ready, parent: int) -> None:
    """Answer queries from the pipe, one at a time: a small answer goes back through the pipe, a
    large one into the spool file named with the query."""
    import pyoxigraph as ox

    from ..procs import die_with_parent

    die_with_parent(parent)  # killed with the server, even in the middle of a query
    stores = {}
    ready.send(os.getpid())
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the server is gone: so is its worker
                return
        db, text, fmt, spool, max_rows = conn.recv()
        try:
            if db not in stores:  # the graph was rebuilt: its old store is let go
                stores.clear()
                stores[db] = ox.Store.read_only(db)
            store = stores[db]
            result = store.query(text, use_default_graph_as_union=True)
            with _Answer(spool) as out:  # the answer is whole before the server is told
                if isinstance(result, ox.QueryTriples):
                    kind = fmt if fmt in GRAPH_TYPES else "turtle"
                    message = ("done", GRAPH_TYPES[kind], _write_triples(result, out, kind, max_rows))
                elif isinstance(result, ox.QueryBoolean):
                    kind = fmt if fmt in RESULT_TYPES else "json"
                    result.serialize(out, getattr(ox.QueryResultsFormat, kind.upper()))
                    message = ("done", RESULT_TYPES[kind], None)
                else:
                    # pyoxigraph writes the whole answer fast; a row takes at least two bytes, so an
                    # answer of up to 2 x max_rows bytes cannot be too long. A longer one is written
                    # again, row by row, to stop at max_rows.
                    kind = fmt if fmt in RESULT_TYPES else "json"
                    result.serialize(out, getattr(ox.QueryResultsFormat, kind.upper()))
                    cut = None
                    if out.size() > 2 * max_rows:
                        out.reset()
                        cut = _write_solutions(store.query(text, use_default_graph_as_union=True), out, kind, max_rows)
                    message = ("done", RESULT_TYPES[kind], cut)
            conn.send(message + (out.small(),))
        except SyntaxError as error:
            conn.send(("error", 400, f"Malformed SPARQL: {' '.join(str(error).split())[:300]}"))
        except Exception as error:  # evaluation failed (a SERVICE that cannot be reached ...)
            conn.send(("error", 500, f"Query failed: {' '.join(str(error).split())[:300]}"))


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
    """One query process. Each query gets a deadline; past it, if its client leaves, or if anything
    goes wrong on the way, the process is killed and replaced, so no answer is ever left behind for
    the next request."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._start()

    def _start(self) -> None:
        _SPAWNER.call(self._fork)

    def _fork(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        ready, ready_child = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.get_context("fork").Process(
            target=_work, args=(child, ready_child, os.getpid()), daemon=True)
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

    def run(self, db: str, text: str, fmt: str, spool: str, max_rows: int, gone=lambda: False):
        """('done', content type, rows cut or None) with the answer in the spool file, or ('error',
        status, message). gone() says whether the client has left: its query is then stopped."""
        import time

        deadline = time.monotonic() + self.timeout
        finished = False
        try:
            self.conn.send((db, text, fmt, spool, max_rows))
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return ("error", 503, f"Query stopped after the time limit of {self.timeout:g} s")
                if self.conn.poll(min(left, 0.25)):
                    message = self.conn.recv()
                    finished = True
                    return message
                if gone():
                    return ("error", 499, "The client left")
        except (EOFError, OSError):
            return ("error", 503, "The query process ended unexpectedly; it has been replaced. Try again")
        finally:
            if not finished:
                self._restart()

    def close(self) -> None:
        self.process.kill()


class Pool:
    """Worker processes, each answering one query at a time, and a bounded queue in front of them:
    a query waits for a free worker at most as long as its time limit, and when `queue` queries are
    already waiting, the next is turned away at once (503 with Retry-After)."""

    def __init__(self, workers: int, timeout: float, queue: int):
        import queue as queues

        self.timeout = timeout
        self.idle: queues.Queue = queues.Queue()
        self.all = [Worker(timeout) for _ in range(workers)]
        for worker in self.all:
            self.idle.put(worker)
        self.admitted = threading.BoundedSemaphore(workers + queue)

    def run(self, db: str, text: str, fmt: str, spool: str, max_rows: int, gone=lambda: False):
        import queue as queues

        if not self.admitted.acquire(blocking=False):
            return ("error", 503, "The server is busy: too many queries are waiting. Try again shortly")
        try:
            try:
                worker = self.idle.get(timeout=self.timeout)
            except queues.Empty:
                return ("error", 503, f"No worker became free within {self.timeout:g} s. Try again shortly")
            try:
                return worker.run(db, text, fmt, spool, max_rows, gone)
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
                max_rows: int = MAX_ROWS) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL over the store of a graph file (not yet serving): `workers`
    query processes (default: one per core), at most `queue` queries waiting for one, answers cut
    at `max_rows` rows."""
    import tempfile

    from ..errors import KgError
    from .store import current_db, open_store

    if graph_path.suffix.lower() not in (".ttl", ".turtle"):
        raise KgError(f"kg serve reads a Turtle graph such as graph.ttl, not {graph_path.name}")
    open_store(graph_path)  # builds or refreshes the store, and fails early on a bad graph
    pool = Pool(workers or os.cpu_count() or 1, timeout, queue)
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
        server_version = "kg-sparql/1"
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
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
            if status == 503:
                self.send_header("Retry-After", "1" if "busy" in text or "worker" in text else str(max(1, int(timeout))))
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
            spool = os.path.join(spools, f"{threading.get_ident()}.answer")
            with counter:
                in_flight[0] += 1
            try:
                db = store_now()  # a rebuilt graph is served from its new store
                message = pool.run(db, question.text, fmt, spool, max_rows, self._gone)
                if message[0] == "error":
                    if message[1] == 499:  # the client left: nobody to answer
                        self.close_connection = True
                        return
                    return self._plain(message[1], message[2])
                small = message[3]
                size = len(small) if small is not None else os.path.getsize(spool)
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", message[1])
                self.send_header("Content-Length", str(size))
                if message[2]:
                    self.send_header("Kg-Results-Cut", f"{message[2]} rows: the server's limit (kg serve --max-rows)")
                self.end_headers()
                if small is not None:
                    self.wfile.write(small)
                else:
                    with open(spool, "rb") as answer:
                        shutil.copyfileobj(answer, self.wfile, 1 << 16)
            except KgError as error:
                self._plain(500, str(error))
            except OSError:  # the client left while the answer was sent
                self.close_connection = True
            finally:
                with counter:
                    in_flight[0] -= 1
                if os.path.exists(spool):
                    os.unlink(spool)

        def _gone(self) -> bool:
            """Whether the client has closed its connection (a request of its own waiting to be read
            is not leaving)."""
            import select
            import socket

            try:
                readable, _, _ = select.select([self.connection], [], [], 0)
                return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
            except (OSError, ValueError):
                return True

        def _negotiate(self) -> str:
            for part in (self.headers.get("Accept") or "").split(","):
                kind = part.split(";")[0].strip().lower()
                if kind in ACCEPT:
                    return ACCEPT[kind]
            return "json"

    server = _Server((host, port), Handler)
    server.daemon_threads = True
    server.pool = pool
    server.spools = spools
    server.in_flight = lambda: in_flight[0]
    return server


class _Server(ThreadingHTTPServer):
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
