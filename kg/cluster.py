"""Extraction on a Dask distributed cluster (`kg build --cluster ADDRESS`): batches of articles go to
the workers, each of which loads the language model once (a worker plugin); the extractions come
back as the JSON the cache holds, with the SHACL violations of each article's graph, and the client
writes them into its cache as they arrive. The rest of the build (labels, merge, outputs) runs on the
client as in a one-process build, so the output is the same bytes.

Dask is an extra (`pip install 'kg[dask]'`): nothing here is imported by a plain build.
"""
from __future__ import annotations

import itertools
import sys
import uuid

from .errors import KgError
from .model import Article

BATCH = 16  # articles a task: one spaCy nlp.pipe batch
LOG_LENGTH = 10  # messages Dask keeps of each connection (the client's, the scheduler's to each worker)


class Cluster:
    """A client of a Dask scheduler: 'tcp://host:8786' (or any address Dask takes), or 'local:N' for
    a LocalCluster of N worker processes on this machine. Connecting fails in one line, before any
    work, when the scheduler cannot be reached."""

    def __init__(self, address: str, model: str | None = None):
        try:
            import logging

            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise KgError("--cluster needs Dask: pip install 'kg[dask]'") from None
        # Dask keeps the last messages of each connection for its developers (1,000 by default): here
        # they are batches of articles, tens of megabytes that grow with the build; a few are kept
        dask.config.set({"distributed.admin.low-level-log-length": LOG_LENGTH})
        self.address, self.model, self.local = address, model, None
        try:
            if address.startswith("local:"):
                try:
                    workers = int(address.split(":", 1)[1])
                except ValueError:
                    raise KgError(f"--cluster local:N takes a number of workers, not {address!r}") from None
                if workers < 1:
                    raise KgError("--cluster local:N needs at least one worker")
                self.local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.local)
            else:
                self.client = Client(address, timeout="5s")
        except KgError:
            raise
        except (OSError, TimeoutError, ValueError) as error:
            message = " ".join(str(error).split())[:200] or type(error).__name__
            raise KgError(f"Cannot reach the Dask scheduler at {address}: {message}") from None
        self.client.register_plugin(_Model(model), name="kg-model")

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


try:  # this module is imported only for --cluster; without Dask, Cluster() says how to install it
    from distributed import WorkerPlugin as _Plugin
except ImportError:
    _Plugin = object


class _Model(_Plugin):
    """A worker plugin that loads the language model once, when the worker starts."""

    def __init__(self, model: str | None):
        self.model = model

    def setup(self, worker):
        from .extract.nlp import load_pipeline

        worker.kg_nlp = load_pipeline(self.model)


def extract_batch(articles: list[str], model: str | None) -> list[tuple[str, str | None, list[str], str | None]]:
    """On a worker: (article id, extraction as JSON, violations, error) for each article (as JSON)."""
    from dask.distributed import get_worker

    from .build import check
    from .extract import extract_article
    from .extract.nlp import load_pipeline
    from .model import from_json, to_json

    nlp = getattr(get_worker(), "kg_nlp", None) or load_pipeline(model)
    batch = [from_json(Article, text) for text in articles]
    out = []
    for doc, article in zip(nlp.pipe((a.text for a in batch), batch_size=BATCH), batch):
        try:
            text = to_json(extract_article(doc, article))
            out.append((article.id, text, check(text), None))
        except Exception as error:  # one article's defect is reported, the others go on
            out.append((article.id, None, [], f"{type(error).__name__}: {error}"[:300]))
    return out


QUEUED = 2  # batches a worker thread has at most, the one it runs included: the client reads no further ahead


def extract_on_cluster(articles, cache, cluster: Cluster, progress: bool = False) -> list[tuple[Article, str]]:
    """Extract the articles on the cluster and write each into the cache as it arrives. articles is
    any iterable: batches are made of it and sent as the workers take them, QUEUED a worker thread
    at most, so the client holds the text of a few batches only. Returns (article, why) of the
    articles whose extraction failed. A task whose worker dies is run again on another."""
    from dask.distributed import as_completed

    from .build import slim, store_entry
    from .model import to_json

    batches = _batches(articles, BATCH)
    first = next(batches, None)
    if first is None:  # nothing to send: no progress bar either
        return []
    batches = itertools.chain([first], batches)
    del first
    client = cluster.client
    waiting: dict[str, Article] = {}  # the articles sent and not yet back, their text dropped
    failed = []
    running = as_completed()
    sent = 0

    def collect(future):
        results = future.result()
        for article_id, text, found, error in results:
            article = waiting.pop(article_id)
            if error is not None:
                failed.append((article, f"{article.source}: extraction failed: {error}"))
            else:
                store_entry(text, found, str(cache.path(article)))
        bar.update(len(results))
        future.release()

    with _progress(progress) as bar:
        for batch in batches:
            while sent >= QUEUED * max(1, sum(client.nthreads().values())):
                collect(next(running))
                sent -= 1
            waiting.update((a.id, slim(a)) for a in batch)
            running.add(client.submit(extract_batch, [to_json(a) for a in batch], cluster.model,
                                      pure=False, retries=3, key=f"kg-extract-{batch[0].id}-{uuid.uuid4().hex[:8]}"))
            sent += 1
            del batch
        for future in running:
            collect(future)
    return failed


def _batches(items, size: int):
    """Lists of size items (the last one shorter), taken from items as they are asked for."""
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch


def _progress(shown: bool):
    """A progress bar of the articles done on a terminal, else one that shows nothing."""
    import contextlib

    import click

    if shown and sys.stderr.isatty():  # the number of articles is not known ahead: the count is shown
        return click.progressbar((None for _ in ()), label="articles", file=sys.stderr, show_pos=True)

    class Quiet:
        def update(self, n):
            pass

    return contextlib.nullcontext(Quiet())
