"""A web archive beside the same texts as files: `kg build` on a WARC of the BBC politics articles
wrapped as news pages, against `kg build` on the .txt files themselves; and the same WARC padded with
large non-HTML records, to show that memory follows the articles, not the archive's size.

    python benchmarks/warc.py [--shared ../shared] [--runs 3] [--padding-mb 200]

Each build is a fresh process (`kg build ... -o DIR` into an empty folder), timed with its peak
resident memory (GNU time); the three kinds of build take turns, and medians are shown.
"""
from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import kg_build  # noqa: E402  (the same timed build as the corpus benchmark)


def page(title: str, paragraphs: list[str], number: int) -> bytes:
    """A news page around an article: navigation, the article, related links and a footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)} | Archive News</title>"
            f"<meta property='og:site_name' content='Archive News'>"
            f"<meta property='article:published_time' content='2005-02-{1 + number % 28:02d}T09:00:00Z'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a> <a href='/business'>Business</a></nav>"
            f"<main><article><h1>{html.escape(title)}</h1>{body}</article>"
            "<aside><h3>More stories</h3><ul><li><a href='/a'>Markets close higher</a></li>"
            "<li><a href='/b'>Weather warning for the weekend</a></li></ul></aside></main>"
            "<footer>Archive News. All rights reserved.</footer></body></html>").encode("utf-8")


def write_archive(texts: list[Path], path: Path, padding: int = 0) -> None:
    """A gzipped WARC: for each text a request and an HTML response; with padding, also that many
    bytes of non-HTML responses (images) spread between them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pad_each = padding // max(1, len(texts))
    noise = os.urandom(min(pad_each, 1 << 20)) if pad_each else b""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg benchmark"}))
        for number, text in enumerate(texts):
            lines = text.read_text(encoding="utf-8", errors="replace").split("\n")
            paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
            uri = f"https://archive.example.com/politics/{text.stem}"
            writer.write_record(writer.create_warc_record(uri, "request", payload=BytesIO(
                f"GET /politics/{text.stem} HTTP/1.1\r\nHost: archive.example.com\r\n\r\n".encode())))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", http_headers=headers,
                                                          payload=BytesIO(page(lines[0].strip(), paragraphs, number))))
            if pad_each:
                image = (noise * (pad_each // len(noise) + 1))[:pad_each]
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"{uri}/photo.jpg", "response", http_headers=headers,
                                                              payload=BytesIO(image)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--padding-mb", type=int, default=200, help="non-HTML bytes added to the padded archive")
    args = parser.parse_args()
    folder = args.shared / "corpus" / "bbc" / "politics"
    texts = sorted(folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain, padded = tmp / "politics.warc.gz", tmp / "politics-padded.warc.gz"
        write_archive(texts, plain)
        write_archive(texts, padded, args.padding_mb * 1_000_000)
        kinds = {".txt files": [str(folder)], "WARC": [str(plain)], "WARC + padding": [str(padded)]}
        results: dict[str, list[dict]] = {kind: [] for kind in kinds}
        for run in range(args.runs):
            for kind, inputs in kinds.items():
                results[kind].append(kg_build(inputs, None, tmp / f"out-{run}-{len(results[kind])}-{kind[:4]}"))
        sizes = {".txt files": sum(t.stat().st_size for t in texts), "WARC": plain.stat().st_size,
                 "WARC + padding": padded.stat().st_size}
    base = statistics.median(r["seconds"] for r in results[".txt files"])
    base_mb = statistics.median(r["rss_mb"] for r in results[".txt files"])
    print(f"BBC politics, {len(texts)} articles; medians of {args.runs} runs, each a fresh `kg build`")
    print(f"{'input':<16}{'MB on disk':>11}{'articles':>9}{'entities':>9}{'facts':>7}{'seconds':>9}{'art/s':>7}"
          f"{'time ×':>8}{'peak MB':>9}{'mem ×':>7}")
    for kind, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        mb = statistics.median(r["rss_mb"] for r in runs)
        last = runs[-1]
        print(f"{kind:<16}{sizes[kind] / 1e6:>11.1f}{last['articles']:>9}{last['entities']:>9}{last['facts']:>7}"
              f"{seconds:>9.1f}{int(last['articles']) / seconds:>7.1f}{seconds / base:>8.2f}{mb:>9.0f}{mb / base_mb:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
