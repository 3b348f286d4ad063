"""JSON log lines carrying the request id of the request that wrote them."""

import json
import logging
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
REQUEST_ID_HEADER = "X-Request-ID"


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]


def clean_request_id(value: str | None) -> str:
    """Accept a caller's id only if it is short and plain, so it cannot inject into logs."""
    # ASCII only: str.isalnum() also passes letters of every script, which the header echo would mangle.
    if value and len(value) <= 64 and value.isascii() and all(c.isalnum() or c in "-_." for c in value):
        return value
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request_id(),
        }
        for key in ("method", "route", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger, uvicorn's included, through one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Access lines carry raw paths and queries, which may hold personal data; we log our own,
    # with the route template only. httpx logs every URL it calls at INFO for the same reason; fontTools
    # (the decision letters' PDF fonts) logs some thirty lines of subsetting for each PDF.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("httpx", "httpcore", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
