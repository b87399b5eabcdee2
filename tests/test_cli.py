"""The command line: exit statuses, summaries, reading commands, export validated against its schema."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BODY, distinct_text, page

from wirewatch.cli import cli, parse_duration


def write_pages(folder, count: int, *, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"{n:04d}.html").write_text(page(f"Report {n}", distinct_text(n), canonical=f"https://n.example/{n}"))


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_ingest_directory_then_again(runner, tmp_path):
    write_pages(tmp_path / "pages", 3)
    db = str(tmp_path / "w.db")
    first = runner.invoke(cli, ["ingest", str(tmp_path / "pages"), "--db", db])
    assert first.exit_code == 0, first.output
    assert "3 new, 0 updated, 0 duplicate, 0 near-duplicate, 0 failed" in first.output
    second = runner.invoke(cli, ["ingest", str(tmp_path / "pages"), "--db", db])
    assert second.exit_code == 0 and "0 new, 0 updated, 3 duplicate" in second.output


def test_cli_ingest_with_failures_exits_1_and_lists_reasons(runner, tmp_path):
    write_pages(tmp_path / "pages", 2)
    db = str(tmp_path / "w.db")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "pages"), str(tmp_path / "missing.html"), "--db", db])
    assert result.exit_code == 1
    assert "2 new" in result.output and "1 failed" in result.output
    assert "missing.html  [source] no such file or directory" in result.output
    failures = runner.invoke(cli, ["failures", "--db", db, "--json"])
    assert json.loads(failures.output.splitlines()[0])["reason"] == "no such file or directory"


@pytest.mark.parametrize(
    "args",
    [["ingest"], ["watch", "feed.xml", "--every", "soon"], ["export", "nonsense"], ["articles", "--limit", "0"]],
)
def test_cli_bad_usage_exits_2(runner, tmp_path, args):
    result = runner.invoke(cli, [*args, "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2, result.output


def test_cli_db_from_environment(runner, tmp_path):
    write_pages(tmp_path / "pages", 1)
    db = tmp_path / "env.db"
    result = runner.invoke(cli, ["ingest", str(tmp_path / "pages")], env={"WIREWATCH_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_cli_search_articles_stats(runner, tmp_path):
    db = str(tmp_path / "w.db")
    (tmp_path / "q.html").write_text(page("Blast at Quetta station", BODY, canonical="https://n.example/quetta"))
    write_pages(tmp_path / "pages", 2)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "q.html"), str(tmp_path / "pages"), "--db", db]).exit_code == 0
    found = runner.invoke(cli, ["search", "railway station", "--db", db])
    assert "Blast at Quetta station" in found.output and "[railway]" in found.output.lower()
    assert "No matches" in runner.invoke(cli, ["search", "zzzzqqq", "--db", db]).output
    bad = runner.invoke(cli, ["search", '"unbalanced', "--db", db])
    assert bad.exit_code == 2 and "bad search query" in bad.output
    listed = runner.invoke(cli, ["articles", "--db", db, "--text", "Quetta", "--json"])
    assert [json.loads(line)["title"] for line in listed.output.splitlines()] == ["Blast at Quetta station"]
    numbers = json.loads(runner.invoke(cli, ["stats", "--db", db, "--json"]).output)
    assert numbers["articles"] == 3 and numbers["failures"] == 0


def test_cli_export_articles_valid_against_schema(runner, tmp_path, schema):
    db = str(tmp_path / "w.db")
    write_pages(tmp_path / "pages", 3)
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        json.dumps({"id": "r-7", "url": None, "title": "T", "date_publish": "2024-11-09 10:00:00", "maintext": BODY})
        + "\n"
    )
    runner.invoke(cli, ["ingest", str(tmp_path / "pages"), str(jsonl), "--db", db])
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(cli, ["export", "articles", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    validator = schema("article")
    assert len(records) == 4
    for record in records:
        assert not list(validator.iter_errors(record)), record["id"]
    by_id = {r["id"]: r for r in records}
    assert by_id["r-7"]["source"] == f"{jsonl}:1" and by_id["r-7"]["published"] == "2024-11-09"
    assert all(r["source"].endswith(".html") for r in records if r["id"] != "r-7")


def test_cli_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    for command in ("ingest", "watch", "search", "articles", "failures", "stats", "export", "demo"):
        assert command in result.output


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30s", 30), ("10m", 600), ("2h", 7200), ("1.5m", 90)])
def test_cli_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_cli_reference_in_docs_is_current():
    """docs/cli.md is the commands' own --help; regenerate it with `python scripts/cli_docs.py`."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("cli_docs", root / "scripts" / "cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (root / "docs" / "cli.md").read_text(encoding="utf-8") == module.render()
