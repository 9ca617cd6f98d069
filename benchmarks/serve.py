"""`kg serve` beside Oxigraph's own server on the same graph, side by side in one run: light queries at
1, 16 and 64 concurrent clients, light queries while heavy ones run (isolation), and a soak of kg
with its memory sampled every second.

    python benchmarks/serve.py [--graph seed|1m|PATH] [--seconds 10] [--workers N]

Graphs: `seed` is what `kg build seeds` makes; `1m` is about a million triples made as
benchmarks/query.py makes them (real extractions copied with distinct IRIs); PATH is a Turtle file.
kg runs as `kg serve -g GRAPH --timeout 5 [--workers N]` (the flag only when this kg has it);
Oxigraph as `oxigraph serve-read-only` over a store loaded from the same Turtle with `oxigraph load`.
Both bind to loopback. The load generator is this script: threads, each with its own keep-alive
http.client connection, in one client process by default (--client-procs spreads them over more);
a client check prints the rate it gets from Oxigraph on the COUNT alone from one process and from
two, and each light run prints the CPU the client and the server used, so a client-bound figure
shows. Each request is a POST of application/sparql-query asking for
application/sparql-results+json. Light queries rotate a COUNT, a 500-row SELECT and a two-pattern
join. The heavy query is a three-way cross join that no server finishes: kg stops it at its deadline
(503); Oxigraph has no deadline here, so the client cuts each one off after the same number of
seconds. Every wait has a timeout and the servers are stopped at the end whatever happens.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHT = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500",
    "SELECT ?a ?l WHERE { ?a a ?k . ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 100",
)
HEAVY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LEVELS = (1, 16, 64)
KG_TIMEOUT = 5.0
ACCEPT = "application/sparql-results+json"


# ----------------------------------------------------------------------------- graphs and servers

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_graph(which: str, folder: Path) -> Path:
    """The Turtle file to serve: the seed's graph, about a million triples, or a file given."""
    if which == "seed":
        out = folder / "seed"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "seeds", "-o", str(out)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, timeout=900)
        return out / "graph.ttl"
    if which == "1m":
        from query import big_graph, real_extractions  # benchmarks/query.py

        return big_graph(real_extractions(), 1_000_000, folder)
    path = Path(which).resolve()
    if not path.is_file():
        raise SystemExit(f"No such graph file: {path}")
    return path


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise SystemExit("The oxigraph command is missing: pip install oxigraph")
    return found


def kg_has_workers() -> bool:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    return "--workers" in done.stdout


class Server:
    """A server process in its own process group, stopped with its children."""

    def __init__(self, name: str, args: list[str], port: int, path: str, log: Path):
        self.name, self.port, self.path = name, port, path
        self.log = log.open("wb")
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, limit: float) -> None:
        """Until a light query is answered with 200 (or the limit passes, or the process ends)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} ended at start: {self.log.name}")
            try:
                status, _ = request(self.port, self.path, LIGHT[0], 10)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer within {limit:.0f} s: {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()


def request(port: int, path: str, text: str, timeout: float) -> tuple[int, int]:
    """One query on a new connection: (status, bytes of the answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=text.encode(), headers={"Content-Type": "application/sparql-query",
                                                                 "Accept": ACCEPT})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _read_each(pid: int, name: str):
    """The text of /proc/<member>/<name> for each member of a process tree still there."""
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/{name}") as handle:
                yield handle.read()
        except OSError:
            pass


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB, VmRSS summed)."""
    return sum(int(line.split()[1]) for text in _read_each(pid, "status")
               for line in text.splitlines() if line.startswith("VmRSS:"))


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process tree so far, with that of the children it has reaped."""
    ticks = sum(int(f) for text in _read_each(pid, "stat") for f in text.rsplit(")", 1)[1].split()[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------- the load generator

def _client_thread(port, path, texts, first, stop_at, timeout, cut, out) -> None:
    """Send queries on one keep-alive connection until stop_at; record (latency, outcome) per query.
    cut: read at most this many seconds of an answer, then drop the connection (outcome 'cut')."""
    conn, k = None, first
    headers = {"Content-Type": "application/sparql-query", "Accept": ACCEPT}
    while time.monotonic() < stop_at:
        text = texts[k % len(texts)]
        k += 1
        started = time.perf_counter()
        step = "connect "
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                conn.connect()
            step = ""
            conn.request("POST", path, body=text.encode(), headers=headers)
            response = conn.getresponse()
            if cut is None or response.status != 200:
                response.read()
            else:  # a streamed answer: read it for `cut` seconds at most
                ends = started + cut
                while response.read(1 << 16) and not response.isclosed():
                    if time.perf_counter() > ends:
                        raise TimeoutError
            outcome = str(response.status)
            if response.will_close:
                conn.close()
                conn = None
        except (TimeoutError, socket.timeout):
            outcome = "cut" if cut is not None else "timeout"
            conn.close()
            conn = None
        except (OSError, http.client.HTTPException) as error:
            outcome = step + type(error).__name__
            if conn is not None:
                conn.close()
            conn = None
            time.sleep(0.01)
        out.append((time.perf_counter() - started, outcome))
    if conn is not None:
        conn.close()


def _client_process(port, path, texts, threads, offset, start_at, stop_at, timeout, cut, pipe) -> None:
    import resource

    while time.monotonic() < start_at:
        time.sleep(min(0.01, max(0.0, start_at - time.monotonic())))
    results: list[list] = [[] for _ in range(threads)]
    workers = [threading.Thread(target=_client_thread, daemon=True,
                                args=(port, path, texts, offset + i, stop_at, timeout, cut, results[i]))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(max(0.0, stop_at - time.monotonic()) + timeout + 5)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe.send(([r for rs in results for r in rs], usage.ru_utime + usage.ru_stime))
    pipe.close()


class Load:
    """`clients` threads spread over up to `procs` processes sending `texts` for `seconds`."""

    def __init__(self, server: Server, texts, clients: int, seconds: float, procs: int, timeout: float,
                 cut: float | None = None, offset: int = 0):
        self.seconds, self.timeout = seconds, timeout
        procs = max(1, min(procs, clients))
        shares = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
        context = multiprocessing.get_context("fork")
        self.start_at = time.monotonic() + 0.3
        self.stop_at = self.start_at + seconds
        self.children = []
        given = offset
        for share in shares:
            mine, theirs = context.Pipe(duplex=False)
            process = context.Process(target=_client_process, daemon=True,
                                      args=(server.port, server.path, texts, share, given, self.start_at,
                                            self.stop_at, timeout, cut, theirs))
            process.start()
            theirs.close()
            self.children.append((process, mine))
            given += share

    def results(self) -> tuple[list, float, float]:
        """(latency, outcome) pairs, client CPU seconds, and the seconds measured."""
        records, cpu = [], 0.0
        limit = self.stop_at + self.timeout + 15
        for process, pipe in self.children:
            if pipe.poll(max(0.1, limit - time.monotonic())):
                got, used = pipe.recv()
                records += got
                cpu += used
            else:
                records.append((self.timeout, "client-hung"))
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        return records, cpu, self.seconds


def summarise(records: list, seconds: float) -> dict:
    latencies = sorted(latency for latency, outcome in records if outcome == "200")
    statuses = Counter(outcome for _, outcome in records)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"rate": len(latencies) / seconds, "p50": pct(0.50), "p99": pct(0.99), "n": len(records),
            "statuses": dict(statuses)}


def warm(server: Server) -> None:
    for text in LIGHT * 3:
        request(server.port, server.path, text, 30)


def light(server: Server, clients: int, seconds: float, procs: int) -> dict:
    warm(server)
    load = Load(server, LIGHT, clients, seconds, procs, timeout=30)
    while time.monotonic() < load.start_at:
        time.sleep(0.005)
    used = tree_cpu_seconds(server.process.pid)
    while time.monotonic() < load.stop_at:
        time.sleep(0.005)
    used = tree_cpu_seconds(server.process.pid) - used
    records, cpu, wall = load.results()
    result = summarise(records, wall)
    result["client_cpu"], result["server_cpu"] = cpu / wall, used / wall
    return result


def light_one(server: Server, procs: int) -> float:
    load = Load(server, LIGHT[:1], 16, 2.0, procs, timeout=30)
    records, _, wall = load.results()
    return summarise(records, wall)["rate"]


def isolation(server: Server, heavy: int, seconds: float, procs: int, cut: float) -> dict:
    """One light client (sequential queries) for `seconds` while `heavy` clients keep a cross join running."""
    heavies = Load(server, (HEAVY,), heavy, seconds + 2, procs, timeout=cut + 5, cut=cut) if heavy else None
    time.sleep(1.3)  # let the heavy queries take hold first
    lights = Load(server, LIGHT, 1, seconds, 1, timeout=cut * 3 + 30)
    records, _, wall = lights.results()
    result = summarise(records, wall)
    result["heavy"] = dict(Counter(o for _, o in heavies.results()[0])) if heavies else {}
    time.sleep(0.5)  # the heavy clients are gone: does the server still work on their queries?
    used = tree_cpu_seconds(server.process.pid)
    time.sleep(2.0)
    result["cpu_after"] = (tree_cpu_seconds(server.process.pid) - used) / 2.0
    return result


def soak(server: Server, clients: int, seconds: float, procs: int) -> dict:
    samples = [tree_rss_kb(server.process.pid)]
    load = Load(server, LIGHT, clients, seconds, procs, timeout=30)
    while time.monotonic() < load.stop_at:
        time.sleep(min(1.0, max(0.0, load.stop_at - time.monotonic())))
        samples.append(tree_rss_kb(server.process.pid))
    records, _, wall = load.results()
    samples.append(tree_rss_kb(server.process.pid))
    result = summarise(records, wall)
    result["rss_mb"] = (samples[0] / 1024, max(samples) / 1024, samples[-1] / 1024)
    return result


# ----------------------------------------------------------------------------- the run

def fmt_statuses(statuses: dict) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", default="seed", help="seed, 1m, or a Turtle file")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the soak")
    parser.add_argument("--workers", type=int, default=None,
                        help="kg serve's query workers (default: os.cpu_count(), if this kg has the flag)")
    parser.add_argument("--light-seconds", type=float, default=3.0, help="length of each light-query run")
    parser.add_argument("--memory-quads", type=int, default=None,
                        help="passed to kg serve (default: kg's own; 0 answers from the on-disk store, as Oxigraph does)")
    parser.add_argument("--client-procs", type=int, default=1,
                        help="client processes the client threads are spread over")
    args = parser.parse_args()

    workers = args.workers or os.cpu_count() or 1
    has_workers = kg_has_workers()
    oxigraph = oxigraph_command()
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="kg-serve-bench-") as tmp:
        folder = Path(tmp)
        try:
            started = time.perf_counter()
            graph = make_graph(args.graph, folder)
            made = time.perf_counter() - started
            store = folder / "oxigraph-store"
            started = time.perf_counter()
            subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(graph)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
            loaded = time.perf_counter() - started

            kg_args = [sys.executable, "-m", "kg.cli", "serve", "-g", str(graph), "--port", str(free_port()),
                       "--timeout", str(KG_TIMEOUT)]
            kg_args += ["--workers", str(workers)] if has_workers else []
            kg_args += ["--memory-quads", str(args.memory_quads)] if args.memory_quads is not None else []
            kg = Server("kg serve", kg_args, int(kg_args[kg_args.index("--port") + 1]), "/sparql",
                        folder / "kg.log")
            servers.append(kg)
            kg.wait_ready(1800)
            ox_port = free_port()
            ox = Server("oxigraph", [oxigraph, "serve-read-only", "--location", str(store),
                                     "--bind", f"127.0.0.1:{ox_port}"], ox_port, "/query", folder / "ox.log")
            servers.append(ox)
            ox.wait_ready(300)
            status, size = request(kg.port, kg.path, LIGHT[0], 30)
            print(f"graph: {args.graph} ({graph.stat().st_size / 1e6:.1f} MB of Turtle, made in {made:.0f} s; "
                  f"oxigraph load {loaded:.1f} s); {os.cpu_count()} CPUs; client processes: {args.client_procs}")
            print(f"kg serve: {' '.join(kg_args[3:])}" + ("" if has_workers else "  (no --workers flag: one worker)"))
            version = subprocess.run([oxigraph, "--version"], capture_output=True, text=True, timeout=30).stdout
            print(f"oxigraph: serve-read-only ({version.strip()})")

            # light queries
            print(f"\nlight queries, {args.light_seconds:g} s per run (p50/p99 of 200 answers, ms)")
            print(f"{'clients':>7} | {'kg req/s':>9} {'p50':>7} {'p99':>7} | {'ox req/s':>9} {'p50':>7} {'p99':>7} | "
                  f"{'kg/ox req/s':>11} {'p50':>6} {'p99':>6} | CPU cores: server kg ox, client kg ox | other outcomes")
            rows = {}
            for clients in LEVELS:
                a = light(kg, clients, args.light_seconds, args.client_procs)
                b = light(ox, clients, args.light_seconds, args.client_procs)
                rows[clients] = (a, b)
                others = {f"kg {k}": v for k, v in a["statuses"].items() if k != "200"}
                others.update({f"ox {k}": v for k, v in b["statuses"].items() if k != "200"})
                print(f"{clients:>7} | {a['rate']:9.0f} {a['p50']:7.1f} {a['p99']:7.1f} | {b['rate']:9.0f} "
                      f"{b['p50']:7.1f} {b['p99']:7.1f} | {a['rate'] / b['rate']:11.2f} {a['p50'] / b['p50']:6.1f} "
                      f"{a['p99'] / b['p99']:6.1f} | {a['server_cpu']:14.2f} {b['server_cpu']:4.2f} "
                      f"{a['client_cpu']:10.2f} {b['client_cpu']:4.2f} | "
                      f"{fmt_statuses(others)}", flush=True)

            # can the client drive a server faster than these rates? the COUNT alone against oxigraph
            check = [light_one(ox, procs) for procs in (1, 2)]
            print(f"client check: COUNT alone against oxigraph, 16 clients: {check[0]:.0f} req/s from 1 client "
                  f"process, {check[1]:.0f} req/s from 2", flush=True)

            # isolation
            span = max(3 * KG_TIMEOUT, args.light_seconds)
            heavy = max(0, workers - 1)
            print(f"\nisolation: 1 light client for {span:g} s while {heavy} client(s) send the cross join "
                  f"(kg stops it at {KG_TIMEOUT:g} s; for oxigraph the client cuts it at {KG_TIMEOUT:g} s)")
            iso = {}
            for server in (kg, ox):
                iso[server.name] = result = isolation(server, heavy, span, args.client_procs, KG_TIMEOUT)
                print(f"  {server.name:<9} light: {result['rate']:6.1f} req/s, p50 {result['p50']:8.1f} ms, "
                      f"p99 {result['p99']:8.1f} ms, outcomes {fmt_statuses(result['statuses'])}; "
                      f"heavy outcomes {fmt_statuses(result['heavy'])}; server CPU 0.5-2.5 s after the heavy clients "
                      f"stopped: {result['cpu_after']:.2f} cores", flush=True)
                if server.process.poll() is not None:
                    print(f"  {server.name} ended during the isolation run")
            ox_rss = tree_rss_kb(ox.process.pid) / 1024
            ox.stop()  # the soak is kg's alone

            # soak
            print(f"\nsoak: 64 clients for {args.seconds:g} s against kg serve")
            s = soak(kg, 64, args.seconds, args.client_procs)
            bad = {k: v for k, v in s["statuses"].items() if k not in ("200", "503")}
            print(f"  {s['rate']:.0f} req/s, p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms; outcomes "
                  f"{fmt_statuses(s['statuses'])}" + (f"  UNACCEPTABLE: {fmt_statuses(bad)}" if bad else ""))
            print(f"  kg serve memory (process tree VmRSS): start {s['rss_mb'][0]:.0f} MB, "
                  f"peak {s['rss_mb'][1]:.0f} MB, end {s['rss_mb'][2]:.0f} MB  "
                  f"(oxigraph after its runs: {ox_rss:.0f} MB)")

            # summary
            print("\nsummary (kg/oxigraph: req/s ratio above 1 and latency ratio below 1 favour kg)")
            print(f"{'part':<22} {'kg':>30} {'oxigraph':>30} {'kg/ox: req/s p99':>18}")
            for clients, (a, b) in rows.items():
                print(f"{f'light x{clients}':<22} {a['rate']:8.0f}/s p50 {a['p50']:6.1f} p99 {a['p99']:6.1f} "
                      f"{b['rate']:8.0f}/s p50 {b['p50']:6.1f} p99 {b['p99']:6.1f} "
                      f"{a['rate'] / b['rate']:6.2f} {a['p99'] / b['p99']:6.1f}")
            a, b = iso[kg.name], iso[ox.name]
            print(f"{f'isolation p99 ({heavy} heavy)':<22} {a['p99']:25.1f} ms {b['p99']:25.1f} ms "
                  f"{'':>6} {a['p99'] / b['p99']:6.1f}")
            print(f"{'  light outcomes':<22} {fmt_statuses(a['statuses']):>30} {fmt_statuses(b['statuses']):>30}")
            print(f"{'  heavy outcomes':<22} {fmt_statuses(a['heavy']):>30} {fmt_statuses(b['heavy']):>30}")
            print(f"{f'soak 64 x {args.seconds:g} s':<22} {fmt_statuses(s['statuses']):>30}")
            print(f"{'  memory MB':<22} {'start %.0f peak %.0f end %.0f' % s['rss_mb']:>30}")
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
