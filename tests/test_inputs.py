"""Bad input from the command line: one line naming the file and what is wrong, no traceback; in a
folder, bad files are skipped and said, the rest is built."""
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.model
GOOD = "Leaders meet\n\nROME (Reuters) - Italian Prime Minister Giorgia Meloni met Keir Starmer in Rome on 16 September 2024.\n"


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def one_line_error(done, *words):
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("name, content, words", [
    ("empty.txt", b"", ["empty.txt", "is empty"]),
    ("blank.txt", b"  \n\t\n", ["blank.txt", "is empty"]),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["binary.txt", "binary file"]),
    ("page.html", b"<html><script>alert(1)</script></html>", ["page.html", "is empty", "HTML"]),
])
def test_a_bad_single_file(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    one_line_error(kg("build", str(path), "-o", str(tmp_path / "out")), "No article could be read", *words)
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_missing_and_unreadable(tmp_path):
    one_line_error(kg("build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")), "Input not found", "nope.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read any file")
        one_line_error(kg("build", str(locked), "-o", str(tmp_path / "out")), "locked.txt", "Permission denied")
    finally:
        locked.chmod(0o644)


def test_huge_file_is_refused_naming_the_limit(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("w") as out:
        out.write("Headline\n\n")
        for _ in range(50_000):
            out.write("A sentence of news that goes on and on. " * 25 + "\n\n")
    one_line_error(kg("build", str(huge), "-o", str(tmp_path / "out")), "huge.txt", "1,000,000 characters", "max_length")


def test_encodings_bom_crlf_and_html_are_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-latin1.txt").write_bytes(GOOD.replace("Rome", "Caf\u00e9").encode("cp1252"))
    (folder / "b-bom-crlf.txt").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    (folder / "c-page.html").write_text("<html><head><title>Leaders meet</title><style>p{}</style></head><body>"
                                        "<p>Keir Starmer met Giorgia Meloni in Rome.</p></body></html>")
    (folder / "notes.md").write_text("not an article")
    done = kg("build", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "articles  3" in done.stdout
    assert "note: a-latin1.txt: not UTF-8: read as Windows-1252" in done.stderr
    assert "c-page.html" not in done.stderr  # trafilatura found the page's text: nothing to tell
    graph = (tmp_path / "out" / "graph.ttl").read_text()
    assert 'schema:headline "Leaders meet"' in graph and "p{}" not in graph


def test_a_bad_file_in_a_folder_is_skipped_and_the_exit_code_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_text("")
    done = kg("build", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "articles  1 (1 skipped)" in done.stdout and "skipped:" in done.stderr and "empty.txt is empty" in done.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()
    strict = kg("build", str(folder), "-o", str(tmp_path / "strict"), "--strict")
    one_line_error(strict, "empty.txt is empty")
    assert not (tmp_path / "strict" / "graph.ttl").exists()


def test_a_failed_build_leaves_the_previous_outputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    out = tmp_path / "out"
    assert kg("build", str(good), "-o", str(out)).returncode == 0
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    assert kg("build", str(bad), "-o", str(out)).returncode == 1
    assert {name: (out / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", "graph.html", "graph.trig", "graph.ttl", "graph.ttl.oxigraph"]


def test_ctrl_c_during_a_build_exits_cleanly_and_keeps_the_outputs(tmp_path):
    import signal
    import time

    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    out = tmp_path / "out"
    assert kg("build", str(good), "-o", str(out)).returncode == 0
    before = (out / "graph.ttl").read_bytes()
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):  # enough work to be interrupted in the middle of
        (folder / f"{i:02}.txt").write_text(GOOD.replace("Rome", f"Rome {i}"))
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "-o", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4.0)  # past start-up, inside the parsing of 40 articles
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert process.returncode == 130 and "Traceback" not in err and "Interrupted" in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    after = (out / "graph.ttl").read_bytes()
    if after != before:  # the interrupt came after the outputs were replaced: then all of them are new
        assert b"Rome 299" in after and "Rome 299" in (out / "graph.html").read_text()
