"""Web pages as articles: trafilatura finds the main text of a page (leaving out navigation, related
links, captions and credits) and reads its metadata: title, publication date, site name, authors and
canonical address."""
from __future__ import annotations

import dataclasses
import re

from ..errors import InputError
from .articles import MAX_CHARS, Read, decode, html_text, make_article

#: Media types read as web pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_html(head: bytes | str) -> bool:
    """Whether the start of a file or response is an HTML document.

    >>> looks_like_html(b"  <!DOCTYPE html><html>"), looks_like_html("Talks in Rome")
    (True, False)
    """
    if isinstance(head, bytes):
        head = head[:512].decode("latin-1")
    return bool(re.match(r"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype html|<html|<head|<body)", head[:512], re.I | re.S))


def read_page(markup: bytes | str, source: str, url: str | None = None, published: str | None = None,
              fallback_date: str | None = None, canonical: bool = True) -> Read:
    """One article from a web page's HTML. Its date is `published`, else the page's publication date,
    else fallback_date (a feed entry's date, an archive record's date), else a full date in its opening.
    url is where the page came from; the page's own canonical address wins when it gives one, unless
    canonical is False (an archived page keeps the address it was archived from)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False, deduplicate=False,
                                            favor_precision=True,
                                            # the page's own date fields, not any date in its text
                                            # (a copyright line's year would become the article's date)
                                            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as error:  # trafilatura raises whatever lxml does on markup it cannot parse
        found, failure = None, f"{type(error).__name__}: {error}"
    else:
        failure = None
    text = (found.text or "").strip() if found is not None else ""
    notes = []
    if text:
        site = _clean(found.sitename)
        if re.fullmatch(r"[\w.-]+\.[a-z]{2,}(:\d+)?|[\d.]+(:\d+)?", site, re.I):  # a host name, not a site's name
            site = ""
        title = _headline(_clean(found.title), site)
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
        body = "\n\n".join(p for p in paragraphs if p)
        if title and body.split("\n", 1)[0] == title:  # the headline is already the first line
            title = ""
        text = (title + "\n\n" + body) if title else body
        date = published or _iso(found.date) or fallback_date
        address = (web_address(found.url) if canonical else None) or web_address(url)
        authors = tuple(a for a in (_clean(part) for part in re.split(r";|\band\b", found.author or "")) if a)
    else:
        markup = markup if isinstance(markup, str) else decode(markup, source)[0]
        text = html_text(markup)
        notes.append("no main text found in the page" + (f" ({failure})" if failure else "")
                     + ": read all of its text")
        date, site, address, authors = published or fallback_date, None, web_address(url), ()
    if not text.strip():
        raise InputError(f"{source} is empty (no text in its HTML)")
    if len(text) > MAX_CHARS:
        raise InputError(f"{source} has {len(text):,} characters of text; kg reads articles of up to {MAX_CHARS:,}")
    article = make_article(text, source=source, published=date)
    extra = {"url": address, "authors": authors}
    if site:
        extra["publisher"] = site
    return Read(dataclasses.replace(article, **extra), tuple(notes))


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _headline(title: str, site: str) -> str:
    """The page title without the site's name after a separator ('Talks end | Al Bawaba' -> 'Talks end').

    >>> _headline("Talks end | Al Bawaba", "Al Bawaba"), _headline("Talks end - Reuters", "Reuters")
    ('Talks end', 'Talks end')
    """
    if site:
        for separator in (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 "):
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip()
    return title


def _iso(value: str | None) -> str | None:
    """trafilatura's date ('2019-11-20') when it is a whole date."""
    from ..extract.timex import parse_iso

    value = (value or "").strip()[:10]
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and parse_iso(value) else None


def web_address(url: str | None) -> str | None:
    """An absolute http(s) address, or None."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s/]+", url) and not re.search(r"[\s<>\"{}|\\^`]", url) else None
