"""The fetcher against a real HTTP server on 127.0.0.1 (tests/httpfixture.py), with fake sleep and clock.

No test reaches beyond 127.0.0.1: every Fetcher gets a resolver that knows only the names a test gives
it, and tests of refused addresses use an httpx.MockTransport so that even a broken guard connects nowhere.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from email.utils import formatdate

import httpfixture
import httpx
import pytest
from httpfixture import BINARY, HTML, OK_BODY, PNG, LocalServer

from wirewatch.errors import FetchError, RefusedAddress
from wirewatch.ingest.fetch import Fetcher, Response, address_refusal
from wirewatch.settings import Settings

http_server = httpfixture.http_server  # the fixture, imported (as a name, so no linter calls it unused)

MB = 1024 * 1024


class FakeTime:
    """A clock that moves only when someone sleeps, and a record of every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def resolver(names: dict[str, list[str]] | None = None) -> Callable[[str], list[str]]:
    """A resolver that knows only ``names``; any other name fails as an unknown host would."""
    known = names or {}

    def resolve(host: str) -> list[str]:
        if host not in known:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return known[host]

    return resolve


def make(
    fake: FakeTime | None = None,
    *,
    names: dict[str, list[str]] | None = None,
    transport: httpx.BaseTransport | None = None,
    **overrides: object,
) -> Fetcher:
    """A Fetcher for tests: loopback allowed, short timeouts, no delay, retries or robots unless asked."""
    options: dict[str, object] = {
        "allow_private": True,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "per_host_delay": 0.0,
        "retries": 0,
        "backoff": 0.5,
        "respect_robots": False,
    }
    options.update(overrides)
    fake = fake or FakeTime()
    return Fetcher(
        Settings(**options),  # type: ignore[arg-type]
        transport=transport,
        resolver=resolver(names),
        sleep=fake.sleep,
        clock=fake.clock,
    )


def recording_transport(
    seen: list[httpx.Request], routes: dict[str, httpx.Response] | None = None
) -> httpx.BaseTransport:
    """A transport that connects nowhere: it records each request and answers from ``routes`` (else 200)."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return (routes or {}).get(str(request.url), httpx.Response(200, headers=HTML, content=OK_BODY))

    return httpx.MockTransport(handle)


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


# -- success, status errors ----------------------------------------------------------------------------


def test_fetch_ok_page(http_server: LocalServer) -> None:
    with make() as fetcher:
        response = fetcher.get(http_server.url("/ok"))
    assert response == Response(http_server.url("/ok"), 200, "text/html", OK_BODY, "utf-8")


@pytest.mark.parametrize(
    ("path", "reason"), [("/missing", "HTTP 404 Not Found"), ("/500", "HTTP 500 Internal Server Error")]
)
def test_fetch_status_error_reason(http_server: LocalServer, path: str, reason: str) -> None:
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url(path))
    assert str(caught.value) == reason


def test_fetch_404_is_not_retried(http_server: LocalServer, fake: FakeTime) -> None:
    with make(fake, retries=3) as fetcher, pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(http_server.url("/missing"))
    assert http_server.count("/missing") == 1
    assert fake.sleeps == []


def test_fetch_5xx_retried_then_gives_up(http_server: LocalServer, fake: FakeTime) -> None:
    with make(fake, retries=3, backoff=0.5) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/500"))
    assert str(caught.value) == "HTTP 500 Internal Server Error (gave up after 4 attempts)"
    assert http_server.count("/500") == 4
    assert fake.sleeps == [0.5, 1.0, 2.0]


def test_fetch_unwanted_content_type_refused(http_server: LocalServer) -> None:
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/image.png"))
    assert str(caught.value).startswith("unwanted content type image/png (asked for text/html")


def test_fetch_content_type_asked_for(http_server: LocalServer) -> None:
    with make() as fetcher:
        response = fetcher.get(http_server.url("/image.png"), accept="image/*")
    assert (response.content_type, response.content, response.encoding) == ("image/png", PNG, None)
    assert http_server.requests[-1].headers["accept"] == "image/*"


# -- redirects -----------------------------------------------------------------------------------------


def test_fetch_redirect_loop(http_server: LocalServer) -> None:
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/loop"))
    loop, loop2 = http_server.url("/loop"), http_server.url("/loop2")
    assert str(caught.value) == f"redirect loop: {loop} -> {loop2} -> {loop}"
    assert http_server.paths() == ["/loop", "/loop2"]


def test_fetch_redirect_chain_within_cap(http_server: LocalServer) -> None:
    with make(max_redirects=5) as fetcher:
        response = fetcher.get(http_server.url("/chain/5"))
    assert response.url == http_server.url("/chain/0")
    assert len(http_server.requests) == 6


def test_fetch_redirect_chain_over_cap(http_server: LocalServer) -> None:
    with make(max_redirects=5) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/chain/6"))
    assert str(caught.value) == "too many redirects (more than 5)"
    assert http_server.count("/chain/0") == 0


def test_fetch_redirect_to_unsupported_scheme(http_server: LocalServer) -> None:
    http_server.pages["/to-ftp"] = (301, {"Location": "ftp://files.test/report.pdf"}, b"")
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/to-ftp"))
    assert str(caught.value) == "unsupported URL scheme 'ftp'"


# -- timeouts, size cap, network errors ---------------------------------------------------------------


def test_fetch_slow_response_times_out(http_server: LocalServer) -> None:
    http_server.slow_seconds = 3.0
    started = time.monotonic()
    with make(read_timeout=0.2) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/slow"))
    assert str(caught.value) == "timed out after 0.2 s reading from 127.0.0.1"
    assert time.monotonic() - started < 1.5


def test_fetch_timeout_is_retried(http_server: LocalServer, fake: FakeTime) -> None:
    with (
        make(fake, read_timeout=0.1, retries=1, backoff=0.25) as fetcher,
        pytest.raises(FetchError, match=r"timed out .* \(gave up after 2 attempts\)"),
    ):
        fetcher.get(http_server.url("/slow"))
    assert http_server.count("/slow") == 2
    assert fake.sleeps == [0.25]


def test_fetch_oversize_streamed_body(http_server: LocalServer) -> None:
    with make(max_bytes=1 * MB) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/big"))
    assert str(caught.value) == "response larger than 1 MB cap"


def test_fetch_oversize_declared_refused_before_reading(http_server: LocalServer) -> None:
    # The server declares 2 MB, sends 6 bytes and stalls: reading the body would end in a timeout instead.
    http_server.slow_seconds = 3.0
    with make(max_bytes=1 * MB, read_timeout=0.5) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/big-declared"))
    assert str(caught.value) == "response larger than 1 MB cap"


def test_fetch_default_cap_message() -> None:
    seen: list[httpx.Request] = []
    big = {"http://93.184.215.14/": httpx.Response(200, headers={"Content-Length": str(11 * MB)}, content=b"")}
    with make(transport=recording_transport(seen, big)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://93.184.215.14/")
    assert str(caught.value) == "response larger than 10 MB cap"


def test_fetch_deadline_for_whole_response(http_server: LocalServer) -> None:
    class Racing(FakeTime):
        def clock(self) -> float:  # every look at the clock finds a minute gone
            self.now += 60.0
            return self.now

    with make(Racing(), max_bytes=4 * MB) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/big"))
    assert str(caught.value) == "127.0.0.1 took more than 300 s to send the response"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("retries", "sleeps", "tried"), [(0, [], ""), (2, [0.5, 1.0], " (gave up after 3 attempts)")])
def test_fetch_connection_refused(fake: FakeTime, retries: int, sleeps: list[float], tried: str) -> None:
    with make(fake, retries=retries, backoff=0.5) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://127.0.0.1:{_closed_port()}/")
    assert str(caught.value) == "could not connect to 127.0.0.1: connection refused" + tried
    assert fake.sleeps == sleeps


def test_fetch_unresolvable_host() -> None:
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://nowhere.test/")
    assert str(caught.value) == "could not resolve host nowhere.test"


# -- retries -------------------------------------------------------------------------------------------


def test_fetch_retries_429_then_succeeds(http_server: LocalServer, fake: FakeTime) -> None:
    with make(fake, retries=3, backoff=0.5) as fetcher:
        response = fetcher.get(http_server.url("/flaky"))
    assert response.status == 200
    assert http_server.count("/flaky") == 2
    assert fake.sleeps == [0.5]


def test_fetch_503_retry_after_honoured(http_server: LocalServer, fake: FakeTime) -> None:
    with make(fake, retries=3, backoff=0.5) as fetcher:
        response = fetcher.get(http_server.url("/unavailable"))
    assert response.status == 200
    assert http_server.count("/unavailable") == 2
    assert fake.sleeps == [7.0]


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [("3600", 60.0, 60.0), ("soon", 0.5, 0.5), ("@date+20", 15.0, 20.0)],
    ids=["capped at 60 s", "malformed: backoff", "HTTP date"],
)
def test_fetch_retry_after_forms(
    http_server: LocalServer, fake: FakeTime, retry_after: str, low: float, high: float
) -> None:
    if retry_after.startswith("@date+"):
        retry_after = formatdate(time.time() + float(retry_after[6:]), usegmt=True)
    http_server.sequences["/busy"] = [(503, {"Retry-After": retry_after}, b""), (200, HTML, OK_BODY)]
    with make(fake, retries=1, backoff=0.5) as fetcher:
        fetcher.get(http_server.url("/busy"))
    [slept] = fake.sleeps
    assert low <= slept <= high


# -- robots.txt ----------------------------------------------------------------------------------------


def test_fetch_robots_disallow(http_server: LocalServer) -> None:
    with make(respect_robots=True) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.get(http_server.url("/private/page"))
        assert str(caught.value) == "disallowed by robots.txt"
        assert fetcher.get(http_server.url("/ok")).status == 200
    assert http_server.paths() == ["/robots.txt", "/ok"]  # robots.txt once; the private page never


@pytest.mark.parametrize("status", [404, 401, 403, 410, 500, 503])
def test_fetch_robots_unavailable_allows(http_server: LocalServer, status: int) -> None:
    http_server.pages["/robots.txt"] = (status, {}, b"User-agent: *\nDisallow: /\n")
    with make(respect_robots=True) as fetcher:
        assert fetcher.get(http_server.url("/private/page")).status == 200
        assert fetcher.get(http_server.url("/ok")).status == 200
    assert http_server.paths() == ["/robots.txt", "/private/page", "/ok"]


def test_fetch_robots_checked_on_each_redirect_hop(http_server: LocalServer) -> None:
    http_server.pages["/moved"] = (301, {"Location": "/private/page"}, b"")
    with make(respect_robots=True) as fetcher, pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
        fetcher.get(http_server.url("/moved"))
    assert http_server.paths() == ["/robots.txt", "/moved"]


# -- politeness ----------------------------------------------------------------------------------------


def test_fetch_sends_user_agent(http_server: LocalServer) -> None:
    with make(respect_robots=True) as fetcher:
        fetcher.get(http_server.url("/ok"))
    assert [r.path for r in http_server.requests] == ["/robots.txt", "/ok"]
    for request in http_server.requests:
        assert request.headers["user-agent"] == Settings().user_agent
        assert request.headers["user-agent"].startswith("wirewatch/")
    assert http_server.requests[-1].headers["accept"].startswith("text/html")


def test_fetch_per_host_delay(http_server: LocalServer, fake: FakeTime) -> None:
    with make(fake, per_host_delay=2.0, respect_robots=True) as fetcher:
        fetcher.get(http_server.url("/ok"))  # robots.txt, then the page: 2 s between them
        fake.now += 0.5  # time passes between two calls; only the rest of the delay is waited
        fetcher.get(http_server.url("/ok"))
    assert http_server.paths() == ["/robots.txt", "/ok", "/ok"]
    assert fake.sleeps == [2.0, 1.5]


def test_fetch_per_host_delay_real_clock(http_server: LocalServer) -> None:
    settings = Settings(allow_private=True, per_host_delay=0.2, respect_robots=False)
    with Fetcher(settings, resolver=resolver()) as fetcher:
        fetcher.get(http_server.url("/ok"))
        fetcher.get(http_server.url("/ok"))
    first, second = http_server.requests
    assert second.time - first.time >= 0.19  # the server's own clock saw the gap


def test_fetch_different_hosts_do_not_wait(http_server: LocalServer, fake: FakeTime) -> None:
    names = {"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]}
    with make(fake, names=names, per_host_delay=5.0) as fetcher:
        fetcher.get(f"http://a.test:{http_server.port}/ok")
        fetcher.get(f"http://b.test:{http_server.port}/ok")
        assert fake.sleeps == []
        fetcher.get(f"http://a.test:{http_server.port}/ok")
    assert fake.sleeps == [5.0]


# -- address guard -------------------------------------------------------------------------------------


def test_fetch_refused_loopback_without_allow_private(http_server: LocalServer) -> None:
    with make(allow_private=False, respect_robots=True) as fetcher, pytest.raises(RefusedAddress) as caught:
        fetcher.get(http_server.url("/ok"))
    assert str(caught.value) == "refused address 127.0.0.1 (loopback); pass --allow-private to allow"
    assert http_server.requests == []


@pytest.mark.parametrize(
    ("addresses", "refused"),
    [
        (["10.1.2.3"], "10.1.2.3 (private)"),
        (["192.168.1.1"], "192.168.1.1 (private)"),
        (["169.254.10.20"], "169.254.10.20 (link-local)"),
        (["169.254.169.254"], "169.254.169.254 (cloud metadata)"),
        (["fd00:ec2::254"], "fd00:ec2::254 (cloud metadata)"),
        (["100.100.100.200"], "100.100.100.200 (cloud metadata)"),
        (["::1"], "::1 (loopback)"),
        (["::ffff:127.0.0.1"], "::ffff:127.0.0.1 (loopback)"),
        (["::ffff:10.0.0.1"], "::ffff:10.0.0.1 (private)"),
        (["fe80::1"], "fe80::1 (link-local)"),
        (["0.0.0.0"], "0.0.0.0 (unspecified)"),
        (["224.0.0.1"], "224.0.0.1 (multicast)"),
        (["240.0.0.1"], "240.0.0.1 (reserved)"),
        (["100.64.0.1"], "100.64.0.1 (not global)"),
        (["93.184.215.14", "10.0.0.7"], "10.0.0.7 (private)"),  # any one address refuses the host
    ],
)
def test_fetch_refused_resolved_address(addresses: list[str], refused: str) -> None:
    seen: list[httpx.Request] = []
    transport = recording_transport(seen)
    with (
        make(names={"news.test": addresses}, transport=transport, allow_private=False) as fetcher,
        pytest.raises(RefusedAddress) as caught,
    ):
        fetcher.get("http://news.test/story")
    assert str(caught.value) == f"refused address {refused}; pass --allow-private to allow"
    assert seen == []


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 (cloud metadata)"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 (cloud metadata)"),
        ("http://[::ffff:127.0.0.1]:8080/", "::ffff:127.0.0.1 (loopback)"),
        ("https://10.0.0.1/", "10.0.0.1 (private)"),
    ],
)
def test_fetch_refused_literal_address(url: str, refused: str) -> None:
    seen: list[httpx.Request] = []
    with (
        make(transport=recording_transport(seen), allow_private=False) as fetcher,
        pytest.raises(RefusedAddress) as caught,
    ):
        fetcher.get(url)
    assert str(caught.value) == f"refused address {refused}; pass --allow-private to allow"
    assert seen == []


def test_fetch_public_address_allowed() -> None:
    seen: list[httpx.Request] = []
    with make(names={"news.test": ["93.184.215.14"]}, transport=recording_transport(seen), allow_private=False) as f:
        assert f.get("http://news.test/story").status == 200
    assert [str(r.url) for r in seen] == ["http://news.test/story"]


def test_fetch_refused_on_redirect_hop() -> None:
    seen: list[httpx.Request] = []
    routes = {"http://news.test/story": httpx.Response(302, headers={"Location": "http://intranet.test/admin"})}
    names = {"news.test": ["93.184.215.14"], "intranet.test": ["10.0.0.7"]}
    with (
        make(names=names, transport=recording_transport(seen, routes), allow_private=False) as fetcher,
        pytest.raises(RefusedAddress, match=r"refused address 10\.0\.0\.7 \(private\)"),
    ):
        fetcher.get("http://news.test/story")
    assert [str(r.url) for r in seen] == ["http://news.test/story"]


def test_fetch_connects_to_the_checked_address(http_server: LocalServer) -> None:
    """The name is resolved once, by our resolver, and the connection goes to that address (no rebinding)."""
    lookups: list[str] = []

    def counting(host: str) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    with Fetcher(Settings(allow_private=True, respect_robots=False), resolver=counting) as fetcher:
        response = fetcher.get(f"http://news.test:{http_server.port}/ok")
    assert response.url == f"http://news.test:{http_server.port}/ok"
    assert lookups == ["news.test"]
    assert http_server.requests[0].headers["host"] == f"news.test:{http_server.port}"


def test_fetch_tries_next_address_when_one_refuses(http_server: LocalServer, fake: FakeTime) -> None:
    # Nothing listens on [::1] at the server's port (or there is no IPv6): that connection fails at once.
    names = {"news.test": ["::1", "127.0.0.1"]}
    with make(fake, names=names) as fetcher:
        assert fetcher.get(f"http://news.test:{http_server.port}/ok").status == 200
    assert fake.sleeps == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/file", "unsupported URL scheme 'ftp'"),
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("javascript:alert(1)", "unsupported URL scheme 'javascript'"),
        ("example.com/story", "not an absolute URL: 'example.com/story'"),
    ],
)
def test_fetch_unsupported_scheme(url: str, reason: str) -> None:
    seen: list[httpx.Request] = []
    with make(transport=recording_transport(seen)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value) == reason
    assert seen == []


def test_fetch_address_refusal_public() -> None:
    assert address_refusal("93.184.215.14") is None
    assert address_refusal("2606:4700::6810:85e5") is None
    assert address_refusal("not-an-ip") == "not an IP address"


# -- decoding ------------------------------------------------------------------------------------------


def test_fetch_text_header_charset(http_server: LocalServer) -> None:
    with make() as fetcher:
        response = fetcher.get(http_server.url("/latin1.html"))
        text = fetcher.text(response)
    assert response.encoding == "ISO-8859-1"
    assert "Caf\u00e9 \u201cau lait\u201d \u2013 cr\u00e8me" in text  # latin-1 label read as windows-1252


def test_fetch_text_meta_charset(http_server: LocalServer) -> None:
    with make() as fetcher:
        response = fetcher.get(http_server.url("/meta.html"))
        text = fetcher.text(response)
    assert response.encoding is None
    assert "\u041d\u043e\u0432\u043e\u0441\u0442\u0438" in text


def test_fetch_text_undecodable_bytes(http_server: LocalServer) -> None:
    with make() as fetcher:
        response = fetcher.get(http_server.url("/binary.html"))
        assert response.content == BINARY
        with pytest.raises(FetchError) as caught:
            fetcher.text(response)
    assert str(caught.value) == "undecodable bytes (not utf-8 and no declared charset)"


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        ("<p>Zo\u00eb \u2014 \u65b0\u95fb</p>".encode(), None, "<p>Zo\u00eb \u2014 \u65b0\u95fb</p>"),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "windows-1252", "<p>caf\u00e9</p>"),  # a BOM beats the header
        ('<meta charset="utf-8"><p>caf\u00e9</p>'.encode(), "bogus-charset", '<meta charset="utf-8"><p>caf\u00e9</p>'),
        (  # a header that does not fit gives way to the <meta>
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>\u043c\u0438\u0440</p>'.encode(
                "koi8-r"
            ),
            "utf-8",
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>\u043c\u0438\u0440</p>',
        ),
    ],
    ids=["undeclared utf-8", "bom", "unknown label", "header then meta"],
)
def test_fetch_text_decoding_order(content: bytes, encoding: str | None, expected: str) -> None:
    with make() as fetcher:
        assert fetcher.text(Response("http://news.test/", 200, "text/html", content, encoding)) == expected


@pytest.mark.parametrize(
    ("declared", "reason"),
    [
        ("UTF-8", "undecodable bytes (not utf-8 as declared)"),
        ("windows-1252", "undecodable bytes (not windows-1252 as declared, nor utf-8)"),
    ],
)
def test_fetch_text_declared_but_undecodable(declared: str, reason: str) -> None:
    with make() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.text(Response("http://news.test/", 200, "text/html", BINARY, declared))
    assert str(caught.value) == reason
