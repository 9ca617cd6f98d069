"""Faults met on real input: overlapping articles, odd order, odd files and odd parameters."""
import subprocess
import sys

import pytest

pytestmark = pytest.mark.model
A = "A\n\nItaly's agreement with Albania was signed. British Prime Minister Keir Starmer spoke.\n"
B = "B\n\nThe Italy-Albania deal is not yet operational. Keir Starmer, the British prime minister, spoke.\n"


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_overlapping_articles_conform_in_any_order(tmp_path):
    (tmp_path / "a.txt").write_text(A)
    (tmp_path / "b.txt").write_text(B)
    first = kg("build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "ab"))
    second = kg("build", str(tmp_path / "b.txt"), str(tmp_path / "a.txt"), "-o", str(tmp_path / "ba"))
    assert first.returncode == second.returncode == 0 and "valid     yes" in first.stdout, first.stderr
    assert (tmp_path / "ab" / "graph.ttl").read_bytes() == (tmp_path / "ba" / "graph.ttl").read_bytes()


def test_the_same_text_twice_is_one_article(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(A)
    done = kg("build", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "-o", str(tmp_path / "out"))
    assert done.returncode == 0 and "valid     yes" in done.stdout
    assert (tmp_path / "out" / "graph.ttl").read_text().count("schema:NewsArticle") == 1


def test_a_title_case_headline_only_file_with_a_quote(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text('Trump Says "Great Deal" Reached With China Today')
    assert kg("build", str(path), "-o", str(tmp_path / "out")).returncode == 0


def test_an_output_path_that_is_a_file(tmp_path, seed_dir):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    done = kg("build", "seeds", "-o", str(blocker))
    assert done.returncode == 1 and done.stderr.startswith("Error: Cannot write in") and "Traceback" not in done.stderr
    done = kg("draw", "-g", str(seed_dir / "graph.ttl"), "-o", str(blocker / "x.html"))
    assert done.returncode == 1 and "Cannot write" in done.stderr and "Traceback" not in done.stderr


def test_a_parameter_that_is_not_a_valid_iri(seed_dir):
    done = kg("query", "profile", "-g", str(seed_dir / "graph.ttl"), "--param", "entity=http://a>b")
    assert done.returncode == 1 and done.stderr.strip() == "Error: --param entity: 'http://a>b' is not a valid IRI"


def test_draw_a_graph_that_breaks_the_shapes(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix kg: <https://kg.example.org/ontology#> .\n<urn:x:v> a kg:Visit ; kg:visitor <urn:x:p> .\n"
                    "<urn:x:q> a kg:Quote ; kg:text \"hi\" .\n")
    done = kg("draw", "-g", str(path), "-o", str(tmp_path / "g.html"))
    assert done.returncode == 0, done.stderr
