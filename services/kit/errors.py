"""Domain errors and the one handler that turns every failure into RFC 9457 problem details."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.kit.logs import current_request_id

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


class AppError(Exception):
    """Base of every error a use case may raise; the handler renders it, never a stack trace."""

    status: int = 400
    title: str = "Bad request"
    type: str = "about:blank"

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


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """The one error shape of the platform."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    body["request_id"] = current_request_id()
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


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem(
        422, "Validation failed", "The request has invalid fields.", errors=_validation_errors(exc)
    )


async def _http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = {
        400: "Bad request",
        404: "Not found",
        405: "Method not allowed",
        401: "Not authenticated",
        403: "Forbidden",
        413: "Payload too large",
    }.get(exc.status_code, "Error")
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
