"""A build killed at any moment (SIGKILL: nothing of kg runs after it) leaves no process behind, the
previous outputs whole and usable, and nothing a complete build after it does not clean away."""
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

PEOPLE = [("Mara Velden", "Norway"), ("Tomas Rieker", "Austria"), ("Ilse Korhonen", "Finland"),
          ("Paolo Benedetti", "Italy"), ("Ana Duarte", "Portugal"), ("Jens Holmgren", "Sweden"),
          ("Katrin Vogel", "Germany"), ("Luis Ortega", "Spain"), ("Eamon Byrne", "Ireland"),
          ("Zofia Nowak", "Poland"), ("Pieter de Wit", "Belgium"), ("Helena Costa", "Greece"),
          ("Radu Ionescu", "Romania")]


def articles(folder: Path, day: str, count: int = 12) -> Path:
    """Short invented news articles: leaders meeting and speaking (on the day given)."""
    folder.mkdir()
    for i in range(count):
        (a, a_country), (b, b_country) = PEOPLE[i], PEOPLE[(i + 5) % len(PEOPLE)]
        text = (f"{a_country} and {b_country} talk trade\n\n"
                f"{a_country}'s Prime Minister {a} met {b_country}'s Foreign Minister {b} in Brussels on "
                f"{day} to discuss a new trade agreement between the two countries.\n\n"
                f'"We want a fair deal for our farmers," {a} told reporters after the meeting. '
                f"{b} said the talks had been useful and that {b_country} would visit again in May.\n\n"
                f"The European Commission welcomed the meeting. Officials in {a_country} said a second "
                f"round of talks could take place before the summer, story number {i}.\n")
        (folder / f"article-{i:02d}.txt").write_text(text)
    return folder


def kg(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300, **kwargs)


def start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def children(pid: int) -> set[int]:
    """The processes whose parent is pid, from every thread's list and from each process's stat."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its parent to reap it has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_and_check(process: subprocess.Popen, seen: set[int]) -> float:
    """SIGKILL the build; every child it had must be gone within 5 s. Returns how long they took."""
    seen |= children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    started = time.monotonic()
    while time.monotonic() - started < 5:
        left = {pid for pid in seen if alive(pid)}
        if not left:
            return time.monotonic() - started
        time.sleep(0.05)
    pytest.fail(f"processes {sorted(left)} of the killed build still run")


def watch(process: subprocess.Popen, until) -> set[int]:
    """The children of a running process, gathered until until() is true (or the process ends)."""
    seen = set()
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        seen |= children(process.pid)
        if until():
            seen |= children(process.pid)
            break
        time.sleep(0.01)
    return seen


OUTPUTS = ("graph.ttl", "graph.trig", "graph.html")


def leftovers(out: Path) -> list[str]:
    """Temporary files and folders of kg's writing, anywhere under the output folder."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if p.name.startswith((".kg-build-", ".kg-write-test", ".loading-")) or p.name.endswith(".tmp"))


def check_usable(out: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """The outputs are each the previous build's or the new one's, whole, and the graph answers queries."""
    from rdflib import Graph

    for name in OUTPUTS:
        now = (out / name).read_bytes()
        assert now in (before[name], after[name]), f"{name} is neither the old nor the new file"
    Graph().parse(out / "graph.ttl", format="turtle")
    done = kg("query", "entities", "-g", str(out / "graph.ttl"))
    assert done.returncode == 0 and "Mara Velden" in done.stdout, done.stderr


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two sets of articles, A and B, and the outputs of a complete build of each (B's built into a
    folder where A's were, as the killed builds do): what a killed build of B may leave in A's
    folder is, file by file, A's outputs or B's."""
    root = tmp_path_factory.mktemp("killed")
    a, b = articles(root / "a", "Tuesday"), articles(root / "b", "Thursday")
    built_a, built_b = root / "built-a", root / "built-b"
    assert kg("build", str(a), "-o", str(built_a)).returncode == 0
    shutil.copytree(built_a, built_b)
    started = time.monotonic()
    assert kg("build", str(b), "-o", str(built_b)).returncode == 0
    seconds = time.monotonic() - started
    before = {n: (built_a / n).read_bytes() for n in OUTPUTS}
    after = {n: (built_b / n).read_bytes() for n in OUTPUTS}
    assert all(before[n] != after[n] for n in OUTPUTS)
    return b, built_a, before, after, seconds


TRIGGERS = {  # when to kill the build of B: after a share of the time a whole one takes, or on seeing it at some step
    "15%": None, "45%": None, "75%": None,
    "parsing": lambda out, pid, new: len(children(pid)) >= 1 and new(),  # the helper runs, a first article is done
    "writing": lambda out, pid, new: any(out.glob(".kg-build-*/graph.nt")),  # the outputs in the scratch folder
    "store": lambda out, pid, new: any((out / "graph.ttl.oxigraph").glob(".loading-*")),  # loading the new graph
    "drawing": lambda out, pid, new: any(comm(c) == "sfdp" for c in children(pid)),  # laying the page out
}


@pytest.mark.parametrize("when", TRIGGERS)
def test_a_killed_build_leaves_no_process_and_usable_outputs(tmp_path, corpus, when):
    if when == "drawing" and not shutil.which("sfdp"):
        pytest.skip("the page is laid out by Graphviz's sfdp when it is installed")
    b, built_a, before, after, seconds = corpus
    out = tmp_path / "out"
    shutil.copytree(built_a, out)
    cache = out / ".kg-cache"
    cached = set(cache.iterdir())

    process = start("build", str(b), "-o", str(out))  # 12 articles to parse: the helper process validates
    started = time.monotonic()
    if TRIGGERS[when] is None:
        seen = watch(process, lambda: time.monotonic() - started > seconds * float(when[:-1]) / 100)
    else:
        seen = watch(process, lambda: TRIGGERS[when](out, process.pid, lambda: set(cache.iterdir()) - cached))
    assert process.poll() is None, f"the build finished before it could be killed ({when})"
    took = kill_and_check(process, seen)
    print(f"{when}: killed at {time.monotonic() - started:.2f} s, {len(seen)} children, gone {took:.2f} s after")

    check_usable(out, before, after)
    done = kg("build", str(b), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == after
    assert leftovers(out) == []
    check_usable(out, after, after)


def test_parser_workers_end_with_a_killed_build(tmp_path, corpus):
    b, built_a, before, after, _ = corpus
    out = tmp_path / "out"
    process = start("build", str(b), "-o", str(out), "--workers", "2")
    # the helper, then spaCy's two parsers
    seen = watch(process, lambda: len(children(process.pid)) >= 3)
    assert process.poll() is None and len(seen) >= 3, seen
    kill_and_check(process, seen)
    done = kg("build", str(b), "-o", str(out), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == after
    assert leftovers(out) == []


def _death_signal() -> int:
    import ctypes

    found = ctypes.c_int(-1)
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(found))  # PR_GET_PDEATHSIG
    return found.value


def test_die_with_parent():
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from kg.procs import die_with_parent

    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=fork, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        assert pool.submit(_death_signal).result(timeout=30) == signal.SIGKILL
    # a child whose parent is already not the one it was started by ends at once
    child = fork.Process(target=die_with_parent, args=(os.getpid() + 1_000_000,))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 1
