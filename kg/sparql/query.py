"""The SPARQL catalogue: find a question, bind its parameters, run it, write the answer.

Two engines answer the same question: rdflib over an in-memory Graph (the modelling API, and what
Python users hold), and an embedded pyoxigraph store (what `kg query` uses: fast at corpus scale).
Answers are streamed as rows of cells, so a large result is written as it is read.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO

from ..errors import QueryError, UnsafeQuery

_SPARQL_START = re.compile(r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH|#)\b", re.I)
_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_][\w-]*)(\??)\s+(.*)$", re.M)
_UPDATE = re.compile(r"(?<![?$\w:])(?:(?:INSERT|DELETE)\s*(?:DATA\b|\{|WHERE\b)|(?:LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b)", re.I)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: A cell of an answer: (kind, value, datatype, language), kind being "uri", "literal" or "bnode"; None when unbound.
Cell = tuple[str, str, str | None, str | None] | None


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class Question:
    name: str
    question: str
    text: str
    params: tuple[Param, ...] = ()


@dataclass
class Answer:
    """What a query returns: variables and a stream of rows (SELECT), a boolean (ASK) or triples."""
    kind: str                          # "select", "ask" or "graph"
    variables: list[str]
    rows: Iterator[list[Cell]]
    boolean: bool | None = None
    graph: bytes | None = None         # N-Triples of a CONSTRUCT or DESCRIBE


# ----------------------------------------------------------------------------- the catalogue

def catalogue_dir():
    """The folder of named questions: the project's queries/ (also shipped inside the package)."""
    here = Path(__file__).resolve().parents[2] / "queries"
    if here.is_dir():
        return here
    return resources.files("kg.queries")


def catalogue() -> dict[str, Question]:
    """Every named question, by name."""
    out = {}
    for entry in sorted(catalogue_dir().iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            q = parse_question(entry.name[:-3], entry.read_text(encoding="utf-8"))
            out[q.name] = q
    return out


def parse_question(name: str, text: str) -> Question:
    """A question from its .rq text: '# question:' says what it answers, '# param: NAME[?]  what it is'
    declares a parameter (with '?', optional).

    >>> parse_question("q", "# question: Who met?\\n# param: person?  a name\\nSELECT * WHERE {}").params
    (Param(name='person', description='a name', required=False),)
    """
    found = re.search(r"^#\s*question:\s*(.+)$", text, re.M)
    params = tuple(Param(m.group(1), m.group(3).strip(), not m.group(2)) for m in _PARAM.finditer(text))
    return Question(name, found.group(1).strip() if found else "", text, params)


def resolve_question(spec: str) -> Question:
    """A catalogue name, a .rq file or SPARQL text, as a Question."""
    known = catalogue()
    if spec in known:
        return known[spec]
    path = Path(spec)
    if spec.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"Query file not found: {spec}")
        return parse_question(path.stem, path.read_text(encoding="utf-8"))
    if _SPARQL_START.match(spec) or re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I):
        return parse_question("query", spec)
    raise QueryError(f"Unknown question '{spec}'. Known: {', '.join(known)}")


# ----------------------------------------------------------------------------- safety and parameters

def _masked(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), for keyword checks."""
    pattern = re.compile(r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>')
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def check_safe(question: Question, allow_service: bool = False) -> None:
    """Refuse updates (INSERT, DELETE, LOAD ...) always, and SERVICE unless allowed, so that a query
    neither changes the data nor reaches the network (unless SERVICE is allowed)."""
    # SPARQL lets \uXXXX stand for any character of the query: read them before looking for keywords
    text = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), question.text)
    masked = _masked(text)
    if _UPDATE.search(masked):
        raise UnsafeQuery(f"'{question.name}' is an update (INSERT, DELETE, LOAD, CLEAR ...); kg only reads graphs")
    if not allow_service and re.search(r"\bSERVICE\b", masked, re.I):
        raise UnsafeQuery(f"'{question.name}' uses SERVICE, which would query another endpoint over the network; "
                         "pass --allow-service to permit it")


def bind(question: Question, values: dict[str, str]) -> Question:
    """The question with its parameters bound by a VALUES block at the start of its WHERE clause:
    parameter NAME is the variable ?param_NAME. Each value becomes an escaped RDF term (an IRI when it
    looks like one, else a string), so what a user passes is always data, never SPARQL."""
    import pyoxigraph as ox

    known = {p.name: p for p in question.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise QueryError(f"Unknown parameter '{unknown[0]}' for '{question.name}'. Known: {names}")
    missing = [p.name for p in question.params if p.required and p.name not in values]
    if missing:
        p = known[missing[0]]
        raise QueryError(f"'{question.name}' needs --param {p.name}=VALUE ({p.description})")
    if not values:
        return question
    where = re.search(r"\bWHERE\s*\{", _masked(question.text), re.I)
    if not where:
        raise QueryError(f"'{question.name}' has no WHERE clause to bind parameters in")
    names = sorted(values)
    terms = []
    for n in names:
        if re.match(r"^(https?|urn):", values[n]):
            try:
                terms.append(str(ox.NamedNode(values[n])))
            except ValueError:
                raise QueryError(f"--param {n}: {values[n]!r} is not a valid IRI") from None
        else:
            terms.append(str(ox.Literal(values[n])))
    block = " VALUES (" + " ".join("?param_" + n for n in names) + ") { (" + " ".join(terms) + ") } "
    text = question.text[: where.end()] + block + question.text[where.end():]
    return Question(question.name, question.question, text, question.params)


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """KEY=VALUE strings as a dict.

    >>> parse_params(["person=Keir Starmer"])
    {'person': 'Keir Starmer'}
    """
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"A parameter is KEY=VALUE, not '{pair}'")
        key, value = pair.split("=", 1)
        out[key.strip()] = value
    return out


# ----------------------------------------------------------------------------- the engines

def run_query(graph, question: Question, values: dict[str, str] | None = None, allow_service: bool = False) -> Answer:
    """Answer a question over an rdflib Graph."""
    from rdflib import BNode, Literal, URIRef

    check_safe(question, allow_service)
    q = bind(question, values or {})
    try:
        result = graph.query(q.text)
    except Exception as error:  # pyparsing and rdflib raise several types
        raise QueryError(f"Malformed SPARQL in '{q.name}': {' '.join(str(error).split())[:300]}") from None

    def cell(term) -> Cell:
        if term is None:
            return None
        if isinstance(term, URIRef):
            return ("uri", str(term), None, None)
        if isinstance(term, BNode):
            return ("bnode", str(term), None, None)
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype and str(term.datatype) != XSD_STRING else None
            return ("literal", str(term), datatype, term.language)
        return ("literal", str(term), None, None)

    if result.type == "ASK":
        return Answer("ask", [], iter(()), boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", [], iter(()), graph=result.graph.serialize(format="nt", encoding="utf-8"))
    variables = [str(v) for v in result.vars]
    return Answer("select", variables, ([cell(t) for t in row] for row in result))


def run_store_query(store, question: Question, values: dict[str, str] | None = None, allow_service: bool = False) -> Answer:
    """Answer a question over a pyoxigraph store."""
    import pyoxigraph as ox

    check_safe(question, allow_service)
    q = bind(question, values or {})
    try:
        result = store.query(q.text, use_default_graph_as_union=True)  # a TriG file's named graphs too
    except SyntaxError as error:
        raise QueryError(f"Malformed SPARQL in '{q.name}': {' '.join(str(error).split())[:300]}") from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"Query '{q.name}' failed: {error}") from None

    def cell(term) -> Cell:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return ("uri", term.value, None, None)
        if isinstance(term, ox.BlankNode):
            return ("bnode", term.value, None, None)
        datatype = term.datatype.value if term.datatype and term.datatype.value != XSD_STRING else None
        if term.language:
            datatype = None
        return ("literal", term.value, datatype, term.language)

    if isinstance(result, bool):
        return Answer("ask", [], iter(()), boolean=result)
    if isinstance(result, ox.QueryTriples):
        data = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)
        return Answer("graph", [], iter(()), graph=data.encode("utf-8"))
    variables = [v.value for v in result.variables]
    return Answer("select", variables, ([cell(s[v]) for v in variables] for s in result))


# ----------------------------------------------------------------------------- writing answers

def rows(answer: Answer) -> tuple[list[str], list[list[str]]]:
    """Variable names and rows of plain strings (empty for unbound), all read into memory."""
    return answer.variables, [[c[1] if c else "" for c in row] for row in answer.rows]


def write_answer(answer: Answer, fmt: str = "table", out: IO[str] | None = None) -> None:
    """Write an answer as table, csv, tsv or SPARQL 1.1 Query Results JSON; csv, tsv and json stream."""
    out = out or sys.stdout
    answer.rows = _guarded(answer.rows)
    if answer.kind == "ask":
        out.write(json.dumps({"head": {}, "boolean": answer.boolean}) + "\n" if fmt == "json" else str(answer.boolean).lower() + "\n")
        return
    if answer.kind == "graph":
        out.write(answer.graph.decode("utf-8"))
        return
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(answer.variables)
        for row in answer.rows:
            writer.writerow([c[1] if c else "" for c in row])
    elif fmt == "json":
        _write_json(answer, out)
    else:
        names, table = rows(answer)
        out.write(format_table(names, table))


def _guarded(rows: Iterator[list[Cell]]) -> Iterator[list[Cell]]:
    """Rows as they come; an engine error while they are read (evaluation is lazy) is a QueryError."""
    try:
        yield from rows
    except QueryError:
        raise
    except Exception as error:
        raise QueryError(f"The query failed: {' '.join(str(error).split())[:300] or type(error).__name__}") from None


def _write_json(answer: Answer, out: IO[str]) -> None:
    out.write('{"head": {"vars": ' + json.dumps(answer.variables) + '}, "results": {"bindings": [')
    first = True
    for row in answer.rows:
        binding = {}
        for name, c in zip(answer.variables, row):
            if c is None:
                continue
            value = {"type": c[0], "value": c[1]}
            if c[2]:
                value["datatype"] = c[2]
            if c[3]:
                value["xml:lang"] = c[3]
            binding[name] = value
        out.write(("" if first else ",") + "\n  " + json.dumps(binding, ensure_ascii=False))
        first = False
    out.write("\n]}}\n")


def format_table(names: list[str], table: list[list[str]], width: int = 60) -> str:
    """A plain aligned text table with a row count."""
    cut = [[c if len(c) <= width else c[: width - 1] + "\u2026" for c in row] for row in table]
    widths = [max([len(n)] + [len(r[i]) for r in cut]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cut]
    out.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- a time limit

class _ChunkWriter:
    """A text stream that sends what is written through a pipe, in chunks."""

    def __init__(self, conn):
        self.conn, self.parts, self.size = conn, [], 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size > 1 << 16:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.conn.send(("text", "".join(self.parts)))
            self.parts, self.size = [], 0


def _answer_into(conn, answer_fn, fmt, parent: int | None = None) -> None:
    from ..errors import KgError
    from ..procs import die_with_parent

    die_with_parent(parent)

    writer = _ChunkWriter(conn)
    try:
        write_answer(answer_fn(), fmt, writer)
        writer.flush()
        conn.send(("done",))
    except KgError as error:
        writer.flush()
        conn.send(("error", str(error)))
    except Exception as error:  # the engine failing while evaluating (a SERVICE that cannot be reached ...)
        writer.flush()
        conn.send(("error", f"The query failed: {' '.join(str(error).split())[:300] or type(error).__name__}"))


def write_with_time_limit(answer_fn, fmt: str, out: IO[str], seconds: float) -> None:
    """Run answer_fn() and write its answer in a child process; stop it after `seconds` with a QueryError.
    The answer still streams: the child sends it in chunks as it goes."""
    import multiprocessing
    import os
    import time

    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_answer_into, args=(child, answer_fn, fmt, os.getpid()),
                                                          daemon=True)
    process.start()
    child.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not parent.poll(left):
                raise QueryError(f"Query stopped after the time limit of {seconds:g} s (--timeout)")
            try:
                message = parent.recv()
            except EOFError:
                raise QueryError("The query process ended without an answer") from None
            if message[0] == "text":
                out.write(message[1])
            elif message[0] == "error":
                raise QueryError(message[1])
            else:
                return
    finally:
        if process.is_alive():
            process.kill()
        process.join()
