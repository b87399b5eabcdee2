"""The application: one FastAPI app serving the JSON API under /api and the pages around it.

Every request opens the store and closes it when the response is written (a SQLite open is well under
a millisecond and needs no pool; a PostgreSQL store borrows a connection from the app's pool and gives
it back); pages and API read through the same Store interface as the CLI.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import StoreError, UsageError
from ..settings import Settings
from ..store import Store, open_store

STATIC = Path(str(resources.files("wirewatch.web") / "static"))


def templates() -> Jinja2Templates:
    """The page templates; autoescaping on for every template, so text from articles is shown as text."""
    env = Environment(
        loader=PackageLoader("wirewatch.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def get_store(request: Request) -> Iterator[Store]:
    """FastAPI dependency: the store for this request, closed afterwards (a PostgreSQL store's
    connection goes back to the app's pool)."""
    pool = request.app.state.pool
    store = pool.store() if pool is not None else open_store(request.app.state.db)
    try:
        yield store
    finally:
        store.close()


@asynccontextmanager
async def _close_pool(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: a PostgreSQL connection pool is closed when the server stops."""
    yield
    if app.state.pool is not None:
        app.state.pool.close()


def check_token(request: Request) -> None:
    """FastAPI dependency of the writing endpoints: off without a token in settings, 401 without the
    right bearer token. Compared in constant time."""
    from fastapi import HTTPException

    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "writing is off: start the server with --token (or WIREWATCH_TOKEN) to allow it")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(), expected.encode()):
        raise HTTPException(
            401, "a valid 'Authorization: Bearer TOKEN' header is needed", {"WWW-Authenticate": "Bearer"}
        )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def create_app(db: str, *, token: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app serving the store at ``db`` (which must exist: the server never creates an empty one).
    ``token``: the bearer token that turns on the writing endpoint; None leaves it off. ``settings``:
    what the ingest endpoint fetches and analyses with (default: from the environment)."""
    is_postgres = db.startswith(("postgresql://", "postgres://"))
    if db != ":memory:" and not is_postgres and not Path(db).exists():
        raise UsageError(f"no database at {db}: build one with `wirewatch ingest` or `wirewatch demo` first")
    open_store(db).close()  # a database that cannot be opened or migrated fails now, not on the first request
    pool = None
    if is_postgres:
        from ..store.postgres import store_pool

        pool = store_pool(db)  # connections kept open between requests (docs/postgres.md)

    app = FastAPI(
        title="wirewatch",
        version=__version__,
        summary="Conflict and security events from the news, each field with its evidence.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_close_pool,
    )
    app.state.db = db
    app.state.pool = pool
    app.state.token = token or None
    app.state.settings = settings if settings is not None else Settings.from_env(db=db)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="wirewatch API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {
                "parameter": str(e["loc"][-1]) if e.get("loc") else None,
                "in": str(e["loc"][0]) if e.get("loc") else None,
                "message": e.get("msg", "invalid"),
            }
            for e in exc.errors()
        ]
        message = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems) or "invalid request"
        return _error(request, 422, f"invalid parameter: {message}", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # The only StoreError a read raises is a full-text query (always the parameter q) that FTS5 cannot
        # parse: a bad parameter like any other.
        if "q" in request.query_params:
            problem = {"parameter": "q", "in": "query", "message": str(exc)}
            return _error(request, 422, f"invalid parameter: q: {exc}", [problem])
        return _error(request, 400, str(exc))

    from . import api, api_actors, api_articles, pages, pages_actors, pages_articles

    for module in (api, api_articles, api_actors, pages, pages_articles, pages_actors):
        app.include_router(module.router)
    return app


def _error(
    request: Request,
    status: int,
    message: str,
    detail: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON error for the API, an error page for a browser."""
    if _wants_json(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if detail:
            body["detail"] = detail
        return JSONResponse(body, status_code=status, headers=headers)
    page = request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    if headers:
        page.headers.update(headers)
    return page
