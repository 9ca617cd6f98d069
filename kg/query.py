"""The SPARQL catalogue: find a question, run it, format the answer."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import QueryError

_SPARQL_START = re.compile(r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|#)", re.I)


@dataclass(frozen=True)
class Question:
    name: str
    question: str
    text: str


def catalogue_dir():
    """The folder of named questions: the project's queries/ (also shipped inside the package)."""
    here = Path(__file__).resolve().parent.parent / "queries"
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
    """A question from its .rq text; the '# question:' header line says what it answers."""
    found = re.search(r"^#\s*question:\s*(.+)$", text, re.M)
    return Question(name, found.group(1).strip() if found else "", text)


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
        return Question("query", "", spec)
    raise QueryError(f"Unknown question '{spec}'. Known: {', '.join(known)}")


def run_query(graph, question: Question):
    """Run a question on an rdflib Graph; malformed SPARQL is a QueryError."""
    try:
        return graph.query(question.text)
    except Exception as error:  # pyparsing and rdflib raise several types
        message = " ".join(str(error).split())[:300]
        raise QueryError(f"Malformed SPARQL in '{question.name}': {message}") from None


def rows(result) -> tuple[list[str], list[list[str]]]:
    """Variable names and rows of plain strings (empty for unbound)."""
    names = [str(v) for v in (result.vars or [])]
    return names, [["" if v is None else str(v) for v in row] for row in result]


def format_result(result, fmt: str = "table") -> str:
    """Render a SELECT result as table, csv, tsv or SPARQL 1.1 Query Results JSON."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    names, table = rows(result)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(table)
        return buffer.getvalue()
    return format_table(names, table)


def format_table(names: list[str], table: list[list[str]], width: int = 60) -> str:
    """A plain aligned text table with a row count."""
    cut = [[c if len(c) <= width else c[: width - 1] + "\u2026" for c in row] for row in table]
    widths = [max([len(n)] + [len(r[i]) for r in cut]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cut]
    out.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(out) + "\n"
