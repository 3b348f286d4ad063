"""Domain errors and the one handler that turns every failure into RFC 9457 problem details.

Every problem is of type `about:blank` with the status's own phrase (RFC 9110 § 15) as its title
(RFC 9457 § 4.2.1); `detail` says what went wrong this time, and `instance` is the path that was asked for.
"""

import email.message
import logging
import re
from contextvars import ContextVar, Token
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from services.kit.logs import current_request_id

PROBLEM_JSON = "application/problem+json"
ABOUT_BLANK = "about:blank"
log = logging.getLogger(__name__)

# RFC 9110's phrases; Python's HTTPStatus still has the older names of 413 and 422.
STATUS_PHRASES = {
    413: "Content Too Large",
    422: "Unprocessable Content",
}


def status_phrase(status: int) -> str:
    """The standard reason phrase of `status`: the title of an `about:blank` problem."""
    if status in STATUS_PHRASES:
        return STATUS_PHRASES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# --- instance: the path asked for, and nothing that may be personal data --------------------------------

_instance: ContextVar[str | None] = ContextVar("problem_instance", default=None)
# Characters a path segment needs no encoding for (RFC 3986 unreserved): ids, years, codes, names of things.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]*")
# Ten digits, with or without the hyphen after the sixth, could be a CPR number.
_CPR_LIKE = re.compile(r"\d{6}-?\d{4}")


def instance_path(path: str, prefix: str = "") -> str:
    """`path` as the problem's `instance`, cut short before the first segment that might hold personal data.

    Never the query. A segment with anything but unreserved characters (a name typed where an id belongs)
    or with what could be a CPR number ends the path there: the caller still sees where it went wrong.
    """
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if not _SAFE_SEGMENT.fullmatch(segment) or _CPR_LIKE.search(segment):
            break
        kept.append(segment)
    return prefix + "/" + "/".join(kept)


def set_problem_instance(scope: Scope, service: str) -> Token[str | None]:
    """Remember the request's `instance` for every problem answered during it (RequestContextMiddleware).

    Through the gateway the caller asked for /api/<service>/…: the gateway says so in X-Forwarded-Prefix,
    which is believed only when it names this very service.
    """
    prefix = f"/api/{service}"
    forwarded = dict(scope.get("headers") or []).get(b"x-forwarded-prefix", b"").decode("latin-1")
    return _instance.set(instance_path(scope["path"], prefix if forwarded == prefix else ""))


def reset_problem_instance(token: Token[str | None]) -> None:
    _instance.reset(token)


def current_instance() -> str | None:
    return _instance.get()


class AppError(Exception):
    """Base of every error a use case may raise; the handler renders it, never a stack trace.

    `title` names the kind of failure for readers of the code; the answer's title is the status phrase,
    since every problem here is `about:blank` (RFC 9457 § 4.2.1), and `detail` carries the specifics.
    """

    status: int = 400
    title: str = "Bad request"
    type: str = ABOUT_BLANK

    def __init__(
        self, detail: str | None = None, *, errors: list[dict[str, Any]] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        # Extra members of the problem body, e.g. which upstream service failed.
        self.extra = extra
        # Extra response headers, e.g. Retry-After on a 429.
        self.headers: dict[str, str] = {}


class Unauthorized(AppError):
    """No credentials were presented: the answer names the scheme only (RFC 6750 § 3)."""

    status = 401
    title = "Not authenticated"
    www_authenticate = "Bearer"


class InvalidToken(Unauthorized):
    """A bearer token was presented and is bad: forged, expired, misaddressed, ended (RFC 6750 § 3.1)."""

    www_authenticate = 'Bearer error="invalid_token"'


class Forbidden(AppError):
    status = 403
    title = "Forbidden"


class NotFound(AppError):
    status = 404
    title = "Not found"


class Conflict(AppError):
    status = 409
    title = "Conflict"


class ValidationFailed(AppError):
    status = 422
    title = "Validation failed"


class PayloadTooLarge(AppError):
    status = 413
    title = "Payload too large"


class ServiceUnavailable(AppError):
    status = 503
    title = "Service unavailable"


class GatewayTimeout(AppError):
    status = 504
    title = "Gateway timeout"


class FieldError(BaseModel):
    """One invalid field: where it is and what is wrong (never the rejected value)."""

    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """The body of every error response (RFC 9457); some problems add members, e.g. `service`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None
    request_id: str | None = None


PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_DESCRIPTIONS = {
    400: "Bad request",
    401: "The access token is missing, invalid or expired",
    403: "Your role does not give access to this resource",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    415: "The body is not JSON (application/json)",
    422: "Validation failed",
    429: "Too many requests",
    502: "An upstream service gave an unusable answer",
    503: "A service this one needs is unavailable",
    504: "A service this one needs did not answer in time",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses, each a problem+json body (`Problem`).

    Pass it as `responses=` to a router (the statuses every route of it may answer) or to one route.
    """
    return {
        status: {
            "description": PROBLEM_DESCRIPTIONS.get(status, "Error"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
        }
        for status in statuses
    }


def problem_schemas() -> dict[str, Any]:
    """The OpenAPI component schemas `Problem` and `FieldError` that PROBLEM_REF points at."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = schema.pop("$defs", {})
    return {**definitions, "Problem": schema}


# Every route behind a token may refuse the token (401) or the caller's role (403).
AUTHENTICATED = problem_responses(401, 403)


def problem_body(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = ABOUT_BLANK,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The members of a problem: the title of an `about:blank` problem is always the status phrase."""
    body: dict[str, Any] = {
        "type": type_,
        "title": status_phrase(status) if type_ == ABOUT_BLANK or not title else title,
        "status": status,
        "detail": detail,
    }
    instance = current_instance()
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    body["request_id"] = current_request_id()
    return body


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = ABOUT_BLANK,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """The one error shape of the platform."""
    body = problem_body(status, detail, title=title, type_=type_, errors=errors, **extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only location and message: the rejected input itself may be personal data.
    return [{"loc": list(err.get("loc", ())), "msg": str(err.get("msg", ""))} for err in exc.errors()]


async def _app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers = dict(exc.headers)
    if exc.status == 401:
        headers["WWW-Authenticate"] = getattr(exc, "www_authenticate", "Bearer")
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        type_=exc.type,
        errors=exc.errors,
        headers=headers or None,
        **exc.extra,
    )


def _is_json(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _unsupported_media_type(request: Request, errors: list[dict[str, Any]]) -> bool:
    """A body came, for a route that reads JSON, in another media type (or none): RFC 9110 § 15.5.16."""
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    wants_json = field is not None and not isinstance(field.field_info, params.Form)
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    return (
        wants_json
        and has_body
        and not _is_json(request.headers.get("content-type", ""))
        and any(tuple(error.get("loc", ()))[:1] == ("body",) for error in errors)
    )


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        # Not a request with invalid fields but one that cannot be read at all (RFC 9110 § 15.5.1).
        return problem(400, "Bad request", "The request body is not valid JSON.")
    if _unsupported_media_type(request, errors):
        return problem(
            415,
            "Unsupported media type",
            "Send the body as JSON, with the header Content-Type: application/json.",
        )
    return problem(
        422, "Validation failed", "The request has invalid fields.", errors=_validation_errors(exc)
    )


async def _http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = status_phrase(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem(exc.status_code, title, detail, headers=getattr(exc, "headers", None))


def unexpected_problem(exc: BaseException) -> JSONResponse:
    """Log an unexpected error with its stack; answer a bare 500 that names only the request id."""
    log.exception("unhandled error", exc_info=exc)
    return problem(
        500, "Internal server error", "Something went wrong; the request id identifies it in the logs."
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    return unexpected_problem(exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
