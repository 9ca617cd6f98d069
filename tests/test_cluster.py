"""kg build on a Dask cluster: a LocalCluster of two worker processes on loopback gives the same
bytes as a one-process build, also when a worker is killed mid-build; an unreachable scheduler is one
line before any work; and a plain install builds without Dask."""
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import free_port

pytestmark = pytest.mark.model

PEOPLE = [("Anna Berg", "Sweden", "Stockholm"), ("Piotr Nowak", "Poland", "Warsaw"), ("Ines Duarte", "Portugal", "Lisbon"),
          ("Karl Huber", "Austria", "Vienna"), ("Mira Kovac", "Croatia", "Zagreb"), ("Jan de Vries", "the Netherlands", "Amsterdam")]


def write_articles(folder, count):
    """Short made-up wire stories: meetings, visits, quotes."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 1) % len(PEOPLE)]
        (folder / f"story-{i:03d}.txt").write_text(
            f"Ministers meet in {b[2]} (story {i})\n\n"
            f"{b[2].upper()} (Reuters) - The foreign minister of {a[1]}, {a[0]}, met {b[0]}, the foreign minister "
            f"of {b[1]}, in {b[2]} on {1 + i % 27} March 2024.\n\n"
            f"\"We agreed to work together on energy,\" {a[0]} said after the talks.\n\n"
            f"{a[0]} praised the plan and later visited {PEOPLE[(i + 2) % len(PEOPLE)][2]}.\n")
    return folder


def outputs(folder):
    return {name: (folder / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}


def test_a_cluster_build_equals_a_one_process_build(tmp_path, nlp):
    pytest.importorskip("distributed")
    from kg.build import build

    inputs = write_articles(tmp_path / "in", 5)
    build([inputs], tmp_path / "one", published="2024-03-30")
    summary = build([inputs], tmp_path / "cluster", published="2024-03-30", cluster="local:2")
    assert summary.articles == 5 and summary.parsed == 5
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "one")
    # a rebuild sends nothing: every article is in the cache
    again = build([inputs], tmp_path / "cluster", published="2024-03-30", cluster="local:2")
    assert again.parsed == 0 and outputs(tmp_path / "cluster") == outputs(tmp_path / "one")


def test_a_worker_killed_mid_build_changes_nothing(tmp_path, nlp):
    pytest.importorskip("distributed")
    from kg.build import build
    from kg.cluster import Cluster

    inputs = write_articles(tmp_path / "in", 40)  # three batches
    build([inputs], tmp_path / "one", published="2024-03-30")
    with Cluster("local:2") as cluster:
        pids = cluster.client.run(os.getpid)  # worker address -> pid
        killed = []

        def kill_one_busy_worker():
            ends = time.monotonic() + 60
            while time.monotonic() < ends and not killed:
                busy = [w for w, tasks in cluster.client.processing().items() if tasks]
                if busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(busy[0])
                time.sleep(0.05)

        killer = threading.Thread(target=kill_one_busy_worker, daemon=True)
        killer.start()
        summary = build([inputs], tmp_path / "cluster", published="2024-03-30", cluster=cluster)
        killer.join(5)
    assert killed, "no worker was busy to be killed"
    assert summary.articles == 40 and not summary.skipped
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "one")


def test_an_unreachable_scheduler_is_one_line_before_any_work(tmp_path):
    pytest.importorskip("distributed")
    inputs = write_articles(tmp_path / "in", 1)
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(inputs), "-o", str(tmp_path / "out"),
                           "--cluster", f"tcp://127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=60)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("Error: Cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert not (tmp_path / "out").exists()  # nothing was done, nothing left


BLOCK_DASK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError("not installed: " + name)
sys.meta_path.insert(0, Block())
from kg.cli import main
sys.argv = ["kg"] + sys.argv[1:]
main()
"""


def test_a_plain_install_builds_without_dask(tmp_path):
    inputs = write_articles(tmp_path / "in", 1)
    done = subprocess.run([sys.executable, "-c", BLOCK_DASK, "build", str(inputs), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()
    done = subprocess.run([sys.executable, "-c", BLOCK_DASK, "build", str(inputs), "-o", str(tmp_path / "out"),
                           "--cluster", "local:2"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.strip() == "Error: --cluster needs Dask: pip install 'kg[dask]'"


def test_an_article_whose_extraction_fails_on_a_worker_is_skipped_and_reported(tmp_path, nlp, monkeypatch):
    """As in a one-process build: the other articles are built, and the failed one is named with why.
    The workers are threads of this process here, so that the failure can be planted in them."""
    distributed = pytest.importorskip("distributed")
    import kg.extract
    from kg.build import build
    from kg.cluster import Cluster

    extract = kg.extract.extract_article

    def fails_on_story_2(doc, article):
        if "(story 2)" in article.title:
            raise ValueError("planted defect")
        return extract(doc, article)

    monkeypatch.setattr(kg.extract, "extract_article", fails_on_story_2)
    inputs = write_articles(tmp_path / "in", 4)
    one = build([inputs], tmp_path / "one", published="2024-03-30")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as local, \
            Cluster(local.scheduler_address) as cluster:
        summary = build([inputs], tmp_path / "cluster", published="2024-03-30", cluster=cluster)
    assert summary.articles == 3 and one.articles == 3
    assert [why for _, why in summary.skipped] == [why for _, why in one.skipped]
    assert [(source.split("/")[-1], why.split(": ", 1)[1]) for source, why in summary.skipped] == \
        [("story-002.txt", "extraction failed: ValueError: planted defect")]
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "one")


def test_nothing_to_send_shows_no_progress_bar(monkeypatch):
    """A rebuild whose articles are all in the cache sends nothing: no empty bar is drawn."""
    pytest.importorskip("distributed")
    import types

    import kg.cluster

    opened = []
    monkeypatch.setattr(kg.cluster, "_progress", lambda shown: opened.append(shown))
    assert kg.cluster.extract_on_cluster(iter([]), cache=None, cluster=types.SimpleNamespace(client=None), progress=True) == []
    assert opened == []
