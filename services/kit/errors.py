"""Domain errors and the one handler that turns every failure into RFC 9457 problem details."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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


class Unauthorized(AppError):
    status = 401
    title = "Not authenticated"


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
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem(
        exc.status, exc.title, exc.detail, type_=exc.type, errors=exc.errors, headers=headers, **exc.extra
    )


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem(
        422, "Validation failed", "The request has invalid fields.", errors=_validation_errors(exc)
    )


async def _http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated", 403: "Forbidden"}.get(
        exc.status_code, "Error"
    )
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
