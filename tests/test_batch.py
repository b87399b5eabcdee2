"""wirewatch batch: sharding, resume bookkeeping, failures, and equality with a single-process ingest."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wirewatch.batch import process_shard, run_batch, shards
from wirewatch.cli import cli
from wirewatch.models import Failure, RawDocument
from wirewatch.settings import Settings
from wirewatch.store.sqlite import SQLiteStore

CORPUS = Path(__file__).resolve().parent.parent / "wirewatch" / "data" / "corpus"


class InlineClient:
    """The part of a Dask client run_batch uses, running each task at once in this process."""

    def __init__(self, *, broken: set[int] | None = None) -> None:
        self.calls = 0
        self.broken = broken or set()

    def nthreads(self) -> dict[str, int]:
        return {"inline": 1}

    def run(self, fn: Any) -> None:
        fn()

    def submit(self, fn: Any, *args: Any, pure: bool = True, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.calls += 1
        if self.calls in self.broken:
            future.set_exception(RuntimeError("worker lost"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def record(i: int) -> dict[str, object]:
    words = " ".join(f"word{i}x{j}" for j in range(60))
    return {"id": f"rec-{i}", "url": f"https://example.org/{i}", "title": f"Story {i}", "text": f"Story {i}. {words}."}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(db=str(tmp_path / "batch.db"), analyze=False)


def test_batch_shards_cut_each_input_and_fingerprint_content(tmp_path, settings):
    path = jsonl(tmp_path / "a.jsonl", [record(i) for i in range(5)])
    cut = list(shards([str(path)], settings=settings, shard_size=2))
    assert [(s.index, len(s.documents)) for s in cut] == [(0, 2), (1, 2), (2, 1)]
    assert {s.input for s in cut} == {str(path.resolve())}
    again = list(shards([str(path)], settings=settings, shard_size=2))
    assert [s.fingerprint for s in again] == [s.fingerprint for s in cut]
    jsonl(path, [record(i) for i in range(4)] + [record(9)])
    changed = list(shards([str(path)], settings=settings, shard_size=2))
    assert [s.fingerprint == c.fingerprint for s, c in zip(changed, cut, strict=True)] == [True, True, False]


def test_batch_refuses_urls(settings):
    from wirewatch.errors import UsageError

    with pytest.raises(UsageError, match="files and directories only"):
        list(shards(["https://example.org/feed.xml"], settings=settings))


def test_batch_process_shard_keeps_failures_and_extracts(tmp_path):
    documents = [
        RawDocument(source="x:1", text=str(record(1)["text"]), url="https://example.org/1"),
        Failure("x:2", "parse", "invalid JSON: Expecting value at column 1"),
        RawDocument(source="x:3", html="<html><body></body></html>"),
    ]
    out = process_shard(documents, analyze=False, batch_size=8)
    assert [type(p.result).__name__ for p in out] == ["Article", "Failure", "Failure"]
    assert out[1].result == documents[1]
    assert out[2].result.stage == "extract"  # type: ignore[union-attr]


def test_batch_analysis_failure_fails_only_its_text(monkeypatch):
    from wirewatch.batch import analyse_texts
    from wirewatch.nlp import DocContext

    def analyses(items, *, settings, nlp=None):
        for text, context in items:
            if text == "bad":
                raise ValueError("broken component")
            yield context, f"analysis of {text}"

    monkeypatch.setattr("wirewatch.nlp.analyze.analyses", analyses)
    texts = ["a", "b", "bad", "c", "d"]
    out = analyse_texts([(t, DocContext()) for t in texts], batch_size=4)
    assert out == [
        ("analysis of a", None),
        ("analysis of b", None),
        (None, "analysis failed: ValueError: broken component"),
        ("analysis of c", None),
        ("analysis of d", None),
    ]


def test_batch_records_shards_and_resumes_where_it_stopped(tmp_path, settings):
    path = jsonl(tmp_path / "a.jsonl", [record(i) for i in range(7)])
    store = SQLiteStore(settings.db)
    written: list[int] = []
    report = run_batch(
        [str(path)],
        store=store,
        client=InlineClient(),
        settings=settings,
        shard_size=2,
        on_shard=lambda shard, n: written.append(shard.index),
        should_stop=lambda: len(written) >= 2,
    )
    assert report.shards_done == 2 and report.summary.new == 4
    assert store.stats()["articles"] == 4
    client = InlineClient()
    resumed = run_batch([str(path)], store=store, client=client, settings=settings, shard_size=2)
    assert (resumed.shards_skipped, resumed.shards_done, resumed.summary.new) == (2, 2, 3)
    assert client.calls == 2  # only the shards not yet recorded went to a worker
    assert store.stats()["articles"] == 7
    fresh = run_batch([str(path)], store=store, client=InlineClient(), settings=settings, shard_size=2, fresh=True)
    assert (fresh.shards_skipped, fresh.summary.duplicate, fresh.summary.new) == (0, 7, 0)
    store.close()


def test_batch_shard_bookkeeping_on_both_backends(both_stores, tmp_path, settings):
    store = both_stores
    assert not store.shard_done("/in/a.jsonl", 0, "f0")
    store.mark_shard("/in/a.jsonl", 0, "f0", documents=3, run_id=None)
    store.mark_shard("/in/a.jsonl", 0, "f0", documents=3, run_id=None)  # recorded twice: kept once
    assert store.shard_done("/in/a.jsonl", 0, "f0")
    assert not store.shard_done("/in/a.jsonl", 0, "other content")
    assert not store.shard_done("/in/a.jsonl", 1, "f0")
    path = jsonl(tmp_path / "a.jsonl", [record(i) for i in range(3)])
    report = run_batch([str(path)], store=store, client=InlineClient(), settings=settings, shard_size=2)
    assert (report.shards_done, report.summary.new) == (2, 3)
    again = run_batch([str(path)], store=store, client=InlineClient(), settings=settings, shard_size=2)
    assert (again.shards_skipped, again.summary.new) == (2, 0)
    assert not store.batch_analysed("rec-0")  # stored without analysis (analyze off)


def test_batch_lost_worker_fails_that_shards_documents_only(tmp_path, settings):
    path = jsonl(tmp_path / "a.jsonl", [record(i) for i in range(6)])
    store = SQLiteStore(settings.db)
    report = run_batch([str(path)], store=store, client=InlineClient(broken={2}), settings=settings, shard_size=2)
    assert (report.summary.new, report.summary.failed, report.shards_failed, report.shards_done) == (4, 2, 1, 2)
    assert {f.reason for f in report.summary.failures} == {"batch worker failed: RuntimeError: worker lost"}
    reasons = [f["reason"] for f in store.failures()]
    assert len(reasons) == 2
    # The failed shard is not recorded: running the batch again retries it, and only it.
    client = InlineClient()
    again = run_batch([str(path)], store=store, client=client, settings=settings, shard_size=2)
    assert (again.shards_skipped, again.summary.new, client.calls) == (2, 2, 1)
    store.close()


def test_batch_cli_without_dask_names_the_pip_command(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    path = jsonl(tmp_path / "a.jsonl", [record(1)])
    result = CliRunner().invoke(cli, ["batch", str(path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "pip install 'wirewatch[batch]'" in result.output


def small_corpus(folder: Path) -> list[str]:
    """The demo corpus's extra.jsonl, a few of its pages, and a file with broken records."""
    pages = folder / "pages"
    pages.mkdir(parents=True)
    for page in sorted((CORPUS / "pages").glob("*.html"))[:6]:
        shutil.copy(page, pages / page.name)
    (pages / "99-empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    shutil.copy(CORPUS / "extra.jsonl", folder / "extra.jsonl")
    jsonl(folder / "broken.jsonl", ['{"url": "https://example.org/x", "title"', {"url": "https://example.org/y"}])
    return [str(pages), str(folder / "extra.jsonl"), str(folder / "broken.jsonl")]


def events_of(db: str) -> list[dict[str, object]]:
    from wirewatch.store import open_store

    store = open_store(db)
    try:
        return sorted(store.events(), key=lambda e: str(e["id"]))
    finally:
        store.close()


@pytest.mark.slow
def test_batch_on_two_workers_equals_single_process_ingest(tmp_path):
    inputs = small_corpus(tmp_path / "in")
    runner = CliRunner()
    single, batched = str(tmp_path / "single.db"), str(tmp_path / "batched.db")
    ingested = runner.invoke(cli, ["ingest", *inputs, "--db", single, "-q"])
    assert ingested.exit_code == 1, ingested.output  # the empty page and the broken records fail
    result = runner.invoke(cli, ["batch", *inputs, "--workers", "2", "--shard-size", "2", "--db", batched, "-q"])
    assert result.exit_code == 1, result.output
    assert "Dask dashboard: http://127.0.0.1:" in result.output
    first_line = ingested.output.splitlines()[0]
    assert first_line.startswith("Ingested: ") and first_line in result.output

    one, other = SQLiteStore(single), SQLiteStore(batched)
    try:
        a, b = one.stats(), other.stats()
        for key in ("articles", "near_duplicates", "analysed", "events", "event_mentions", "claims", "stories"):
            assert a[key] == b[key], key
        assert b["events"] > 10
        failed = sorted((f["source"], f["stage"], f["reason"]) for f in other.failures(limit=None))
        assert failed == sorted((f["source"], f["stage"], f["reason"]) for f in one.failures(limit=None))
        assert {stage for _source, stage, _reason in failed} == {"extract", "parse"}
    finally:
        one.close()
        other.close()
    assert events_of(batched) == events_of(single)

    again = runner.invoke(cli, ["batch", *inputs, "--workers", "1", "--shard-size", "2", "--db", batched, "-q"])
    assert "0 written" in again.output and "already done" in again.output
    assert "Ingested: 0 new" in again.output


@pytest.mark.slow
def test_batch_into_postgres_equals_single_process_ingest(tmp_path, pg_store_url):
    inputs = small_corpus(tmp_path / "in")
    runner = CliRunner()
    single = str(tmp_path / "single.db")
    ingested = runner.invoke(cli, ["ingest", *inputs, "--db", single, "-q"])
    assert ingested.exit_code == 1, ingested.output
    result = runner.invoke(cli, ["batch", *inputs, "--workers", "2", "--shard-size", "2", "--db", pg_store_url, "-q"])
    assert result.exit_code == 1, result.output
    assert ingested.output.splitlines()[0] in result.output

    from wirewatch.store import open_store

    one, other = SQLiteStore(single), open_store(pg_store_url)
    try:
        a, b = one.stats(), other.stats()
        for key in ("articles", "near_duplicates", "analysed", "events", "event_mentions", "claims", "stories"):
            assert a[key] == b[key], key
        assert b["events"] > 10
        failed = sorted((f["source"], f["stage"], f["reason"]) for f in other.failures(limit=None))
        assert failed == sorted((f["source"], f["stage"], f["reason"]) for f in one.failures(limit=None))
    finally:
        one.close()
        other.close()
    assert events_of(pg_store_url) == events_of(single)
    again = runner.invoke(cli, ["batch", *inputs, "--workers", "1", "--shard-size", "2", "--db", pg_store_url, "-q"])
    assert "0 written" in again.output and "already done" in again.output
