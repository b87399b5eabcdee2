"""HTTP(S) GET for pages and feeds: address-guarded, polite, size-capped, retried, and honest about failure.

One ``Fetcher`` owns one ``httpx.Client``. Redirects and retries are our own loops, so that every hop is
checked against the address guard and robots.txt and counted against the redirect cap. Every failure is
a ``FetchError`` (or ``RefusedAddress``) whose message is one line a user can act on.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import ExtractError, FetchError, RefusedAddress
from ..settings import Settings
from .decode import decode_html

__all__ = ["DEFAULT_ACCEPT", "Fetcher", "Response", "address_refusal", "resolve"]

logger = logging.getLogger(__name__)

Resolver = Callable[[str], list[str]]

DEFAULT_ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,text/plain;q=0.5"
"""What a page fetch accepts: HTML first; XML and plain text too, since ingest's page check lets them
through. Anything else (images, PDF, video) is refused from its headers, before the body is read."""
ROBOTS_ACCEPT = "text/plain,*/*;q=0.1"
"""robots.txt is plain text, but servers label it every which way; any type is parsed."""

RETRY_WAIT_CAP = 60.0
"""Longest single wait before a retry, seconds, for Retry-After and our own backoff alike: a server that
asks for more is down for this run, and waiting longer would stall every other source."""
RESPONSE_DEADLINE = 300.0
"""Seconds one response may take from request to last byte. read_timeout only bounds the gap between two
reads, so a server dripping a byte every few seconds could otherwise hold a run for hours; a 10 MB page
at a slow 64 kB/s still arrives in under 3 minutes."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, DigitalOcean, OpenStack (IPv4)
        "fd00:ec2::254",  # AWS (IPv6)
        "100.100.100.200",  # Alibaba Cloud
    )
)
# Retried (with _retryable): connections refused, reset, timed out or dropped, and bodies cut short.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class Response:
    """A successful (2xx) response, its body read in full."""

    url: str
    """The final URL, after redirects."""
    status: int
    content_type: str | None
    """The media type alone, lower-cased (``text/html``); parameters are dropped."""
    content: bytes
    encoding: str | None
    """The charset the Content-Type header declared, if any; text() decodes with it first."""


@dataclass(frozen=True)
class _Reply:
    """One HTTP exchange: its status and headers, and the body only when it was 2xx."""

    status: int
    headers: httpx.Headers
    content: bytes = b""
    attempts: int = 1


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order, without repeats."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(address: str) -> str | None:
    """Why no request may go to ``address`` ("loopback", "private", ...), or None for a public one."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and the 6to4 2002:7f00:1:: reach the IPv4 address they embed.
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    if ip in _METADATA:
        return "cloud metadata"
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        # Not private by the registry, but not on the internet either: 100.64.0.0/10 (carrier-grade NAT,
        # and Alibaba's metadata service), and whatever the registry adds next.
        ("not global", not ip.is_global),
    )
    return next((label for label, hit in checks if hit), None)


class Fetcher:
    """GET http(s) URLs for ingest, with the address guard, robots.txt, per-host delay, redirect, size and
    retry limits of ``Settings``. Not thread-safe: one Fetcher per thread.

    The side effects are swappable: ``transport`` (an httpx transport, e.g. ``httpx.MockTransport``),
    ``resolver`` (host -> addresses), ``sleep`` and ``clock`` (for the delays).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._resolve = resolver or resolve
        self._sleep = sleep
        self._clock = clock
        # With our own transport we connect to the very address the guard checked (see _send), which
        # closes the DNS-rebinding gap between checking a name and connecting to it. An injected
        # transport makes its own connections (MockTransport: none), so it gets the URL as given.
        self._pin = transport is None
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.connect_timeout,
            ),
            follow_redirects=False,
            # No proxies, .netrc or SSL_* from the environment: a proxy would connect somewhere other
            # than the address the guard checked, and .netrc would hand credentials to any host.
            trust_env=False,
            # No keep-alive: connections are pooled by address, and since we connect by address, a TLS
            # connection made (and certificate-checked) for one site could be reused for another site on
            # the same CDN address. One handshake per request is cheap at one request per second per host.
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_start: dict[str, float] = {}

    def get(self, url: str, *, accept: str = DEFAULT_ACCEPT) -> Response:
        """GET ``url`` and read its body; raise FetchError (RefusedAddress) with a one-line reason."""
        final, reply = self._follow(_checked_url(url), accept=accept, robots=self.settings.respect_robots)
        if not 200 <= reply.status < 300:
            reason = _status_reason(reply.status)
            if reply.status in _REDIRECTS:
                reason += " without a Location header"
            if reply.attempts > 1:
                reason += f" (gave up after {reply.attempts} attempts)"
            raise FetchError(reason)
        content_type, encoding = _split_content_type(reply.headers.get("content-type"))
        return Response(str(final), reply.status, content_type, reply.content, encoding)

    def text(self, response: Response) -> str:
        """The response's body as text (see ``decode_html``); FetchError when the bytes fit no charset."""
        try:
            return decode_html(response.content, declared=response.encoding)
        except ExtractError as e:
            raise FetchError(str(e)) from e

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _follow(self, url: httpx.URL, *, accept: str, robots: bool) -> tuple[httpx.URL, _Reply]:
        """Follow redirects from ``url``, checking each hop; the final URL and its reply, whatever its status."""
        chain = [url]
        while True:
            if robots and not self._robots_allow(url):
                raise FetchError("disallowed by robots.txt")
            reply = self._exchange(url, accept=accept)
            location = reply.headers.get("location") if reply.status in _REDIRECTS else None
            if location is None:
                return url, reply
            try:
                target = url.join(location.strip())
            except httpx.InvalidURL as e:
                raise FetchError(f"bad redirect to {location!r}: {e}") from e
            target = _checked_url(str(target))
            if target in chain:
                loop = chain[chain.index(target) :]
                raise FetchError("redirect loop: " + " -> ".join(str(u) for u in (*loop, target)))
            if len(chain) > self.settings.max_redirects:
                raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")
            chain.append(target)
            url = target

    def _exchange(self, url: httpx.URL, *, accept: str) -> _Reply:
        """One hop with retries on 429, 5xx, and failed or stalled connections, backing off in between."""
        attempts = 1 + max(0, self.settings.retries)
        for attempt in range(1, attempts + 1):
            try:
                reply = self._send(url, accept=accept)
            except _TRANSIENT as e:
                if attempt == attempts or not _retryable(e):
                    tried = f" (gave up after {attempt} attempts)" if attempt > 1 else ""
                    raise FetchError(_network_reason(e, url, self.settings) + tried) from e
                wait = self._backoff(attempt)
                logger.debug("retrying %s in %g s: %s", url, wait, _network_reason(e, url, self.settings))
            except httpx.HTTPError as e:
                raise FetchError(_network_reason(e, url, self.settings)) from e
            else:
                if not (reply.status == 429 or 500 <= reply.status < 600) or attempt == attempts:
                    return _Reply(reply.status, reply.headers, reply.content, attempt)
                wait = self._backoff(attempt, reply.headers.get("retry-after"))
                logger.debug("retrying %s in %g s: HTTP %d", url, wait, reply.status)
            self._sleep(wait)
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _backoff(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number ``attempt``: Retry-After if given, else backoff doubled."""
        wait = _retry_after_seconds(retry_after)
        if wait is None:
            wait = self.settings.backoff * 2 ** (attempt - 1)
        return min(wait, RETRY_WAIT_CAP)

    def _send(self, url: httpx.URL, *, accept: str) -> _Reply:
        """One request: guard the address, wait for the host's turn, then stream the body under the cap."""
        addresses = self._addresses(url)
        self._wait_turn(url.host)
        started = self._clock()
        headers = {"Accept": accept}
        if not self._pin:
            return self._stream(url, url, accept=accept, headers=headers, extensions={}, started=started)
        # Connect to the checked addresses themselves, in the resolver's order (as socket.create_connection
        # does); Host and TLS SNI keep the name, so virtual hosting and certificate checks work as usual.
        headers["Host"] = url.netloc.decode("ascii")
        extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
        for index, address in enumerate(addresses):
            try:
                pinned = url.copy_with(host=address)
            except httpx.InvalidURL as e:
                raise FetchError(f"could not resolve host {url.host}: unusable address {address!r}") from e
            try:
                return self._stream(url, pinned, accept=accept, headers=headers, extensions=extensions, started=started)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                if index == len(addresses) - 1:
                    raise
        raise AssertionError("unreachable")  # _addresses never returns an empty list when pinning

    def _stream(
        self,
        url: httpx.URL,
        target: httpx.URL,
        *,
        accept: str,
        headers: dict[str, str],
        extensions: dict[str, str],
        started: float,
    ) -> _Reply:
        """GET ``target`` (``url``, or ``url`` pinned to an address) and read a 2xx body under the cap."""
        cap = self.settings.max_bytes
        with self._client.stream("GET", target, headers=headers, extensions=extensions) as response:
            if not 200 <= response.status_code < 300:
                # Redirects and errors: only the status and headers matter; the body is never read.
                return _Reply(response.status_code, response.headers)
            media_type, _ = _split_content_type(response.headers.get("content-type"))
            if media_type and not _acceptable(media_type, accept=accept):
                raise FetchError(f"unwanted content type {media_type} (asked for {accept})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(f"response larger than {_size(cap)} cap")
            body = bytearray()
            for chunk in response.iter_bytes():  # decompressed, so a gzip bomb hits the cap too
                body += chunk
                if len(body) > cap:
                    raise FetchError(f"response larger than {_size(cap)} cap")
                if self._clock() - started > RESPONSE_DEADLINE:
                    raise FetchError(f"{url.host} took more than {RESPONSE_DEADLINE:g} s to send the response")
            return _Reply(response.status_code, response.headers, bytes(body))

    def _addresses(self, url: httpx.URL) -> list[str]:
        """Resolve the URL's host and refuse non-public addresses (unless allow_private): the addresses
        to connect to, or [] when an injected transport connects by itself and nothing is to be checked."""
        check = not self.settings.allow_private
        if not (check or self._pin):
            return []
        host = url.raw_host.decode("ascii")
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = list(self._resolve(host))
            except (OSError, UnicodeError) as e:
                raise FetchError(f"could not resolve host {url.host}") from e
        if not addresses:
            raise FetchError(f"could not resolve host {url.host}")
        if check:
            for address in addresses:
                reason = address_refusal(address)
                if reason is not None:
                    raise RefusedAddress(f"refused address {address} ({reason}); pass --allow-private to allow")
        return addresses

    def _wait_turn(self, host: str) -> None:
        """Sleep until per_host_delay has passed since the last request to ``host`` started."""
        last = self._last_start.get(host)
        now = self._clock()
        if last is not None:
            wait = last + self.settings.per_host_delay - now
            if wait > 0:
                self._sleep(wait)
                now = self._clock()
        self._last_start[host] = now

    def _robots_allow(self, url: httpx.URL) -> bool:
        """Whether robots.txt lets us fetch ``url``; fetched once per scheme, host and port, then cached."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = self._load_robots(origin + "/robots.txt")
            self._robots[origin] = parser
        return parser.can_fetch(self.settings.user_agent, str(url))

    def _load_robots(self, robots_url: str) -> RobotFileParser:
        lines: list[str] = []  # no rules: everything allowed
        try:
            _, reply = self._follow(httpx.URL(robots_url), accept=ROBOTS_ACCEPT, robots=False)
        except RefusedAddress:
            raise  # the page is on the same host, so it would be refused too: say so now
        except FetchError as e:
            # Unreachable (network error, timeout, too large, redirect loop): allow, deliberately unlike
            # RFC 9309 2.3.1.4 ("assume complete disallow"). The page request that follows goes to the same
            # server and fails with the real reason, which says more than "disallowed by robots.txt"; and
            # if it succeeds, the server is up and a flaky robots.txt should not veto the whole site.
            logger.debug("robots.txt at %s unavailable, allowing all: %s", robots_url, e)
        else:
            # Other than 2xx: 4xx (401 and 403 included, as RFC 9309 2.3.1.3 says, unlike
            # urllib.robotparser.read()) means there are no rules; 429 and 5xx still failing after our
            # retries: allow, for the reason given above for network errors.
            if 200 <= reply.status < 300:
                lines = reply.content.decode("utf-8", errors="replace").splitlines()
        parser = RobotFileParser(robots_url)
        parser.parse(lines)
        parser.modified()  # can_fetch() refuses everything until the parser has a timestamp
        return parser


def _checked_url(url: str) -> httpx.URL:
    """``url`` parsed, if it is an absolute http(s) URL with a host; its fragment dropped (never sent)."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as e:
        raise FetchError(f"invalid URL {url!r}: {e}") from e
    if not parsed.scheme:
        raise FetchError(f"not an absolute URL: {url!r}")
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parsed.scheme!r}")
    if not parsed.host:
        raise FetchError(f"URL has no host: {url!r}")
    return parsed.copy_with(fragment=None)


def _retryable(error: BaseException) -> bool:
    """A failure that may go away: not a TLS failure (a bad certificate stays bad), which httpx reports as
    a ConnectError like a refused connection."""
    return not any(isinstance(cause, ssl.SSLError) for cause in _causes(error))


def _status_reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"HTTP {status} {phrase}" if phrase else f"HTTP {status}"


def _retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) in seconds from now; None if absent or malformed."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _network_reason(error: httpx.HTTPError, url: httpx.URL, settings: Settings) -> str:
    """One line for a failed exchange: what failed, with which host."""
    host = url.host
    if isinstance(error, httpx.ConnectTimeout):
        return f"timed out after {settings.connect_timeout:g} s connecting to {host}"
    if isinstance(error, httpx.ReadTimeout):
        return f"timed out after {settings.read_timeout:g} s reading from {host}"
    if isinstance(error, httpx.WriteTimeout):
        return f"timed out after {settings.read_timeout:g} s sending to {host}"
    if isinstance(error, httpx.TimeoutException):
        return f"timed out waiting for a connection to {host}"
    causes = _causes(error)
    if isinstance(error, httpx.ConnectError):
        if any(isinstance(c, socket.gaierror) for c in causes):
            return f"could not resolve host {host}"
        if any(isinstance(c, ConnectionRefusedError) for c in causes):
            return f"could not connect to {host}: connection refused"
        cert = next((c for c in causes if isinstance(c, ssl.SSLCertVerificationError)), None)
        if cert is not None:
            return f"could not connect to {host}: TLS certificate not valid ({cert.verify_message})"
        return f"could not connect to {host}: {_first_line(error)}"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"{host} broke off the response: {_first_line(error)}"
    if isinstance(error, httpx.NetworkError):
        return f"connection to {host} failed: {_first_line(error)}"
    if isinstance(error, httpx.DecodingError):
        return f"{host} sent a body that does not decompress: {_first_line(error)}"
    return f"request to {host} failed: {_first_line(error)}"


def _causes(error: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _split_content_type(header: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=UTF-8`` -> ("text/html", "UTF-8")."""
    if not header:
        return None, None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def _acceptable(media_type: str, *, accept: str) -> bool:
    """Whether an Accept header value admits ``media_type`` (wildcards honoured, q=0 excluded)."""
    family = media_type.split("/", 1)[0]
    for item in accept.split(","):
        pattern, *params = (part.strip().lower() for part in item.split(";"))
        if any(_is_zero_quality(param) for param in params):
            continue
        if pattern in ("*/*", f"{family}/*", media_type):
            return True
    return False


def _is_zero_quality(param: str) -> bool:
    name, _, value = param.partition("=")
    if name.strip() != "q":
        return False
    try:
        return float(value) == 0
    except ValueError:
        return False


def _size(n: int) -> str:
    """Bytes in the units Settings uses: 10485760 -> "10 MB"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n} bytes"
