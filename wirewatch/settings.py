"""One Settings object: defaults, overridden by environment variables and then by the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from . import __version__

DEFAULT_DB = "wirewatch.db"


@dataclass(frozen=True)
class Settings:
    """Every tunable of wirewatch in one place; each default carries its reason."""

    db: str = DEFAULT_DB
    user_agent: str = f"wirewatch/{__version__} (+https://github.com/wirewatch/wirewatch; OSINT news monitor)"
    connect_timeout: float = 10.0
    """Seconds to open a connection; news sites that take longer are usually down."""
    read_timeout: float = 30.0
    """Seconds between bytes; generous for slow servers, short enough not to hang a run."""
    max_bytes: int = 10 * 1024 * 1024
    """Response size cap: the largest real article pages are ~3 MB; 10 MB leaves room and stops runaways."""
    max_redirects: int = 5
    """Redirect cap: publishers chain 2-3 (http->https->canonical); more is a loop or a trap."""
    per_host_delay: float = 1.0
    """Seconds between two requests to one host, the customary polite crawl rate."""
    retries: int = 3
    """Attempts after the first on 429 and 5xx, with exponential backoff."""
    backoff: float = 1.0
    """First backoff in seconds, doubled each retry; a Retry-After header wins when given (capped at 60s)."""
    respect_robots: bool = True
    allow_private: bool = False
    """Fetch URLs that resolve to loopback/private/link-local addresses (only for tests and intranets)."""
    near_duplicate_threshold: float = 0.8
    """MinHash Jaccard estimate over 5-word shingles above which an article is a copy of an earlier one.
    Syndicated wire copies with a different headline and footer score 0.85-0.95; distinct reports of
    one event by different outlets score under 0.3."""

    analyze: bool = True
    """Run the language analysis (actors, people, dates, quantities, places) on every new or changed
    article as part of ingest; `wirewatch analyze` runs it later when this is off."""
    nlp_batch_size: int = 32
    """Articles per nlp.pipe batch: news articles are 3-10k characters; 32 keeps memory near 1 GB."""
    nlp_n_process: int = 1
    """Processes for nlp.pipe; each loads its own model (~300 MB); 2 pays off only for large backfills."""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then WIREWATCH_* environment variables, then explicit non-None overrides."""
        settings = cls()
        env_db = os.environ.get("WIREWATCH_DB")
        if env_db:
            settings = replace(settings, db=env_db)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)  # type: ignore[arg-type]
