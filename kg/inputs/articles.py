"""Read inputs into Article records: .txt files (headline on the first line), .jsonl and .csv
records, .html pages (through web.py), or folders of them. Whatever a file holds, it becomes an Article or a one-line InputError."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..extract.timex import find_full_date, parse_iso

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv", ".urls", ".rss", ".atom", ".warc", ".warc.gz")
RECORDS = (".jsonl", ".csv")
MAX_CHARS = 1_000_000          # spaCy's default max_length: longer texts are not one news article
MAX_PAGE_BYTES = 10_000_000    # a web page, with the scripts and styles saved inside it
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?)\s*(?:,[^(\n]{0,40})?(?:\((?P<agency>[A-Za-z .&]+)\))?\s*[-\u2013\u2014]+\s")


@dataclass(frozen=True)
class Read:
    """An article read from a file, and what was worth telling about it (an encoding guessed ...)."""
    article: Article
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Columns:
    """Which fields of a .jsonl or .csv record hold what."""
    text: str = "text"
    title: str = "title"
    date: str = "date"
    source: str = "source"
    url: str = "url"


def read_records(path: Path, columns: Columns = Columns(), published: str | None = None):
    """Articles from a .jsonl (one JSON object a line) or .csv file: yields a Read or an InputError
    for each record, so that one bad record does not stop the rest."""
    import csv

    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None
    with handle:
        if path.suffix.lower() == ".csv":
            csv.field_size_limit(4 * MAX_CHARS)
            records = csv.DictReader(handle)
            if records.fieldnames is None or columns.text not in records.fieldnames:
                raise InputError(f"{path} has no '{columns.text}' column (columns: {', '.join(records.fieldnames or [])}); "
                                 "name it with --text-column")
            rows = ((i, row) for i, row in enumerate(records, 2))
        else:
            rows = ((i, _json_line(path, i, line)) for i, line in enumerate(handle, 1) if line.strip())
        for number, row in rows:
            where = f"{path}:{number}"
            if isinstance(row, InputError):
                yield row
                continue
            yield _record(row, where, f"{path.name}:{number}", columns, published)


def _json_line(path: Path, number: int, line: str):
    import json

    try:
        value = json.loads(line)
    except ValueError as error:
        return InputError(f"{path}:{number} is not a JSON object: {error}")
    return value if isinstance(value, dict) else InputError(f"{path}:{number} is not a JSON object")


def _record(row: dict, where: str, source: str, columns: Columns, published: str | None):
    text = str(row.get(columns.text) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return InputError(f"{where} has no text in '{columns.text}'")
    if len(text) > MAX_CHARS:
        return InputError(f"{where} has {len(text):,} characters; kg reads articles of up to {MAX_CHARS:,}")
    title = " ".join(str(row.get(columns.title) or "").split())
    date = published or _record_date(str(row.get(columns.date) or ""))
    name = str(row.get(columns.source) or row.get(columns.url) or source)
    url = str(row.get(columns.url) or "").strip()
    try:
        article = make_article((title + "\n\n" if title else "") + text, source=name, published=date)
        if re.match(r"https?://\S+$", url):
            article = replace(article, url=url)
        return Read(article)
    except InputError as error:
        return InputError(f"{where}: {error}")


def _record_date(value: str) -> str | None:
    """An ISO date from a record's date field ('2017-12-31', 'December 31, 2017 ', '31 Dec 2017')."""
    value = value.strip()
    if parse_iso(value[:10]):
        return value[:10]
    found = find_full_date(value)
    return found.isoformat() if found else None


def find_inputs(paths: list[Path]) -> list[Path]:
    """The input files named by paths (files, or folders searched for the SUFFIXES kg reads), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.name.lower().endswith(SUFFIXES) and p.is_file()
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(f"{path} is neither a file nor a folder")
        else:
            raise InputError(f"Input not found: {path}")
    if not found:
        raise InputError(f"No articles ({', '.join(SUFFIXES)}) found in: {', '.join(str(p) for p in paths)}")
    return found


def read_article(path: Path, published: str | None = None) -> Read:
    """One article from a file: the headline on the first line, the body after it."""
    try:
        size = path.stat().st_size
        page = path.suffix.lower() in (".html", ".htm")
        if size > (MAX_PAGE_BYTES if page else 4 * MAX_CHARS):
            raise InputError(f"{path} is {size / 1e6:.1f} MB; " + (
                f"kg reads web pages of up to {MAX_PAGE_BYTES / 1e6:.0f} MB" if page else
                f"kg reads articles of up to {MAX_CHARS:,} characters (spaCy's max_length): split it into articles"))
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path} looks like a binary file, not text")
    from .web import looks_like_html, read_page

    if path.suffix.lower() in (".html", ".htm") or looks_like_html(raw):
        return read_page(raw, source=path.name, published=published)
    return read_text(raw, path, path.name, published)


def read_text(raw: bytes, where, source: str, published: str | None = None, url: str | None = None) -> Read:
    """One article from plain text (a file's or a text/plain page's bytes): the headline on the first
    line, the body after it. where names the input in errors; url is the page's address, if any."""
    text, notes = decode(raw, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{where} is empty")
    if len(text) > MAX_CHARS:
        raise InputError(f"{where} has {len(text):,} characters; kg reads articles of up to {MAX_CHARS:,} "
                         "(spaCy's max_length): split it into articles")
    article = make_article(text.lstrip("\n"), source=source, published=published)
    return Read(replace(article, url=url) if url else article, tuple(notes))


def decode(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """Bytes as text: UTF-8 (with or without a byte-order mark), else Windows-1252, else Latin-1."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            return raw.decode(encoding), [f"not UTF-8: read as {name}"]
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path} is not text in UTF-8, Windows-1252 or Latin-1")  # unreachable: Latin-1 takes any byte


class _Text(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.parts, self.skip, self.in_title = "", [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The readable text of an HTML page: its title as the headline, then its paragraphs.

    >>> html_text("<html><title>Talks</title><script>x()</script><p>Leaders <b>met</b>.</p></html>")
    'Talks\\n\\nLeaders met.'
    """
    parser = _Text()
    parser.feed(markup)
    parser.close()
    body = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    lines = [p for p in paragraphs if p]
    title = " ".join(parser.title.split())
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n\n".join(lines)


def article_id(text: str) -> str:
    """An article's id: the hash of its text (the same text gives the same id anywhere)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(text: str, source: str = "<text>", published: str | None = None) -> Article:
    """An Article from raw text; the date is `published`, else a full date in its opening, else unknown.

    >>> make_article("Talks in Rome\\n\\nROME (Reuters) - Leaders met on 16 September 2024.").published
    '2024-09-16'
    """
    if published is not None and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) or parse_iso(published) is None):
        raise InputError(f"--published must be an ISO date (YYYY-MM-DD), not {published!r}")
    lines = text.split("\n")
    title = lines[0].strip()
    body_start = next((i for i, line in enumerate(lines[1:], 1) if line.strip()), 0)
    first_para = lines[body_start] if body_start else ""
    dateline = _DATELINE.match(first_para)
    if published is None:
        opening = "\n".join(lines[: body_start + 2])[:800]
        found = find_full_date(opening)
        published = found.isoformat() if found else None
    return Article(
        id=article_id(text),
        title=title,
        text=text,
        published=published,
        source=source,
        dateline=dateline.group("place").strip().title() if dateline else None,
        publisher=dateline.group("agency").strip() if dateline and dateline.group("agency") else None,
    )
