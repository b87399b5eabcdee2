"""Printing the report's HTML to PDF with headless Chromium, the browser the test suite already uses:
it draws the inline SVG and the print CSS exactly as the HTML is seen on screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import WirewatchError

PRINT_TIMEOUT = 120.0
"""Seconds Chromium may take to start and print; a report prints in two or three on two cores."""


CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""How wirewatch starts Chromium (here, in the browser tests and for screenshots): no sandbox for root in
containers, and nothing that reaches out on its own (updates, sync, background requests), which a
closed network refuses."""


def chromium_path() -> str | None:
    """WIREWATCH_CHROMIUM, else the first Chromium or Chrome on PATH."""
    found = os.environ.get("WIREWATCH_CHROMIUM")
    if found:
        return found
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, output: Path, *, timeout: float = PRINT_TIMEOUT) -> None:
    """Print ``html`` to the PDF file ``output`` (A4, as the report's print CSS asks)."""
    browser = chromium_path()
    if browser is None:
        raise WirewatchError(
            "--format pdf needs Chromium: install it (Debian: apt-get install chromium) "
            "or set WIREWATCH_CHROMIUM to a Chromium or Chrome binary"
        )
    with tempfile.TemporaryDirectory(prefix="wirewatch-pdf-") as tmp:
        page, printed = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise WirewatchError(f"Chromium did not print the PDF within {timeout:g} seconds") from None
        except OSError as e:
            raise WirewatchError(f"could not run Chromium ({browser}): {e.strerror}") from e
        if not printed.exists() or not printed.read_bytes().startswith(b"%PDF"):
            said = [line for line in done.stderr.splitlines() if line.strip()]
            raise WirewatchError(
                f"Chromium did not print the PDF (exit status {done.returncode}): {said[-1] if said else 'no message'}"
            )
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(printed, output)
