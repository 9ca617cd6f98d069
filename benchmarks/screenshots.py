"""Pictures of the relationship page for the README: the seed's page, and the page of a corpus build
(the first 50 BBC News politics articles in ../shared), drawn by headless Chromium.

    python benchmarks/screenshots.py [--shared ../shared] [--out benchmarks/screenshots]

Needs Debian's chromium and the test extras (Playwright). Writes seed.png and corpus.png.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def build(inputs: list[str], out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "kg.cli", "build", *inputs, "-o", str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    return out / "graph.html"


def shoot(browser, page_path: Path, picture: Path, width: int = 1400, height: int = 900) -> dict:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(page_path.as_uri())
    page.wait_for_function("window.kgPage && window.kgPage.ready")
    page.wait_for_timeout(300)
    picture.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(picture))
    counts = page.evaluate("window.kgPage.counts()")
    page.close()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "screenshots")
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    texts = sorted((args.shared / "corpus" / "bbc" / "politics").glob("*.txt"))[: args.articles]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        seed = build([str(ROOT / "seeds")], Path(tmp) / "seed")
        print("seed:", shoot(browser, seed, args.out / "seed.png"))
        if texts:
            corpus = build([str(t) for t in texts], Path(tmp) / "corpus")
            print(f"{len(texts)} BBC politics articles:", shoot(browser, corpus, args.out / "corpus.png"))
        browser.close()
    print(f"wrote {args.out / 'seed.png'}" + (f" and {args.out / 'corpus.png'}" if texts else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
