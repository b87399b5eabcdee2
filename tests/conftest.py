"""Shared fixtures: a fresh store, pages written for the tests, the export schemas."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from wirewatch.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "wirewatch" / "data" / "schema"
SHARED = ROOT.parent / "shared"


def page(title: str, body: str, *, canonical: str | None = None, published: str = "2024-11-09") -> str:
    """A small but realistic news page: navigation, byline, the article, related links, comments."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{link}
<meta property="article:published_time" content="{published}T08:00:00+05:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">By Staff Reporter</p>{paragraphs}</article>
<section id="comments"><h3>Leave a Reply</h3><form><textarea name="c"></textarea></form></section>
<footer>Copyright 2024</footer></body></html>"""


BODY = (
    "A suicide bomber struck the railway station in Quetta on Saturday morning, killing at least 26 people "
    "and wounding dozens more as passengers waited for a train to Peshawar, officials said.\n\n"
    "The Balochistan Liberation Army said it carried out the attack. Police said the bomber had mingled with "
    "soldiers who had arrived at the platform, and that rescue teams took the wounded to the civil hospital.\n\n"
    "The provincial government announced three days of mourning and ordered an inquiry into the security "
    "arrangements at the station, which had been crowded with travellers at the time of the blast."
)


WORDS = [
    "police",
    "army",
    "district",
    "province",
    "officials",
    "said",
    "attack",
    "blast",
    "convoy",
    "market",
    "border",
    "checkpoint",
    "villagers",
    "hospital",
    "wounded",
    "killed",
    "militants",
    "security",
    "forces",
    "operation",
    "curfew",
    "protest",
    "minister",
    "spokesperson",
    "statement",
    "claimed",
    "denied",
    "inquiry",
    "mourning",
    "rescue",
    "teams",
    "morning",
    "evening",
    "highway",
    "bridge",
    "school",
    "mosque",
]


def distinct_text(seed: int, words: int = 160) -> str:
    """A text unlike any other seed's (random word order), long enough to be an article."""
    rng = random.Random(seed)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(words // 12)]
    return f"Report {seed}. " + " ".join(sentences)


@pytest.fixture
def store() -> SQLiteStore:
    with SQLiteStore(":memory:") as s:
        yield s


@pytest.fixture
def schema():
    """The JSON Schema of an export kind, as a validator."""
    from jsonschema import Draft202012Validator

    def load(kind: str) -> Draft202012Validator:
        return Draft202012Validator(json.loads((SCHEMAS / f"{kind}.schema.json").read_text()))

    return load


@pytest.fixture(scope="session")
def evaluation(tmp_path_factory):
    """The evaluation set (evaluation/) run once through the whole path by evaluation/predict.py:
    (the scorer module, its gold, the predictions read back). Shared by every floor test."""
    import importlib.util

    def module(name: str):
        spec = importlib.util.spec_from_file_location(f"ww_eval_{name}", ROOT / "evaluation" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded

    out = tmp_path_factory.mktemp("evaluation")
    assert module("predict").main([str(out)]) == 0
    score = module("score")
    return score, score.load_gold(score.DEFAULT_GOLD), score.load_predictions(out)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """The sample corpus ingested once per test session, as `wirewatch demo` does. Shared: read it,
    never write to it (copy it first)."""
    from wirewatch.demo import build_demo

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = build_demo(db)
    assert summary.failed == 0
    return db


@pytest.fixture(scope="session")
def nlp():
    """The whole English pipeline with every wirewatch component, loaded once per session: the same
    object ingest and analyze use in this process (the components' tests read their own annotations)."""
    pytest.importorskip("spacy")
    from wirewatch.nlp.analyze import shared_pipeline

    return shared_pipeline()


@pytest.fixture(scope="session")
def demo_docs(nlp) -> list[tuple[str, object, object]]:
    """The sample corpus's pages, each extracted and run through ``nlp`` once per session:
    (file name, Article, Doc)."""
    from wirewatch.demo import corpus_dir
    from wirewatch.extract import extract
    from wirewatch.models import RawDocument
    from wirewatch.nlp import DocContext, pipe

    pages = sorted((corpus_dir() / "pages").glob("*.html"))
    articles = [extract(RawDocument(source=str(p), html=p.read_text(encoding="utf-8"))) for p in pages]
    docs = pipe(nlp, [(a.text, DocContext(published=a.published)) for a in articles])
    return list(zip([p.name for p in pages], articles, docs, strict=True))


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL database for the tests (tests/pg.py): WIREWATCH_TEST_POSTGRES's, else a
    throwaway server's, started once per session. Without either the PostgreSQL tests skip, except under
    CI, where a missing server is a failure."""
    import os

    import pg

    try:
        with pg.server() as url:
            yield url
    except pg.Unavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the PostgreSQL store: {e}")
        pytest.skip(str(e))


@pytest.fixture
def pg_store_url(postgres_url: str) -> str:
    """A URL for a store of its own in the test database: a fresh schema, dropped afterwards."""
    import pg

    with pg.fresh_schema(postgres_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def both_stores(request):
    """An empty store of each backend in turn: SQLite in memory, PostgreSQL in a fresh schema."""
    if request.param == "sqlite":
        with SQLiteStore(":memory:") as s:
            yield s
        return
    from wirewatch.store.postgres import PostgresStore

    with PostgresStore(request.getfixturevalue("pg_store_url")) as s:
        yield s
