"""The app factory every process uses: settings, database, auth, errors, logs, metrics, probes."""

import copy
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, get_args

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from services.kit import db, ratelimit
from services.kit.auth import CurrentPrincipal, Principal, Role, TokenVerifier, current_principal, read_pems
from services.kit.collector import freeze_startup_objects
from services.kit.errors import install_error_handlers, problem_responses, problem_schemas
from services.kit.limits import BodySizeLimit
from services.kit.logs import configure_logging
from services.kit.municipality import Municipality, load_municipality
from services.kit.observability import (
    Metrics,
    NotReady,
    ReadinessCheck,
    RequestContextMiddleware,
    operations_router,
)
from services.kit.revocation import RevocationList, http_source, polling
from services.kit.settings import CommonSettings
from services.kit.state import ProcessState, process_of


def principal_router() -> APIRouter:
    """GET /v1/me: the caller as this process verified the bearer token."""
    # Every role may read itself: a bad token is the only refusal.
    router = APIRouter(prefix="/v1", tags=["Identity"], responses=problem_responses(401))

    @router.get("/me", response_model=Principal, summary="The principal this service verified from the token")
    async def me(principal: CurrentPrincipal) -> Principal:
        """Who this service takes the caller to be: subject, kind, name, roles and, for a housing
        organisation's client, the organisation it speaks for. Changes nothing; use it to check a token
        (a token this service refuses is 401 here as everywhere)."""
        return principal

    return router


SWAGGER_DIST = Path(__file__).resolve().parents[2] / "node_modules" / "swagger-ui-dist"


def mount_docs(app: FastAPI) -> None:
    """Serve /docs from the installed swagger-ui-dist, so the docs page fetches nothing from the internet."""
    app.mount("/docs-assets", StaticFiles(directory=SWAGGER_DIST), name="docs-assets")

    # Public on purpose, like /openapi.json: operations read the API description without a token.
    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Relative addresses: the same page works on the service (/docs) and through the gateway
        # (/api/<service>/docs), where absolute ones would load the gateway's own document and assets.
        return get_swagger_ui_html(
            openapi_url=(app.openapi_url or "/openapi.json").lstrip("/"),
            title=f"{app.title} – API",
            swagger_js_url="docs-assets/swagger-ui-bundle.js",
            swagger_css_url="docs-assets/swagger-ui.css",
            swagger_favicon_url="docs-assets/favicon-32x32.png",
        )


def serve_document_for_where_it_is_read(app: FastAPI, gateway_prefix: str) -> None:
    """/openapi.json with the server "Try it out" uses first: the gateway's prefix when the document was
    fetched through the gateway (it says so in X-Forwarded-Prefix), the service itself otherwise."""
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != app.openapi_url]

    # Public on purpose, like /docs: operations and clients read the API description without a token.
    @app.get(app.openapi_url or "/openapi.json", include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        document = app.openapi()
        through_gateway = request.headers.get("x-forwarded-prefix") == gateway_prefix
        servers = sorted(
            document.get("servers", []),
            key=lambda server: (server["url"] == gateway_prefix) != through_gateway,
        )
        return JSONResponse({**document, "servers": servers})


FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _is_fastapi_validation_error(response: dict[str, Any] | None) -> bool:
    schema = (response or {}).get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


BEARER_SCHEME, OAUTH_SCHEME = "HTTPBearer", "OAuth2"


def oauth_scheme(token_url: str) -> dict[str, Any]:
    """The gateway as the OAuth 2 server of every service, so "Authorize" in /docs fetches a token."""
    return {
        "type": "oauth2",
        "description": "An access token from the gateway's token endpoint (CONTRACT § 2).",
        "flows": {
            "password": {"tokenUrl": token_url, "scopes": {}},
            "clientCredentials": {"tokenUrl": token_url, "scopes": {}},
        },
    }


def declare_oauth(document: dict[str, Any], token_url: str) -> None:
    """Every operation behind a bearer token may also be called with a token from the OAuth 2 flows."""
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    if BEARER_SCHEME not in schemes:
        return
    schemes[OAUTH_SCHEME] = oauth_scheme(token_url)
    for path in document.get("paths", {}).values():
        for operation in path.values():
            security = operation.get("security") if isinstance(operation, dict) else None
            if security and any(BEARER_SCHEME in requirement for requirement in security):
                operation["security"] = [*security, {OAUTH_SCHEME: []}]


# The tags of the kit's own routes, after each service's (create_app's `openapi_tags`).
KIT_TAGS: list[dict[str, Any]] = [
    {"name": "Identity", "description": "Who the service takes the caller to be, from the bearer token."},
    {
        "name": "Operations",
        "description": "Liveness, readiness and Prometheus metrics for the operations network; no token.",
    },
]


def api_contact(municipality: Municipality) -> dict[str, str]:
    """The OpenAPI `contact`: the municipality's own, from its configuration's [gateway] section."""
    section = municipality.sections.get("gateway", {})
    contact = {
        "name": section.get("contact_name", municipality.name),
        "url": section.get("website"),
        "email": section.get("contact_email"),
    }
    return {key: str(value) for key, value in contact.items() if value}


def _calls(dependant: Dependant) -> list[Any]:
    return [c for d in dependant.dependencies for c in (d.call, *_calls(d))]


def callers_of(route: RouteContext) -> str:
    """Who may call the route, read from its guards: the sentence every operation's description ends with.

    The roles are the ones `require_roles` closed over, so the document cannot drift from the code.
    """
    calls = _calls(route.dependant)
    if current_principal not in calls:
        return "**Who may call:** anyone; no token is needed."
    allowed = list(Role)
    for call in calls:
        if inspect.isfunction(call) and call.__name__.startswith("require_"):
            roles = inspect.getclosurevars(call).nonlocals.get("roles")
            if roles is not None:
                allowed = [role for role in allowed if role in roles]
    if allowed == list(Role):
        return "**Who may call:** any caller with a valid token."
    return "**Who may call:** " + ", ".join(f"`{role.value}`" for role in allowed) + "."


def describe_callers(app: FastAPI, document: dict[str, Any]) -> None:
    """End each operation's description with who may call it (its roles)."""
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                text = operation.get("description", "")
                operation["description"] = f"{text}\n\n{callers_of(route)}" if text else callers_of(route)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models_in(argument)


def _body_annotations(dependant: Dependant) -> Iterator[Any]:
    for field in dependant.body_params:
        yield field.field_info.annotation
    for inner in dependant.dependencies:
        yield from _body_annotations(inner)


def documented_models(app: FastAPI) -> dict[str, type[BaseModel]]:
    """Every Pydantic model the app's document shows, by name: each route's answers and bodies, nested."""
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            annotations = [route.response_model, *_body_annotations(route.dependant)]
            annotations += [extra.get("model") for extra in (route.responses or {}).values()]
            pending += [model for annotation in annotations for model in _models_in(annotation)]
    while pending:
        model = pending.pop()
        if model.__name__ not in found:
            found[model.__name__] = model
            pending += [inner for f in model.model_fields.values() for inner in _models_in(f.annotation)]
    return found


def restore_null_examples(app: FastAPI, document: dict[str, Any]) -> None:
    """Put back the schemas' examples as the models give them.

    FastAPI writes its document with `exclude_none`, which also drops every null inside an example, so an
    example of a required nullable field (`"override": null`) would lose the member and no longer match its
    own schema.
    """
    models = documented_models(app)
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        model = models.get(name.removesuffix("-Input").removesuffix("-Output"))
        extra = model.model_config.get("json_schema_extra") if model is not None else None
        if isinstance(extra, dict) and "examples" in extra:
            schema["examples"] = copy.deepcopy(extra["examples"])
    # And the examples a route gives in its `responses` (a body without a model of its own).
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower(), {})
            for status, response in (route.responses or {}).items():
                for media_type, media in response.get("content", {}).items():
                    if "example" in media and str(status) in operation.get("responses", {}):
                        target = operation["responses"][str(status)]["content"][media_type]
                        target["example"] = copy.deepcopy(media["example"])


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI say what the one error handler sends: problem details, invalid requests included.

    FastAPI documents a request that fails validation as its own `HTTPValidationError` JSON and leaves out
    the 400 for an unreadable body; the kit's handler answers both as problem+json, so the document is
    corrected here once for every route.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()  # FastAPI keeps it as app.openapi_schema: corrected once, served after
        for path in document.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                if _is_fastapi_validation_error(responses.get("422")):
                    responses["422"] = problem_responses(422)[422]
                if "requestBody" in operation:
                    # A body that is not even readable (not JSON, bad encoding) is refused before validation.
                    responses.setdefault("400", problem_responses(400)[400])
                    if "application/json" in operation["requestBody"].get("content", {}):
                        # … and a JSON body sent as another media type (RFC 9110 § 15.5.16).
                        responses.setdefault("415", problem_responses(415)[415])
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name in FASTAPI_VALIDATION_SCHEMAS:
            schemas.pop(name, None)
        schemas.update(problem_schemas())
        schemas["NotReady"] = NotReady.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["NotReady"].pop("$defs", None)  # FieldError: among problem_schemas() already
        state: ProcessState | None = getattr(app.state, "process", None)
        if state is not None:
            declare_oauth(document, state.settings.token_url)
        describe_callers(app, document)
        restore_null_examples(app, document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def revocation_list(settings: CommonSettings) -> RevocationList | None:
    """The gateway's list of ended tokens, polled over HTTP; None when the setting turns it off."""
    if settings.revocation_list_url is None:
        return None
    client = httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))
    return RevocationList(
        http_source(settings.revocation_list_url, client),
        refresh_seconds=settings.revocation_refresh_seconds,
        max_age_seconds=settings.revocation_max_age_seconds,
        close=client.aclose,
    )


# JSON requests and forms are small; a process that takes files raises the limit for their paths.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


async def database_ready(app: FastAPI) -> None:
    await db.ping(process_of(app).engine)


def create_app(
    settings: CommonSettings,
    *,
    title: str,
    description: str,
    routers: Iterable[APIRouter],
    verifier: TokenVerifier | None = None,
    readiness: dict[str, ReadinessCheck] | None = None,
    startup: Iterable[Callable[[FastAPI], Awaitable[None]]] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_limits: Sequence[tuple[str, int]] = (),
    **fastapi_kwargs: Any,
) -> FastAPI:
    """Build a process's app; everything it needs is created here once, never per request."""
    configure_logging(settings.service_name, settings.log_level)
    municipality: Municipality = load_municipality(settings)
    revocations = None
    if verifier is None:
        revocations = revocation_list(settings)
        verifier = TokenVerifier(
            read_pems(settings.public_key_path),
            issuer=settings.jwt_issuer,
            audience=settings.audience,
            revocations=revocations,
        )
    engine = db.create_engine(settings.effective_database_url, schema=settings.service_name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for check in startup:
            await check(app)
        freeze_startup_objects()
        async with polling(process_of(app).revocations):
            yield
        for close in process_of(app).shutdown_hooks:
            await close()
        await engine.dispose()

    wants_docs = fastapi_kwargs.pop("docs_url", "/docs") is not None
    fastapi_kwargs["openapi_tags"] = [*fastapi_kwargs.get("openapi_tags", []), *KIT_TAGS]
    fastapi_kwargs.setdefault("contact", api_contact(municipality))
    gateway_prefix = f"/api/{settings.service_name}"
    fastapi_kwargs.setdefault(
        "servers",
        [
            {"url": gateway_prefix, "description": "Through the gateway"},
            {"url": "/", "description": "The service directly (operations, on its own port)"},
        ],
    )
    app = FastAPI(
        title=title,
        description=description,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        **fastapi_kwargs,
    )
    if wants_docs:
        mount_docs(app)
    if fastapi_kwargs["servers"]:
        serve_document_for_where_it_is_read(app, gateway_prefix)
    state = ProcessState(
        settings=settings,
        municipality=municipality,
        engine=engine,
        session_factory=db.session_factory(engine),
        token_verifier=verifier,
        revocations=revocations,
        metrics=Metrics(settings.service_name),
        rate_limits=ratelimit.storage(settings.rate_limit_storage_url),
    )
    state.metrics.watch_database(engine)
    if revocations is not None:
        state.shutdown_hooks.append(revocations.close)
    app.state.process = state
    install_error_handlers(app)
    document_problems(app)
    # Inside the request context, so that a refused body still has its request id, access line and count.
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, limits=body_limits)
    app.add_middleware(RequestContextMiddleware, metrics=state.metrics)
    app.include_router(operations_router({"database": database_ready, **(readiness or {})}))
    for router in routers:
        app.include_router(router)
    return app
