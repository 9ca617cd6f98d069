"""Inputs from the web: saved pages (main text and metadata), addresses fetched from a loopback server
started here, feeds, and web archives written here with warcio. Nothing leaves the machine."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import InputError

NAV = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li><li>Business</li></ul></nav>"


def page(headline: str, paragraphs: list[str], published: str | None = "2023-05-04", site: str = "The Harbour Times",
         author: str | None = "Maria Lopez", canonical: str | None = "https://news.example.com/world/talks") -> bytes:
    """A news page as sites publish them: navigation, the article with a photo, its caption and
    credit, a box of related headlines and a footer around it."""
    meta = [f"<meta property='og:site_name' content='{site}'>"]
    if published:
        meta.append(f"<meta property='article:published_time' content='{published}T08:30:00Z'>")
    if author:
        meta.append(f"<meta name='author' content='{author}'>")
    if canonical:
        meta.append(f"<link rel='canonical' href='{canonical}'>")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{headline} | {site}</title>{''.join(meta)}
<script>var tracking = "Olaf Scholz";</script><style>.x {{ color: red }}</style></head>
<body>{NAV}
<main><article><h1>{headline}</h1>
<figure><img src='a.jpg'><figcaption>Emmanuel Macron waves in Paris. Photo: Jean Dupont/Picture Agency</figcaption></figure>
{body}</article>
<aside><h3>Related stories</h3><ul><li><a href='/x'>Justin Trudeau visits Mexico City</a></li>
<li><a href='/y'>Narendra Modi to meet Xi Jinping in Beijing</a></li></ul></aside></main>
<footer>Copyright The Harbour Times. Contact us. Privacy policy.</footer></body></html>""".encode()


ARTICLE = page("Spain and Portugal agree water deal", [
    "Spanish Prime Minister Pedro Sanchez met Portuguese Prime Minister Antonio Costa in Lisbon on Wednesday.",
    "The two leaders signed an agreement on sharing the water of their rivers, officials said.",
    "Sanchez said the deal would protect farmers on both sides of the border.",
])


ENTITY_KINDS = {"Person", "Country", "City", "Place", "Organisation", "Government", "GovernmentAgency",
                "IntergovernmentalOrganisation", "PoliticalParty", "NewsAgency", "NGO", "Group"}


def entity_labels(graph) -> set[str]:
    from rdflib import RDF, RDFS

    return {str(graph.value(s, RDFS.label)) for s, o in graph.subject_objects(RDF.type)
            if str(o).startswith("https://kg.example.org/ontology#") and str(o).rsplit("#", 1)[1] in ENTITY_KINDS}


# --- saved pages -------------------------------------------------------------------------------

def test_a_page_gives_its_main_text_and_metadata():
    from kg.inputs.web import read_page

    read = read_page(ARTICLE, source="talks.html")
    a = read.article
    assert read.notes == ()
    assert a.title == "Spain and Portugal agree water deal"  # the site's name is not part of the headline
    assert a.published == "2023-05-04" and a.publisher == "The Harbour Times"
    assert a.url == "https://news.example.com/world/talks" and a.authors == ("Maria Lopez",)
    for junk in ("Home", "Related stories", "Justin Trudeau", "Macron", "Jean Dupont", "Copyright", "Scholz", "color"):
        assert junk not in a.text
    assert "Pedro Sanchez met Portuguese Prime Minister Antonio Costa" in a.text


def test_published_wins_over_the_page_and_the_page_over_a_fallback():
    from kg.inputs.web import read_page

    assert read_page(ARTICLE, "p.html", published="2023-06-01").article.published == "2023-06-01"
    assert read_page(ARTICLE, "p.html", fallback_date="2020-01-01").article.published == "2023-05-04"
    undated = page("Talks", ["Leaders met in Lisbon on Wednesday to talk about water."], published=None)
    assert read_page(undated, "p.html", fallback_date="2020-01-01").article.published == "2020-01-01"


def test_a_copyright_year_is_not_the_article_s_date():
    from kg.inputs.web import read_page

    undated = page("Talks", ["Leaders met in Lisbon on Wednesday to talk about water and power."], published=None)
    undated = undated.replace(b"Copyright The Harbour Times.", b"Copyright \xc2\xa9 2015 The Harbour Times.")
    assert b"2015" in undated and read_page(undated, "p.html").article.published is None


def test_a_page_with_no_main_text_falls_back_to_all_of_its_text_and_says_so():
    from kg.inputs.web import read_page

    read = read_page(b"<html><body><footer>Ministers met.</footer></body></html>", "tiny.html")
    assert read.article.text == "Ministers met."
    assert read.notes and "no main text" in read.notes[0]
    with pytest.raises(InputError, match="is empty"):
        read_page(b"<html><script>x()</script></html>", "empty.html")


@pytest.mark.model
def test_a_saved_page_yields_only_the_article_s_entities(tmp_path, nlp):
    from kg.build import build_graph

    path = tmp_path / "talks.html"
    path.write_bytes(ARTICLE)
    graph, _ = build_graph([path])
    labels = entity_labels(graph)
    assert {"Pedro Sanchez", "Antonio Costa", "Lisbon"} <= labels
    assert {"Spain", "Portugal"} <= labels
    for outsider in ("Emmanuel Macron", "Justin Trudeau", "Narendra Modi", "Xi Jinping", "Jean Dupont",
                     "Olaf Scholz", "Paris", "Mexico City", "Beijing"):
        assert outsider not in labels
    text = graph.serialize(format="nt")
    assert '<https://schema.org/url> "https://news.example.com/world/talks"' in text
    assert '<https://schema.org/datePublished> "2023-05-04"' in text


# --- a loopback web server ---------------------------------------------------------------------

FEED_DATE = "Tue, 02 May 2023 10:00:00 GMT"


class Site(BaseHTTPRequestHandler):
    """The pages a test asks for, by path, over keep-alive connections; '/slow' never answers in
    time, '/drip' sends a byte at a time."""
    protocol_version = "HTTP/1.1"
    routes: dict[str, tuple[int, str, bytes]] = {}
    hits: list[str] = []
    agents: list[str] = []

    def do_GET(self):
        Site.hits.append(self.path)
        Site.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "40")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:  # kg gave up waiting, as it should
                pass
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/talks")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/html", b"<html><body>Not found</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serve(routes):
    Site.routes, Site.hits, Site.agents = routes, [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


SECOND = page("Greece and Cyprus plan power link", [
    "Greek Prime Minister Kyriakos Mitsotakis visited Nicosia on Monday.",
    "He met Cypriot President Nikos Christodoulides to discuss an undersea power cable.",
], published="2023-05-08", canonical=None)


@pytest.mark.model
def test_a_url_list_builds_what_it_can_and_says_why_not_for_the_rest(tmp_path):
    routes = {"/talks": (200, "text/html; charset=utf-8", ARTICLE), "/cable": (200, "text/html", SECOND),
              "/report.pdf": (200, "application/pdf", b"%PDF-1.4 not a page")}
    with serve(routes) as base:
        urls = tmp_path / "today.urls"
        urls.write_text(f"# this morning's reading\n{base}/talks\n\n{base}/missing\n{base}/slow\n"
                        f"{base}/report.pdf\nnot-an-address\n{base}/moved\n{base}/missing\n{base}/talks\n")
        done = kg("build", str(urls), f"{base}/cable", "-o", str(tmp_path / "out"), "--fetch-timeout", "0.5")
        first = (tmp_path / "out" / "graph.ttl").read_bytes()
    assert done.returncode == 2, done.stderr  # built, but not from everything it was given
    assert "articles  2 (5 skipped)" in done.stdout  # /moved is /talks again: one article
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 5 and "Traceback" not in done.stderr
    assert Site.hits.count("/talks") == 2 and Site.hits.count("/missing") == 1  # by /moved, and once itself
    assert any("/missing: HTTP 404" in line for line in skipped)
    assert any("/slow: timed out" in line for line in skipped)
    assert any("/report.pdf: not a web page (application/pdf)" in line for line in skipped)
    assert any("today.urls:7 is not a web address" in line for line in skipped)
    assert "Kyriakos Mitsotakis" in first.decode() and "Pedro Sanchez" in first.decode()
    assert set(Site.hits) >= {"/talks", "/cable", "/missing", "/slow", "/report.pdf", "/moved"}

    # the pages are kept in the build folder: with the server gone, a rebuild gives the same graph
    again = kg("build", str(urls), f"{base}/cable", "-o", str(tmp_path / "out"), "--fetch-timeout", "0.5")
    assert "articles  2" in again.stdout
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == first


@pytest.mark.model
def test_the_same_pages_give_byte_identical_output(tmp_path):
    routes = {"/talks": (200, "text/html", ARTICLE), "/cable": (200, "text/html", SECOND)}
    outputs = []
    with serve(routes) as base:
        for name in ("one", "two"):
            done = kg("build", "--urls", str(_write(tmp_path / f"{name}.txt", f"{base}/cable\n{base}/talks\n")),
                      "-o", str(tmp_path / name))
            assert done.returncode == 0, done.stderr
            outputs.append([(tmp_path / name / f).read_bytes() for f in ("graph.ttl", "graph.trig", "graph.html")])
    assert outputs[0] == outputs[1]


def test_the_fetcher_says_who_it_is_follows_redirects_and_stops_at_the_size_limit(tmp_path):
    from kg.inputs.fetch import Fetcher

    with serve({"/talks": (200, "text/html", ARTICLE), "/big": (200, "text/html", b"<p>x</p>" * 5000)}) as base:
        fetcher = Fetcher(tmp_path / "pages", timeout=2, max_bytes=20_000)
        moved = fetcher.get(f"{base}/moved")
        with pytest.raises(InputError, match="/big: 40 kB, larger than the 20 kB a page may be"):
            fetcher.get(f"{base}/big")
        started = time.monotonic()
        with pytest.raises(InputError, match="/drip: timed out \\(1 s for the whole page\\)"):
            Fetcher(timeout=2, deadline=1).get(f"{base}/drip")
        assert time.monotonic() - started < 2.5
        assert fetcher.get(f"{base}/talks").body == ARTICLE  # the connections left behind serve the next request
    assert moved.final == f"{base}/talks" and moved.body == ARTICLE and moved.media_type == "text/html"
    assert Site.agents and all(agent.startswith("kg/") for agent in Site.agents)
    assert len(list((tmp_path / "pages").glob("*.body"))) == 2  # /moved and /talks: only what was read whole


def test_a_plain_text_address_is_an_article_and_a_feed_address_is_its_entries():
    from kg.inputs.fetch import Fetcher
    from kg.inputs.sources import read_inputs

    text = "Ministers meet\n\nThe ministers met in Vienna on Friday.\n".encode()
    with serve({"/wire.txt": (200, "text/plain; charset=utf-8", text), "/talks": (200, "text/html", ARTICLE)}) as base:
        Site.routes["/feed"] = (200, "application/xml", RSS.format(base=base, date=FEED_DATE).encode())
        items = list(read_inputs([f"{base}/wire.txt", f"{base}/feed"], fetcher=Fetcher(timeout=2)))
        Site.routes["/news/atom"] = (200, "application/atom+xml", ATOM)
        atom = list(read_inputs([f"{base}/news/atom"], fetcher=Fetcher(timeout=2)))
    wire = items[0][1].article
    assert (wire.title, wire.url, wire.source) == ("Ministers meet", f"{base}/wire.txt", f"{base}/wire.txt")
    assert [where for where, _ in items[1:]] == [f"{base}/talks", f"{base}/gone", f"{base}/undated"]
    (where, read), = atom  # a relative link resolves against the feed's address
    assert where == f"{base}/talks" and read.article.title == "Spain and Portugal agree water deal" and not read.notes


def test_when_nothing_can_be_read_each_input_says_why_and_nothing_is_written(tmp_path):
    from conftest import free_port

    urls = _write(tmp_path / "l.urls", f"http://127.0.0.1:{free_port()}/a\nftp://example.org/b\n")
    done = kg("build", str(urls), "-o", str(tmp_path / "out"))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert lines[:2] == [f"skipped: {urls}:2 is not a web address (http:// or https://): 'ftp://example.org/b'",
                         f"skipped: http://127.0.0.1:{urls.read_text().split(':')[2].split('/')[0]}/a: connection refused"]
    assert lines[2].startswith("Error: No article could be read") and len(lines) == 3
    assert not (tmp_path / "out" / "graph.ttl").exists()


def _write(path, text):
    path.write_text(text)
    return path


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times: World</title><link>{base}/</link>
<item><title>Spain and Portugal agree water deal</title><link>{base}/talks</link><pubDate>{date}</pubDate>
  <description>Short summary.</description></item>
<item><title>Baltic ministers meet in Riga</title><link>{base}/gone</link><pubDate>{date}</pubDate>
  <description>&lt;p&gt;Latvian Foreign Minister Krisjanis Karins met Estonian Foreign Minister Margus Tsahkna in Riga on Monday.&lt;/p&gt;</description></item>
<item><title>Undated wire</title><link>{base}/undated</link><pubDate>{date}</pubDate><description>x</description></item>
</channel></rss>"""


@pytest.mark.model
def test_a_feed_gives_its_entries_the_linked_page_else_the_entry_s_text(tmp_path, nlp):
    from kg.build import build

    undated = page("Nordic leaders meet", ["Finnish President Alexander Stubb met Swedish Prime Minister "
                                           "Ulf Kristersson in Helsinki."], published=None, canonical=None)
    with serve({"/talks": (200, "text/html", ARTICLE), "/undated": (200, "text/html", undated)}) as base:
        feed = RSS.format(base=base, date=FEED_DATE).encode()
        Site.routes["/feed"] = (200, "application/rss+xml", feed)
        summary = build([f"{base}/feed"], tmp_path / "out")
    graph = (tmp_path / "out" / "graph.ttl").read_text()
    assert summary.articles == 3 and not summary.skipped
    assert "Pedro Sanchez" in graph and "Short summary" not in graph  # the linked page, not the summary
    assert "Krisjanis Karins" in graph  # the page is gone: the entry's own text
    assert any("/gone" in where and "used the feed entry's own text (HTTP 404" in note for where, note in summary.notes)
    assert "Alexander Stubb" in graph
    from kg.graph.io import load_graph
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    g = load_graph(tmp_path / "out" / "graph.ttl")
    dates = {str(g.value(s, URIRef("https://schema.org/url"))): str(o)
             for s, o in g.subject_objects(URIRef("https://schema.org/datePublished"))}
    assert dates[f"{base}/undated"] == "2023-05-02"  # the page has no date: the entry's
    assert dates["https://news.example.com/world/talks"] == "2023-05-04"  # the page's own date wins
    assert Literal("2023-05-02", datatype=XSD.date) in set(g.objects(None, URIRef("https://schema.org/datePublished")))


ATOM = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World</title><id>urn:world</id><updated>2023-05-02T10:00:00Z</updated>
<entry><title>Water deal</title><id>urn:1</id><link href="../talks"/><updated>2023-05-02T10:00:00Z</updated>
<summary>Spain and Portugal agreed.</summary></entry></feed>""".encode()


def test_a_feed_file_without_a_fetcher_uses_the_entries_own_text(tmp_path):
    from kg.inputs.feeds import read_feed

    items = list(read_feed(RSS.format(base="http://127.0.0.1:9", date=FEED_DATE).encode(), "world.rss"))
    assert [where for where, _ in items] == ["http://127.0.0.1:9/talks", "http://127.0.0.1:9/gone",
                                            "http://127.0.0.1:9/undated"]
    first = items[0][1].article
    assert first.title == "Spain and Portugal agree water deal" and "Short summary." in first.text
    assert first.published == "2023-05-02" and first.url == "http://127.0.0.1:9/talks"
    assert "Krisjanis Karins met" in items[1][1].article.text and "<p>" not in items[1][1].article.text
    bad = list(read_feed(b"<rss><channel></channel></rss>", "empty.rss"))
    assert len(bad) == 1 and isinstance(bad[0][1], InputError) and "empty.rss is not a feed with entries" in str(bad[0][1])


# --- web archives ------------------------------------------------------------------------------

def write_warc(path, gz: bool = True):
    """A small crawl: warcinfo, a request, two HTML pages, an image, a 404 page and a revisit."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "a test"}))

        def response(uri, status, kind, body, date="2023-05-09T12:00:00Z"):
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
            return record

        request = writer.create_warc_record("https://news.example.com/world/talks", "request",
                                            payload=BytesIO(b"GET /world/talks HTTP/1.1\r\nHost: news.example.com\r\n\r\n"))
        writer.write_record(request)
        response("https://news.example.com/world/talks?ref=home", "200 OK", "text/html; charset=utf-8", ARTICLE)
        response("https://news.example.com/world/cable", "200 OK", "text/html", SECOND)
        undated = page("Nordic leaders meet", ["Finnish President Alexander Stubb met Swedish Prime Minister "
                                               "Ulf Kristersson in Helsinki."], published=None, canonical=None)
        response("https://news.example.com/world/nordic", "200 OK", "text/html", undated, date="2023-05-10T07:00:00Z")
        response("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        response("https://news.example.com/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        revisit = writer.create_revisit_record("https://news.example.com/world/talks", digest="sha1:AAAA",
                                               refers_to_uri="https://news.example.com/world/talks",
                                               refers_to_date="2023-05-09T12:00:00Z")
        writer.write_record(revisit)


@pytest.mark.parametrize("name, gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_a_web_archive_gives_its_html_responses_and_counts_the_rest(tmp_path, name, gz):
    from kg.inputs.warc import read_warc

    path = tmp_path / name
    write_warc(path, gz)
    items = list(read_warc(path))
    reads = [item for _, item in items if not isinstance(item, (str, InputError))]
    assert [r.article.url for r in reads] == ["https://news.example.com/world/talks?ref=home",  # not the canonical
                                              "https://news.example.com/world/cable",
                                              "https://news.example.com/world/nordic"]
    assert [r.article.published for r in reads] == ["2023-05-04", "2023-05-08", "2023-05-10"]  # the page's, else the record's
    assert all(r.article.source.startswith(f"{name}@") for r in reads)
    assert items[-1] == (str(path), "3 HTML page(s) read; skipped 1 HTTP 404 responses, 1 non-HTML responses, "
                                    "1 request records, 1 revisit records, 1 warcinfo records")


def test_a_broken_archive_keeps_what_it_could_read_and_says_what_it_could_not(tmp_path):
    from kg.inputs.warc import read_warc

    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])  # a download that stopped halfway
    items = list(read_warc(cut))
    assert [r.article.title for _, r in items[:-1]] == ["Spain and Portugal agree water deal"]
    assert "1 records cut short" in items[-1][1]
    for content, words in ((b"a file of five words\r\n" * 5, "is not a WARC file (it holds ARC records)"),
                           (b"notes\r\n", "is not a readable web archive: Unknown archive format"),
                           (b"\x1f\x8bnot gzip", "is not a readable web archive"), (b"", "holds no HTML page")):
        cut.write_bytes(content)
        (where, error), = list(read_warc(cut))
        assert isinstance(error, InputError) and words in str(error) and "\n" not in str(error)


@pytest.mark.model
def test_a_web_archive_builds_from_the_command_line(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    done = kg("build", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "articles  3" in done.stdout
    assert "note: " + str(path) + ": 3 HTML page(s) read; skipped" in done.stderr
    graph = (tmp_path / "out" / "graph.ttl").read_text()
    assert "Alexander Stubb" in graph and "Kyriakos Mitsotakis" in graph


def test_limit_stops_a_feed_from_fetching_pages_it_will_not_read():
    from kg.build import read_articles
    from kg.inputs.fetch import Fetcher

    items = "".join(f"<item><title>Story {i}</title><link>{{base}}/story-{i}</link><description>Text {i}.</description></item>"
                    for i in range(80))
    routes = {f"/story-{i}": (200, "text/html", page(f"Story {i}", [f"Minister {i} met officials in Oslo."]))
              for i in range(80)}
    with serve(routes) as base:
        Site.routes["/feed"] = (200, "application/rss+xml",
                                f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".replace("{base}", base).encode())
        reads, _, _ = read_articles([f"{base}/feed"], limit=5, fetcher=Fetcher(timeout=2))
    assert len(reads) == 5
    assert len([hit for hit in Site.hits if hit.startswith("/story-")]) <= 32  # one batch, not all 80
