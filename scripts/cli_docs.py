"""Writes docs/cli.md from the commands' own --help, so the docs cannot drift (tests check it).

Usage: python scripts/cli_docs.py
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wirewatch.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def render() -> str:
    runner = CliRunner()
    parts = ["# Command reference\n", "Generated from `--help` by `python scripts/cli_docs.py`; do not edit by hand.\n"]
    parts.append("## wirewatch\n\n```\n" + runner.invoke(cli, ["--help"], terminal_width=100).output + "```\n")
    for name in sorted(cli.commands):
        text = runner.invoke(cli, [name, "--help"], terminal_width=100).output
        parts.append(f"## wirewatch {name}\n\n```\n{text}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
