"""RSS and Atom feeds as articles, read with feedparser: each entry is the page it links to when that
page can be fetched, else the entry's own text. The entry's date stands in when the page has none."""
from __future__ import annotations

import dataclasses
import re

from ..errors import InputError
from .articles import MAX_CHARS, Read, html_text, make_article
from .web import HTML_TYPES, looks_like_html, read_page, web_address



def looks_like_feed(head: bytes | str) -> bool:
    """Whether the start of a file or response is an RSS, RDF or Atom feed.

    >>> looks_like_feed(b'<?xml version="1.0"?><rss version="2.0">'), looks_like_feed(b"<html>")
    (True, False)
    """
    if isinstance(head, bytes):
        head = head[:1024].decode("utf-8", errors="replace")
    return bool(re.match(r"\ufeff?\s*(<\?xml[^>]*>\s*)?(<\?xml-stylesheet[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                         r"<(rss|feed|rdf:RDF)\b", head[:1024], re.S))


def read_feed(raw: bytes, source: str, fetcher=None, published: str | None = None, url: str | None = None):
    """Yields (where, Read or InputError) for each entry of the feed in raw, in the feed's order.
    fetcher (a fetch.Fetcher) fetches the linked pages; without one, entries use their own text.
    url is where the feed came from: relative links resolve against it."""
    import feedparser

    feed = feedparser.parse(raw, response_headers={"content-location": url} if url else None)
    if not feed.entries:
        why = f": {feed.bozo_exception}" if feed.get("bozo") and feed.get("bozo_exception") else ""
        yield source, InputError(f"{source} is not a feed with entries{why}".splitlines()[0])
        return
    entries = list(feed.entries)
    links = [_link(entry) for entry in entries]
    # the linked pages, in the entries' order, fetched a batch at a time as the entries are taken
    fetched = iter(fetcher.get_all([link for link in links if link])) if fetcher else iter(())
    for number, (entry, link) in enumerate(zip(entries, links), 1):
        where = link or f"{source} entry {number}"
        date = _entry_date(entry)
        page = next(fetched)[1] if fetcher and link else None
        why = "no link" if not link else "not fetched"
        if isinstance(page, InputError):
            why = str(page).removeprefix(f"{link}: ")
        elif page is not None:
            if page.media_type in HTML_TYPES or looks_like_html(page.body):
                try:
                    read = read_page(page.body, source=link, url=page.final, published=published, fallback_date=date)
                except InputError as error:
                    why = str(error)
                else:
                    if not read.notes:  # the page's main text was found: it is the article
                        yield where, read
                        continue
                    why = "no main text in the linked page"
            else:
                why = f"the link is not a web page ({page.media_type or 'no type'})"
        yield where, _entry_article(entry, where, link, published or date,
                                    note=f"used the feed entry's own text ({why})" if fetcher and link else None)


def _entry_article(entry, where: str, link: str | None, date: str | None, note: str | None):
    title = " ".join((entry.get("title") or "").split())
    contents = [c.get("value", "") for c in entry.get("content") or []] or [entry.get("summary") or ""]
    body = max(contents, key=len)
    body = html_text(body) if "<" in body else "\n\n".join(" ".join(p.split()) for p in body.split("\n\n") if p.strip())
    if not body.strip():
        return InputError(f"{where}: the feed entry has no text" + (f" and its page could not be used ({note})" if note else ""))
    if title and body.split("\n", 1)[0].strip() == title:
        title = ""
    text = (title + "\n\n" + body) if title else body
    if len(text) > MAX_CHARS:
        return InputError(f"{where}: the entry has {len(text):,} characters; kg reads articles of up to {MAX_CHARS:,}")
    article = dataclasses.replace(make_article(text, source=where, published=date), url=web_address(link))
    return Read(article, (note,) if note else ())


def _link(entry) -> str | None:
    return web_address(entry.get("link"))


def _entry_date(entry) -> str | None:
    """The entry's published (else updated) date as an ISO date."""
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(field)
        if value:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None
