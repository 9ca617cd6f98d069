"""kg serve under load and faults: a slow query does not stall the others, a full queue is turned
away, a killed worker is replaced, a client that leaves frees its worker, SIGTERM finishes what is in
flight, and long answers are cut and say so. Loopback only; every wait is bounded."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import free_port

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = "ASK { ?s ?p ?o }"
ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def start(graph, *options):
    """A kg serve process on a free port, once it answers; (process, base URL)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "-g", str(graph), "--port", str(port), *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/queries", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("kg serve did not start: " + process.stderr.read())


def stop(process):
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def ask(url, query, timeout=20, headers=None):
    request = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def raw_get(query):
    """The bytes of a GET of /sparql with this query, as a client writes them on its socket."""
    return f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def connect(url):
    """A raw socket to the server at url."""
    return socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])))


def in_background(url, query, results, timeout=20):
    def run():
        try:
            results.append(ask(url, query, timeout))
        except OSError as error:  # the test stopped the server first
            results.append((None, {}, str(error)))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def test_a_slow_query_does_not_stall_a_light_one(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "2", "--timeout", "4")
    try:
        slow = []
        in_background(url, SLOW, slow)
        time.sleep(0.3)  # the slow one holds a worker
        started = time.perf_counter()
        status, _, body = ask(url, LIGHT)
        assert status == 200 and json.loads(body)["boolean"] is True
        assert time.perf_counter() - started < 2
    finally:
        stop(process)


def test_a_full_queue_is_turned_away_with_retry_after(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--queue", "1", "--timeout", "3")
    try:
        results = []
        threads = [in_background(url, SLOW, results) for _ in range(2)]  # one runs, one waits
        time.sleep(0.5)
        started = time.perf_counter()
        status, headers, body = ask(url, LIGHT)
        assert status == 503 and headers.get("Retry-After") == "1" and "busy" in body
        assert time.perf_counter() - started < 1  # turned away at once, not after waiting
        for thread in threads:
            thread.join(15)
        assert sorted(r[0] for r in results) == [503, 503]  # both slow ones met the time limit
        assert ask(url, LIGHT)[0] == 200
    finally:
        stop(process)


def test_a_killed_worker_gives_its_client_a_503_and_is_replaced(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--timeout", "10")
    try:
        results = []
        thread = in_background(url, SLOW, results)
        time.sleep(0.5)
        workers = children(process.pid)
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        thread.join(10)
        assert results and results[0][0] == 503 and "replaced" in results[0][2]
        status, _, body = ask(url, LIGHT)
        assert status == 200
        assert children(process.pid) != workers
    finally:
        stop(process)


def test_a_client_that_leaves_frees_its_worker(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--timeout", "20")
    try:
        with connect(url) as s:
            s.sendall(raw_get(SLOW))
            time.sleep(0.5)
        started = time.perf_counter()
        status, _, _ = ask(url, LIGHT)  # the only worker was held by the query nobody waits for
        assert status == 200 and time.perf_counter() - started < 3
    finally:
        stop(process)


def test_sigterm_finishes_the_query_in_flight_and_exits_0(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--timeout", "2")
    results = []
    thread = in_background(url, SLOW, results)
    time.sleep(0.3)
    workers = children(process.pid)
    process.send_signal(signal.SIGTERM)
    thread.join(10)
    assert process.wait(timeout=10) == 0
    assert results and results[0][0] == 503 and "time limit" in results[0][2]  # answered, not dropped
    time.sleep(0.2)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)


def test_an_answer_past_max_rows_is_cut_and_says_so(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--max-rows", "7")
    try:
        status, headers, body = ask(url, ROWS)
        data = json.loads(body)
        assert status == 200 and len(data["results"]["bindings"]) == 7
        assert data["truncated"]["rows"] == 7 and headers["Kg-Results-Cut"].startswith("7 rows")
        status, headers, body = ask(url, ROWS, headers={"Accept": "text/csv"})
        lines = body.strip().splitlines()
        assert len(lines) == 1 + 7 + 1 and lines[-1].startswith("# results cut at 7 rows")
        status, headers, body = ask(url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"})
        assert len([line for line in body.splitlines() if line and not line.startswith("#")]) == 7
        assert body.rstrip().endswith("(kg serve --max-rows)")
        status, headers, body = ask(url, "SELECT ?s WHERE { ?s a <https://schema.org/NewsArticle> }")
        assert "truncated" not in json.loads(body) and "Kg-Results-Cut" not in headers
    finally:
        stop(process)


def test_workers_die_with_a_server_killed_mid_query(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "2", "--timeout", "30")
    results = []
    in_background(url, SLOW, results)  # a worker busy in a long query does not look at its parent
    time.sleep(0.5)
    workers = children(process.pid)
    assert len(workers) == 2
    process.kill()
    process.wait(timeout=10)
    ends = time.monotonic() + 5
    while time.monotonic() < ends and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def _responses(sock, count, limit=10):
    """`count` HTTP responses read off a raw socket: (status, body) each, by Content-Length."""
    sock.settimeout(limit)
    data, out = b"", []
    while len(out) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            length = int(next(line.split(":", 1)[1] for line in head.split("\r\n") if line.lower().startswith("content-length:")))
            if len(data) >= head_end + 4 + length:
                status = int(head.split()[1])
                if status != 100:
                    out.append((status, data[head_end + 4:head_end + 4 + length].decode()))
                data = data[head_end + 4 + length:]
                continue
        part = sock.recv(65536)
        if not part:
            break
        data += part
    return out


def test_requests_sent_together_on_one_connection_are_each_answered(seed_dir):
    """A client may send its next request before the answer to the last (pipelining): each worker reads
    exactly its own request, so the next is left for the next worker, not lost."""
    process, url = start(seed_dir / "graph.ttl", "--workers", "2")
    try:
        body = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/NewsArticle> }".encode()
        second = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        with connect(url) as s:
            s.sendall(raw_get(LIGHT) + second + b"GET /queries/meetings HTTP/1.1\r\nHost: x\r\n\r\n")
            answers = _responses(s, 3)
        assert [status for status, _ in answers] == [200, 200, 200]
        assert json.loads(answers[0][1])["boolean"] is True
        assert json.loads(answers[1][1])["results"]["bindings"][0]["n"]["value"] == "1"
        assert "SELECT" in answers[2][1]
    finally:
        stop(process)


def test_a_request_whose_head_arrives_in_pieces_and_one_that_expects_100_continue(seed_dir):
    process, url = start(seed_dir / "graph.ttl", "--workers", "1")
    try:
        with connect(url) as s:
            request = raw_get(LIGHT)
            s.sendall(request[:20])
            time.sleep(0.3)
            s.sendall(request[20:])
            assert _responses(s, 1)[0][0] == 200
            body = LIGHT.encode()
            s.sendall((f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                       f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n").encode())
            s.settimeout(5)
            assert s.recv(25).startswith(b"HTTP/1.1 100 Continue")
            s.sendall(body)
            status, text = _responses(s, 1)[0]
            assert status == 200 and json.loads(text)["boolean"] is True
    finally:
        stop(process)


def test_a_small_graph_is_answered_from_memory_and_a_large_one_from_disk_alike(seed_dir):
    import pyoxigraph as ox

    from kg.sparql.serve import _open_store
    from kg.sparql.store import current_db

    db = str(current_db(seed_dir / "graph.ttl"))
    size = len(ox.Store.read_only(db))
    memory, disk = _open_store(db, size), _open_store(db, size - 1)
    assert len(memory) == len(disk) == size
    assert type(memory.query("ASK {}")) is type(disk.query("ASK {}"))
    with pytest.raises(RuntimeError):  # the on-disk store is read-only; the copy in memory is a plain store
        disk.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("c")))
    memory.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b"), ox.Literal("c")))
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    rows = lambda store: [tuple(str(t) for t in row) for row in store.query(query, use_default_graph_as_union=True)]
    assert len(rows(memory)) == size + 1 and rows(disk) == [r for r in rows(memory) if "example.org/a" not in r[0]]


def test_a_graph_rebuilt_under_the_server_is_answered_from_its_new_store(seed_dir, tmp_path):
    import shutil

    graph = tmp_path / "graph.ttl"
    shutil.copy(seed_dir / "graph.ttl", graph)
    meetings = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://kg.example.org/ontology#Meeting> }"
    process, url = start(graph, "--workers", "2")
    try:
        count = lambda: json.loads(ask(url, meetings)[2])["results"]["bindings"][0]["n"]["value"]
        assert [count() for _ in range(4)] == ["1"] * 4
        text = graph.read_text(encoding="utf-8")
        graph.with_suffix(".new").write_text(text.replace("ontology#Meeting>", "ontology#Gathering>")
                                             .replace("kg:Meeting", "kg:Gathering"), encoding="utf-8")
        os.replace(graph.with_suffix(".new"), graph)
        assert [count() for _ in range(4)] == ["0"] * 4  # both workers, whichever answers
    finally:
        stop(process)


def test_a_client_sending_its_request_slowly_holds_no_worker(seed_dir):
    """A request head that has not all come is waited for by the server, not by a worker: the only
    worker answers others meanwhile, and the slow request is answered once its head is whole."""
    process, url = start(seed_dir / "graph.ttl", "--workers", "1", "--timeout", "2")
    try:
        with connect(url) as slow:
            request = raw_get(LIGHT)
            slow.sendall(request[:30])
            time.sleep(0.3)
            for _ in range(3):  # past the 2 s time limit in all: a worker held by the slow head would have been killed
                started = time.perf_counter()
                status, _, _ = ask(url, LIGHT)
                assert status == 200 and time.perf_counter() - started < 1.5
                time.sleep(0.5)
            slow.sendall(request[30:])
            assert _responses(slow, 1)[0][0] == 200
    finally:
        stop(process)
