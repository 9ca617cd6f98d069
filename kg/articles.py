"""Read inputs into Article records: .txt files (headline on the first line) or folders of them."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import InputError
from .model import Article
from .timex import find_full_date, parse_iso

SUFFIXES = (".txt",)
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?)\s*(?:,[^(\n]{0,40})?(?:\((?P<agency>[A-Za-z .&]+)\))?\s*[-\u2013\u2014]+\s")


def find_inputs(paths: list[Path]) -> list[Path]:
    """The article files named by paths (files, or folders searched for .txt files), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"Input not found: {path}")
    if not found:
        raise InputError(f"No articles (.txt) found in: {', '.join(str(p) for p in paths)}")
    return found


def read_article(path: Path, published: str | None = None) -> Article:
    """One article from a .txt file: headline on the first line, body after it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path} is empty")
    return make_article(text, source=path.name, published=published)


def make_article(text: str, source: str = "<text>", published: str | None = None) -> Article:
    """An Article from raw text; the date is `published`, else a full date in its opening, else unknown.

    >>> make_article("Talks in Rome\\n\\nROME (Reuters) - Leaders met on 16 September 2024.").published
    '2024-09-16'
    """
    if published is not None and parse_iso(published) is None:
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
        id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        title=title,
        text=text,
        published=published,
        source=source,
        dateline=dateline.group("place").strip().title() if dateline else None,
        publisher=dateline.group("agency").strip() if dateline and dateline.group("agency") else None,
    )
