"""Every kind of input as one stream of articles: text files, .jsonl/.csv records, saved web pages,
web addresses and lists of them, RSS/Atom feeds and web archives, given as files, folders or URLs."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .articles import RECORDS, Columns, decode, find_inputs, read_article, read_records, read_text
from .fetch import Fetcher, is_url
from .feeds import looks_like_feed, read_feed
from .warc import is_archive, read_warc
from .web import HTML_TYPES, looks_like_html, read_page

URL_LISTS = (".urls",)
FEEDS = (".rss", ".atom", ".xml")
TEXTS = (".txt", ".html", ".htm")


def read_inputs(specs: list, published: str | None = None, columns: Columns = Columns(),
                url_files: tuple[Path, ...] = (), fetcher: Fetcher | None = None):
    """Yields (where, item) for everything the inputs hold: item is a Read, an InputError (that input,
    record or address could not be read, and the rest goes on) or a str (a note about a whole input).
    specs are paths (files or folders) and web addresses; url_files are lists of addresses, one a line,
    whatever their names. fetcher fetches web addresses (by default one without a cache)."""
    paths = [Path(s) for s in specs if not (isinstance(s, str) and is_url(s))]
    urls = [s.strip() for s in specs if isinstance(s, str) and is_url(s)]
    web = _Web(fetcher)
    for path in (find_inputs(paths) if paths else []):
        where = str(path)
        try:
            if path.suffix.lower() in RECORDS:
                for item in read_records(path, columns, published):
                    yield where, item
            elif is_archive(path):
                yield from read_warc(path, published)
            elif path.suffix.lower() in URL_LISTS:
                yield from _read_url_list(path, web, published)
            elif path.suffix.lower() in FEEDS or (path.suffix.lower() not in TEXTS and _feed_file(path)):
                yield from read_feed(_bytes(path), path.name, web.fetcher, published)
            else:
                yield where, read_article(path, published)
        except InputError as error:
            yield where, error
    for path in url_files:
        try:
            yield from _read_url_list(path, web, published)
        except InputError as error:
            yield str(path), error
    yield from read_urls(urls, web, published)


class _Web:
    """The fetcher, made only when an input needs the web."""

    def __init__(self, fetcher: Fetcher | None):
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher


def read_urls(urls: list[str], web: _Web, published: str | None = None):
    """Yields (url, Read or InputError) for each address, and the entries of those that are feeds."""
    for url, response in web.fetcher.get_all(urls):
        if isinstance(response, InputError):
            yield url, response
        elif response.is_feed():
            yield from read_feed(response.body, url, web.fetcher, published, url=response.final)
        elif response.media_type in HTML_TYPES or looks_like_html(response.body):
            try:
                yield url, read_page(response.body, source=url, url=response.final, published=published)
            except InputError as error:
                yield url, error
        elif response.media_type == "text/plain":
            try:
                yield url, read_text(response.body, url, url, published, url=response.final)
            except InputError as error:
                yield url, error
        else:
            yield url, InputError(f"{url}: not a web page ({response.media_type or 'no content type'})")


def _read_url_list(path: Path, web: _Web, published: str | None):
    """The addresses of a list file (one a line; blank lines and lines starting with # are left out)."""
    text, _ = decode(_bytes(path), path)
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line and not line.startswith("#")]
    urls = [line for _, line in lines if is_url(line)]
    if not urls:  # not a list of addresses at all: one line, not one a line
        yield str(path), InputError(f"{path} lists no web address (one http:// or https:// address a line)")
        return
    for number, line in lines:
        if not is_url(line):
            yield f"{path}:{number}", InputError(f"{path}:{number} is not a web address (http:// or https://): {line[:80]!r}")
    yield from read_urls(urls, web, published)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror or error}") from None


def _feed_file(path: Path) -> bool:
    """Whether a file not named as a feed holds one (a saved feed with another extension)."""
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(1024))
    except OSError:
        return False
