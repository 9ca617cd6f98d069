"""Large record files are streamed: read a chunk at a time and handed to extraction as they are
read, with only a few texts held at once, and built into the same bytes as when read whole; a text
given twice is extracted once, whichever copy comes first and in whichever chunk.

Most of these run a made-up extractor in place of spaCy (no language model); the cluster's runs the
real one."""
import json
import re

import pytest

PEOPLE = ["Anna Berg", "Piotr Nowak", "Ines Duarte", "Karl Huber", "Mira Kovac", "Jan de Vries", "Berg"]
CITIES = ["Stockholm", "Warsaw", "Lisbon", "Vienna", "Zagreb", "Amsterdam"]


def story(i: int) -> dict:
    """A short made-up wire story, the i-th."""
    a, b, city = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 3) % len(PEOPLE)], CITIES[i % len(CITIES)]
    return {"title": f"Ministers meet in {city} (story {i})",
            "text": f"{city.upper()} (Reuters) - {a} met {b} in {city} on {1 + i % 27} March 2024.\n\n"
                    f"\"We agreed to work together on energy,\" {a} said after the talks.",
            "date": "2024-03-30", "source": f"wire-{i:02d}"}


def records() -> list[dict]:
    """40 stories, and copies of some: the same text under a greater source (kept), under a smaller one
    (dropped), the very same record again, and one under a greater source with another date (kept,
    and read differently); the copies far from their originals, in other chunks."""
    rows = [story(i) for i in range(40)]
    rows.insert(3, {**story(30), "source": "wire-99"})              # read before its original: kept
    rows.append({**story(5), "source": "wire-00x"})                 # smaller than wire-05: dropped
    rows.append(story(7))                                           # the same record again
    rows.insert(1, {**story(20), "source": "wire-20b", "date": "2024-03-31"})  # another date, kept
    return rows


def kept(rows: list[dict]) -> list[dict]:
    """The records a build keeps: of each text the copy of the greatest source, the last of equal ones."""
    best: dict[tuple, dict] = {}
    for row in rows:
        key = (row["title"], row["text"])
        if key not in best or row["source"] >= best[key]["source"]:
            best[key] = row
    return list(best.values())


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def outputs(folder):
    return {name: (folder / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}


class FakeExtractor:
    """extract_articles without spaCy: the people and cities of the text as entities, each mention
    with its sentence as evidence. Takes articles a batch at a time, as nlp.pipe does; counts how
    often each article is extracted and the texts read and not yet extracted."""

    def __init__(self, batch: int = 16):
        self.batch, self.extracted, self.done = batch, [], 0

    def __call__(self, articles, model=None, workers=1, progress=False, pairs=False):
        import itertools

        articles = iter(articles)
        while batch := list(itertools.islice(articles, self.batch)):
            for article in batch:
                extraction = self.extract(article)
                self.extracted.append(article.id)
                self.done += 1
                yield (article, extraction) if pairs else extraction

    @staticmethod
    def extract(article):
        from kg.model import Entity, Evidence, Extraction, Mention

        entities, mentions = {}, []
        for kind, names in (("Person", PEOPLE), ("City", CITIES)):
            for name in names:
                for found in re.finditer(rf"\b{re.escape(name)}\b", article.text):
                    key = ("person/" if kind == "Person" else "place/") + name.lower().replace(" ", "-")
                    entities[key] = Entity(key, name, kind)
                    start = article.text.rfind("\n", 0, found.start()) + 1
                    end = article.text.find("\n", found.end())
                    end = len(article.text) if end < 0 else end
                    evidence = Evidence(article.id, start, end, article.text[start:end])
                    mentions.append(Mention(key, name, found.start(), found.end(), evidence))
        return Extraction(article=article, entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
                          mentions=tuple(sorted(mentions, key=lambda m: (m.begin, m.entity))))


class Held:
    """Counts the reads taken from the inputs, to compare with the extractions done."""

    def __init__(self, monkeypatch, extractor):
        import kg.build as build_module

        real = build_module.read_inputs
        self.read, self.most, self.extractor = 0, 0, extractor

        def counted(*args, **kwargs):
            for where, item in real(*args, **kwargs):
                if not isinstance(item, (str, Exception)):
                    self.read += 1
                    self.most = max(self.most, self.read - self.extractor.done)
                yield where, item

        monkeypatch.setattr(build_module, "read_inputs", counted)


@pytest.fixture
def fake(monkeypatch):
    import kg.build as build_module

    extractor = FakeExtractor()
    monkeypatch.setattr(build_module, "extract_articles", extractor)
    return extractor


def test_chunks_of_any_size_and_any_order_build_the_same_bytes(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    rows = records()
    monkeypatch.setattr(build_module, "CHUNK", 10**6)  # every record read before the first extraction
    whole = build_module.build([write(tmp_path / "kept.jsonl", kept(rows))], tmp_path / "whole")
    assert whole.articles == 40 and whole.parsed == 40 and not whole.skipped
    for chunk in (1, 3, 64):
        for name, order in (("forward", rows), ("backward", rows[::-1])):
            monkeypatch.setattr(build_module, "CHUNK", chunk)
            out = tmp_path / f"{name}-{chunk}"
            summary = build_module.build([write(tmp_path / f"{name}.jsonl", order)], out)
            assert summary.articles == 40 and not summary.skipped, (name, chunk)
            assert outputs(out) == outputs(tmp_path / "whole"), (name, chunk)
    graph = (tmp_path / "whole" / "graph.ttl").read_text()
    assert '"wire-99"' in graph and '"wire-30"' not in graph and '"wire-00x"' not in graph
    assert '"wire-20b"' in graph and '"2024-03-31"' in graph


def test_a_text_read_twice_is_extracted_once(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    monkeypatch.setattr(build_module, "CHUNK", 4)
    rows = [r for r in records() if r.get("date") == "2024-03-30"]  # the copies read alike
    summary = build_module.build([write(tmp_path / "in.jsonl", rows)], tmp_path / "out")
    assert len(rows) == 43 and summary.articles == summary.parsed == 40
    assert len(fake.extracted) == len(set(fake.extracted)) == 40
    # a rebuild reads every article from the cache, also when the first copy read is not the one kept
    built, fake.extracted[:] = outputs(tmp_path / "out"), []
    again = build_module.build([write(tmp_path / "in.jsonl", rows[::-1])], tmp_path / "out")
    assert again.parsed == 0 and fake.extracted == [] and outputs(tmp_path / "out") == built


def test_a_copy_with_another_date_is_read_again(tmp_path, monkeypatch, fake):
    """The one case a text is extracted twice: its first copy has another date than the copy kept,
    and dates are read against the article's."""
    import kg.build as build_module

    monkeypatch.setattr(build_module, "CHUNK", 2)
    rows = [story(1), story(2), {**story(1), "source": "wire-50", "date": "2024-04-02"}]
    summary = build_module.build([write(tmp_path / "in.jsonl", rows)], tmp_path / "out")
    assert summary.articles == 2 and summary.parsed == 3
    assert '"2024-04-02"' in (tmp_path / "out" / "graph.ttl").read_text()
    assert build_module.build([write(tmp_path / "in.jsonl", rows)], tmp_path / "out").parsed == 0


def test_limit_counts_the_records_read(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    monkeypatch.setattr(build_module, "CHUNK", 3)
    rows = [story(0), story(1), {**story(0), "source": "wire-70"}, story(2), story(3), story(4)]
    summary = build_module.build([write(tmp_path / "in.jsonl", rows)], tmp_path / "out", limit=4)
    assert (summary.articles, summary.parsed) == (3, 3)
    graph = (tmp_path / "out" / "graph.ttl").read_text()
    assert '"wire-70"' in graph and '"wire-02"' in graph and '"wire-03"' not in graph


def test_only_a_few_texts_are_held_at_once(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    monkeypatch.setattr(build_module, "CHUNK", 5)
    held = Held(monkeypatch, fake)
    rows = [story(i) for i in range(200)]
    summary = build_module.build([write(tmp_path / "in.jsonl", rows)], tmp_path / "out", workers=1)
    assert summary.articles == 200 and held.read == 200
    assert 0 < held.most <= 5 + fake.batch


def test_a_shard_of_a_stream_is_its_slice(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    monkeypatch.setattr(build_module, "CHUNK", 3)
    rows = write(tmp_path / "in.jsonl", records())
    whole = build_module.build([rows], tmp_path / "whole", nquads=True)
    parts = [build_module.build([rows], tmp_path / f"part-{i}", shard=(i, 3)) for i in (1, 2, 3)]
    assert sum(p.articles for p in parts) == whole.articles == 40
    lines = sorted(line for i in (1, 2, 3) for line in (tmp_path / f"part-{i}" / "graph.nq").read_text().splitlines())
    assert lines == sorted((tmp_path / "whole" / "graph.nq").read_text().splitlines())


@pytest.mark.model
def test_a_stream_on_a_cluster_holds_a_few_batches_and_equals_a_local_build(tmp_path, monkeypatch, nlp):
    pytest.importorskip("distributed")
    import kg.build as build_module
    import kg.cluster as cluster_module

    rows = write(tmp_path / "in.jsonl", [r for r in records() if r.get("date") == "2024-03-30"])
    build_module.build([rows], tmp_path / "local")
    monkeypatch.setattr(build_module, "CHUNK", 4)
    monkeypatch.setattr(cluster_module, "BATCH", 4)
    monkeypatch.setattr(cluster_module, "QUEUED", 1)
    stored = type("Stored", (), {"done": 0})()
    real = build_module.store_entry

    def store(text, violations, path):
        stored.done += 1
        real(text, violations, path)

    monkeypatch.setattr(build_module, "store_entry", store)
    held = Held(monkeypatch, stored)
    summary = build_module.build([rows], tmp_path / "cluster", cluster="local:2")
    assert summary.articles == summary.parsed == 40 and stored.done == 40 and held.read == 43
    # a chunk, a batch queued per worker, the batch being made; and the three copies, never extracted
    assert held.most <= 4 + 1 * 2 * 4 + 4 + 3
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "local")


def test_an_entry_that_cannot_be_read_whole_is_made_anew_for_the_copy_kept(tmp_path, monkeypatch, fake):
    import kg.build as build_module

    build_module.build([write(tmp_path / "one.jsonl", [story(1)])], tmp_path / "out")
    (entry,) = (tmp_path / "out" / ".kg-cache").glob("*.json")
    damaged = json.loads(entry.read_text())
    damaged["extraction"]["mentions"] = "not a list"
    entry.write_text(json.dumps(damaged))
    rows = [story(1), {**story(1), "source": "wire-50"}]  # the entry's copy first, then the one kept
    summary = build_module.build([write(tmp_path / "two.jsonl", rows)], tmp_path / "out")
    assert (summary.articles, summary.parsed, summary.skipped) == (1, 1, ())
    assert '"wire-50"' in (tmp_path / "out" / "graph.ttl").read_text()
