"""Fetching web pages and feeds: timeouts, a size limit, a User-Agent that says what is asking,
redirects followed, and a cache by URL in the build folder so that a rebuild does not fetch again.
A failure is an InputError of one line (the HTTP status, a timeout, a response that is not a page)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..errors import InputError
from .articles import MAX_PAGE_BYTES

TIMEOUT = 20.0                 # seconds to connect, and seconds without a byte while reading
DEADLINE = 60.0                # seconds for a whole response
MAX_BYTES = MAX_PAGE_BYTES     # a news page is well under this; a larger response is not one
REDIRECTS = 5
FETCHERS = 8                   # pages fetched at once (a few per site is polite)
BATCH = 32                     # addresses fetched before their answers are handed on
PAGES = ".kg-pages"            # the cache of fetched pages, in the build folder


def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        mine = version("kg")
    except PackageNotFoundError:
        mine = "dev"
    return f"kg/{mine} (knowledge-graph builder for news; fetches the pages it is given)"


def is_url(text: str) -> bool:
    """Whether an input is a web address rather than a path.

    >>> is_url("https://example.org/news/1"), is_url("seeds/article.txt")
    (True, False)
    """
    return bool(re.match(r"https?://", text.strip(), re.I))


@dataclass(frozen=True)
class Response:
    url: str            # the address asked for
    final: str          # the address answered from, after redirects
    media_type: str     # 'text/html', lower case, without parameters
    body: bytes

    def is_feed(self) -> bool:
        """Whether this is an RSS or Atom feed, by its media type or its first bytes."""
        from .feeds import looks_like_feed

        return "rss" in self.media_type or "atom" in self.media_type or looks_like_feed(self.body)


class Fetcher:
    """Fetches responses by URL, keeping each successful one in cache_dir (none: no cache)."""

    def __init__(self, cache_dir: Path | None = None, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                 deadline: float = DEADLINE):
        import urllib3

        self.cache_dir, self.timeout, self.max_bytes, self.deadline = cache_dir, timeout, max_bytes, deadline
        self.pool = urllib3.PoolManager(num_pools=16, maxsize=FETCHERS, headers={
            "User-Agent": user_agent(),
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
        })

    def get(self, url: str) -> Response:
        """The response at url, from the cache when it holds it; InputError when there is none. A feed
        is fetched again (its entries change), and the kept copy serves when that fails."""
        url = url.strip()
        cached = self._cached(url)
        if cached and not cached.is_feed():
            return cached
        try:
            response = self._fetch(url)
        except InputError:
            if cached:
                return cached
            raise
        self._keep(response)
        return response

    def get_all(self, urls: list[str]):
        """(url, Response or InputError) for each url, in order, fetching several at once, BATCH
        addresses at a time as they are asked for (a reader that stops early, --limit, fetches no
        more); an address given twice in a batch is fetched once."""
        from concurrent.futures import ThreadPoolExecutor

        def one(url):
            try:
                return url, self.get(url)
            except InputError as error:
                return url, error

        with ThreadPoolExecutor(FETCHERS) as pool:
            for start in range(0, len(urls), BATCH):
                batch = urls[start:start + BATCH]
                got = dict(pool.map(one, dict.fromkeys(u.strip() for u in batch)))
                for url in batch:
                    yield url, got[url.strip()]

    def _fetch(self, url: str) -> Response:
        import urllib3

        started = time.monotonic()
        try:
            reply = self.pool.request("GET", url, preload_content=False, redirect=True,
                                      retries=urllib3.Retry(total=None, connect=1, read=0, status=0, other=0,
                                                            redirect=REDIRECTS, raise_on_redirect=True),
                                      timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout))
        except urllib3.exceptions.MaxRetryError as error:
            raise InputError(f"{url}: {_why(error.reason)}") from None
        except (urllib3.exceptions.HTTPError, ValueError) as error:
            raise InputError(f"{url}: {_why(error)}") from None
        whole = False
        try:
            if reply.status != 200:
                raise InputError(f"{url}: HTTP {reply.status} {reply.reason or ''}".rstrip())
            media_type = (reply.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            length = reply.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                raise InputError(f"{url}: {_size(int(length))}, larger than the {_size(self.max_bytes)} a page may be")
            chunks, size = [], 0
            try:
                while True:  # read1: whatever has arrived, so that a server sending a byte at a time meets the deadline
                    chunk = reply.read1(64 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise InputError(f"{url}: larger than the {_size(self.max_bytes)} a page may be")
                    if time.monotonic() - started > self.deadline:
                        raise InputError(f"{url}: timed out ({self.deadline:.0f} s for the whole page)")
                    chunks.append(chunk)
            except urllib3.exceptions.HTTPError as error:
                raise InputError(f"{url}: {_why(error)}") from None
            whole = True
            final = url
            for step in (reply.retries.history if reply.retries else ()):  # each redirect followed
                if step.redirect_location:
                    final = urljoin(step.url or final, step.redirect_location)
            return Response(url, final if is_url(final) else url, media_type, b"".join(chunks))
        finally:
            if not whole:  # a response left unread must not be read by the next request on the connection
                reply.close()
            reply.release_conn()

    def _path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]

    def _cached(self, url: str) -> Response | None:
        path = self._path(url)
        if path is None:
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            body = path.with_suffix(".body").read_bytes()
            if meta["url"] != url or len(body) != meta["size"]:
                return None
            return Response(url, meta["final"], meta["type"], body)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _keep(self, response: Response) -> None:
        """Write the response to the cache: the body first, then its record, each whole or not at all."""
        path = self._path(response.url)
        if path is None:
            return
        meta = {"url": response.url, "final": response.final, "type": response.media_type, "size": len(response.body)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for target, data in ((path.with_suffix(".body"), response.body),
                                 (path.with_suffix(".json"), json.dumps(meta, sort_keys=True).encode("utf-8"))):
                scratch = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
                scratch.write_bytes(data)
                os.replace(scratch, target)
        except OSError:  # a page that cannot be kept is fetched again next time
            pass


def _size(count: int) -> str:
    """A number of bytes for people.

    >>> _size(20_000), _size(10_000_000)
    ('20 kB', '10 MB')
    """
    return f"{count / 1e6:.3g} MB" if count >= 1_000_000 else f"{count / 1e3:.3g} kB"


def _why(error) -> str:
    """One line for a failed request: 'timed out', 'connection refused', 'too many redirects' ..."""
    import urllib3

    text = str(error)
    # NewConnectionError (and NameResolutionError) derive from ConnectTimeoutError: ask them first
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return "host not found"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "connection refused" if "refused" in text.lower() else "cannot connect"
    if isinstance(error, (urllib3.exceptions.TimeoutError, TimeoutError)) or "timed out" in text.lower():
        return "timed out"
    if isinstance(error, urllib3.exceptions.ResponseError) and "redirect" in text.lower():
        return f"more than {REDIRECTS} redirects"
    if isinstance(error, urllib3.exceptions.DecodeError):
        return "the page's content encoding could not be decoded"
    if isinstance(error, urllib3.exceptions.SSLError):
        return "TLS error"
    if isinstance(error, (urllib3.exceptions.LocationParseError, ValueError)):
        return "not a valid address"
    if isinstance(error, (urllib3.exceptions.ProtocolError, ConnectionError)):
        return "the connection was closed before the page arrived"
    return text.splitlines()[0][:200] if text else type(error).__name__
