"""Web archives (.warc, .warc.gz) as articles, read as a stream with warcio: each HTML response
becomes an article with the record's target address and date; every other record is skipped and
counted. One record is in memory at a time, so memory does not grow with the archive's size."""
from __future__ import annotations

import io
from collections import Counter
from contextlib import redirect_stderr
from pathlib import Path

from ..errors import InputError
from .articles import MAX_PAGE_BYTES

#: The most of one record's body that is read: a larger HTML response is not a news page.
MAX_BODY = MAX_PAGE_BYTES


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".warc") or name.endswith(".warc.gz")


def read_warc(path: Path, published: str | None = None):
    """Yields (where, item) for the archive at path: a Read for each HTML response, an InputError for
    an HTML response that has no article in it, and last a str that counts what was skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .web import HTML_TYPES, looks_like_html, read_page

    skipped, pages, failed = Counter(), 0, 0
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None
    with handle:
        records = ArchiveIterator(handle)
        try:
            for record in _quietly(records):
                if record.format != "warc":
                    yield str(path), InputError(f"{path} is not a WARC file (it holds {record.format.upper()} records)")
                    return
                kind = record.rec_type
                if kind not in ("response", "resource"):
                    skipped[f"{kind} records"] += 1
                    continue
                headers = record.http_headers
                if kind == "response" and headers is None:
                    skipped["responses without HTTP headers"] += 1
                    continue
                status = headers.get_statuscode() if headers is not None else "200"
                media = (headers.get_header("Content-Type") if headers is not None
                         else record.rec_headers.get_header("Content-Type")) or ""
                media = media.split(";")[0].strip().lower()
                if status != "200":
                    skipped[f"HTTP {status} responses"] += 1
                    continue
                if media and media not in HTML_TYPES:
                    skipped[f"non-HTML {kind}s"] += 1
                    continue
                body = record.content_stream().read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    skipped["responses over the size limit"] += 1
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # the archive ended inside the record
                    skipped["records cut short"] += 1
                    continue
                if not media and not looks_like_html(body):
                    skipped[f"non-HTML {kind}s"] += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                with redirect_stderr(io.StringIO()):
                    where = f"{path.name}@{records.get_record_offset()}"
                try:
                    yield where, read_page(body, source=where, url=uri, published=published, fallback_date=date,
                                                canonical=False)
                    pages += 1
                except InputError as error:
                    failed += 1
                    yield where, InputError(f"{where} ({uri}): {error}")
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            failed += 1
            after = f" after {pages} page(s)" if pages else ""
            yield str(path), InputError(f"{path} is not a readable web archive{after}: {message}")
    counts = ", ".join(f"{n} {what}" for what, n in sorted(skipped.items()))
    if not pages and not failed:
        yield str(path), InputError(f"{path} holds no HTML page" + (f" (skipped {counts})" if counts else ""))
    elif skipped:
        yield str(path), f"{pages} HTML page(s) read; skipped {counts}"


def _quietly(records):
    """The records of an ArchiveIterator, with the warnings warcio writes to standard error about
    malformed records kept off the terminal (kg reports what it skipped in one line instead)."""
    iterator = iter(records)
    while True:
        with redirect_stderr(io.StringIO()):
            record = next(iterator, None)
        if record is None:
            return
        yield record
