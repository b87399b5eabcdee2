"""A PostgreSQL server for the tests: the one WIREWATCH_TEST_POSTGRES names, else a throwaway one started
from Debian's postgresql package in a temporary directory on 127.0.0.1, stopped and deleted afterwards.

Each test gets a schema of its own in that server (``fresh_schema``), so tests never see each other's
rows and nothing has to be created at the server level beyond one database.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ENV = "WIREWATCH_TEST_POSTGRES"
DATABASE = "wirewatch_test"

SETUP_HINT = (
    f"PostgreSQL tests need a server: apt-get install postgresql (for initdb and pg_ctl), or set {ENV} to a "
    "postgresql:// URL of a database where the tests may create schemas"
)


class Unavailable(Exception):
    """No server can be had: the reason says what to install or set."""


def _bindir() -> Path | None:
    """Where initdb and pg_ctl are: Debian keeps them out of PATH, under /usr/lib/postgresql/<version>/bin."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name), reverse=True
    )
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _runner() -> list[str]:
    """As root, initdb refuses to run: the server's commands run as the postgres user instead."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise Unavailable("running as root without runuser: cannot start PostgreSQL as another user")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as e:
        raise Unavailable("running as root and there is no postgres user (apt-get install postgresql)") from e
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server (initdb + pg_ctl) in a temporary directory; yield the URL of its database."""
    bindir = _bindir()
    if bindir is None:
        raise Unavailable(SETUP_HINT)
    runner = _runner()
    root = Path(tempfile.mkdtemp(prefix="wirewatch-pg-"))
    data = root / "data"
    try:
        if runner:
            shutil.chown(root, "postgres", "postgres")
        run = lambda *args: subprocess.run(  # noqa: E731
            [*runner, *args], check=True, capture_output=True, text=True, timeout=120
        )
        try:
            run(str(bindir / "initdb"), "-D", str(data), "-U", "wirewatch", "--auth=trust", "-E", "UTF8")
        except subprocess.CalledProcessError as e:
            raise Unavailable(f"initdb failed: {e.stderr.strip() or e.stdout.strip()}") from e
        port = _start(run, bindir, data, root)
        try:
            url = f"postgresql://wirewatch@127.0.0.1:{port}"
            import psycopg

            with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {DATABASE}")
            yield f"{url}/{DATABASE}"
        finally:
            subprocess.run(
                [*runner, str(bindir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate"],
                capture_output=True,
                timeout=60,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(run, bindir: Path, data: Path, root: Path) -> int:  # type: ignore[no-untyped-def]
    """Start the server on a free port (retried: another process may take the port in between)."""
    # A throwaway server: durability is not wanted, speed is.
    settings = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    last = ""
    for _ in range(3):
        port = _free_port()
        try:
            run(
                str(bindir / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(data),
                "-l",
                str(root / "server.log"),
                "-o",
                f"-k {root} -h 127.0.0.1 -p {port} {settings}",
            )
            return port
        except subprocess.CalledProcessError as e:
            log = root / "server.log"
            last = log.read_text(errors="replace")[-800:] if log.exists() else e.stderr
    raise Unavailable(f"the PostgreSQL server did not start: {last.strip()}")


@contextlib.contextmanager
def server() -> Iterator[str]:
    """The URL of a database to test in: WIREWATCH_TEST_POSTGRES's, else a throwaway server's."""
    url = os.environ.get(ENV)
    if url:
        yield url
        return
    try:
        import psycopg  # noqa: F401
    except ImportError as e:
        raise Unavailable("psycopg is not installed: pip install -e '.[test]'") from e
    with throwaway_server() as started:
        yield started


@contextlib.contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A new, empty schema in the database at ``url``, dropped afterwards; yields a URL whose connections
    use it (a search_path option), so a store opened with that URL creates its tables there."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={name}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
