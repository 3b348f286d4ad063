"""The CSRF token of a multipart form, read from the start of its body (the form sends it first).

asgi-csrf reads a multipart body's token with an API that python-multipart no longer has (`FileClass`), so
a form posted without JavaScript (the upload page with the token in its hidden field rather than in the
header htmx sets) ended in a 500. The CSRF middleware asks here first and hands the token on in the header,
which asgi-csrf checks as it checks every htmx request. Only the start of the body is read: the token must
come before any file and within `SCAN_BYTES`; what was read is replayed to the app unchanged.
"""

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import Message, Receive, Scope

FIELD = b"csrftoken"
# Every form of ours puts the hidden token field first; no token field is anywhere near this long.
SCAN_BYTES = 64 * 1024


class _Found(Exception):
    def __init__(self, token: str | None) -> None:
        self.token = token


def boundary_of(scope: Scope) -> bytes | None:
    """The boundary of a multipart/form-data request, or None for any other body."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            kind, options = parse_options_header(value)
            return options.get(b"boundary") if kind == b"multipart/form-data" else None
    return None


class _Scanner:
    """Callbacks for python-multipart: stop at the token field's end, or at the first file."""

    def __init__(self) -> None:
        self.header_field = b""
        self.disposition = b""
        self.value = b""

    def on_part_begin(self) -> None:
        self.disposition = b""
        self.value = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        if self.header_field.lower() == b"content-disposition":
            self.disposition += data[start:end]

    def on_header_end(self) -> None:
        self.header_field = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"filename" in options:
            raise _Found(None)  # a file before the token: refused, as asgi-csrf refuses it

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def on_part_end(self) -> None:
        _, options = parse_options_header(self.disposition)
        if options.get(b"name") == FIELD:
            raise _Found(self.value.decode("utf-8", "replace"))


async def token_in_body(boundary: bytes, receive: Receive) -> tuple[str | None, Receive]:
    """(the token or None, a `receive` that replays what was read and then reads on)."""
    scanner = _Scanner()
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": scanner.on_part_begin,
            "on_header_field": scanner.on_header_field,
            "on_header_value": scanner.on_header_value,
            "on_header_end": scanner.on_header_end,
            "on_headers_finished": scanner.on_headers_finished,
            "on_part_data": scanner.on_part_data,
            "on_part_end": scanner.on_part_end,
        },
    )
    read: list[Message] = []
    token: str | None = None
    seen = 0
    more = True
    try:
        while more and seen < SCAN_BYTES:
            message = await receive()
            read.append(message)
            if message["type"] != "http.request":
                break
            body = message.get("body", b"")
            seen += len(body)
            parser.write(body)
            more = message.get("more_body", False)
    except _Found as found:
        token = found.token
    except Exception:  # a malformed body has no token; the app never sees it as a form either
        token = None

    async def replay() -> Message:
        return read.pop(0) if read else await receive()

    return token, replay
