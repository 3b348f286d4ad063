"""Rendering: one template per page, and one named block of it for htmx requests."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from gateway import labels
from gateway.i18n import LANGUAGES, request_language, translations
from gateway.navigation import navigation_for
from gateway.session import session_principal
from gateway.state import gateway_state
from services.kit.clock import MUNICIPAL_TIME_ZONE

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
environment = Environment(
    loader=FileSystemLoader(WEB_DIR / "templates"),
    autoescape=select_autoescape(("html",)),
    extensions=["jinja2.ext.i18n"],
)
environment.newstyle_gettext = True  # type: ignore[attr-defined]
templates = Jinja2Blocks(env=environment)

NO_DATE = "–"
# A moment in the reader's language, in Danish time: "7. december 2026 kl. 09:05".
MOMENT_PATTERNS = {"da": "d. MMMM y 'kl.' HH:mm", "en": "MMMM d, y 'at' HH:mm"}


def _parsed(value: object) -> date | datetime | None:
    if not value:  # None, "", or a field the service did not send (Jinja's Undefined)
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    return (
        datetime.fromisoformat(text) if "T" in text or " " in text.strip() else date.fromisoformat(text[:10])
    )


def format_day(value: object, lang: str = "da", *, month: bool = False) -> str:
    """A date as the reader writes it: 7. december 2026 (English: December 7, 2026); a month: december
    2026; a dash for none. A moment is shown as its day in Danish time."""
    parsed = _parsed(value)
    if parsed is None:
        return NO_DATE
    if isinstance(parsed, datetime):
        parsed = (
            (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(MUNICIPAL_TIME_ZONE).date()
        )
    return format_date(parsed, format="MMMM y" if month else "long", locale=lang)


def format_moment(value: object, lang: str = "da") -> str:
    """A moment (the services send UTC) in Danish time: 7. december 2026 kl. 09:05; a dash for none."""
    parsed = _parsed(value)
    if parsed is None:
        return NO_DATE
    if not isinstance(parsed, datetime):
        return format_day(parsed, lang)
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    pattern = MOMENT_PATTERNS.get(lang, MOMENT_PATTERNS["da"])
    return format_datetime(aware, pattern, tzinfo=MUNICIPAL_TIME_ZONE, locale=lang)


# The one way a template shows a date: `{{ value | date }}`, `{{ value | datetime }}` or
# `{{ value | month }}`, in the page's language (`lang`, set by `render`); never an ISO date as it comes.
@pass_context
def _date_filter(context: Context, value: object) -> str:
    return format_day(value, context.get("lang", "da"))


@pass_context
def _month_filter(context: Context, value: object) -> str:
    return format_day(value, context.get("lang", "da"), month=True)


@pass_context
def _datetime_filter(context: Context, value: object) -> str:
    return format_moment(value, context.get("lang", "da"))


environment.filters["date"] = _date_filter
environment.filters["month"] = _month_filter
environment.filters["datetime"] = _datetime_filter


def _formatting(translate: Callable[[str], str]) -> Callable[..., str]:
    """Per-request gettext with `_("Hello %(name)s", name=x)` and escaping of the values."""

    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        text = translate(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalogue text is ours; the values are escaped by %
        return text % variables if variables else text

    return gettext


def _plural_formatting(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Per-request ngettext: `%(num)s` is the count, other values as keywords, escaped like gettext."""

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        text = translate(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalogue text is ours; the values are escaped by %
        return text % {"num": num, **variables}

    return ngettext


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def number_formatter(language: str) -> Callable[..., str]:
    """Numbers as the reader writes them: 1.234,5 in Danish, 1,234.5 in English; None as a dash."""

    def fmt(value: float | int | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        if isinstance(value, int):
            return format_decimal(value, locale=language)
        return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=language)

    return fmt


def csrf_token(request: Request) -> str:
    getter = request.scope.get("csrftoken")
    return str(getter()) if callable(getter) else ""


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The whole page, or only `block` when htmx asked; `Vary` tells caches the two apart."""
    catalogue = translations(request)
    principal = getattr(request.state, "principal", None) or session_principal(request)
    actor_names = gateway_state(request).actor_names
    full_context: dict[str, Any] = {
        "gettext": _formatting(catalogue.gettext),
        "ngettext": _plural_formatting(catalogue.ngettext),
        "_": _formatting(catalogue.gettext),
        "lang": request_language(request),
        "languages": LANGUAGES,
        "csrf_token": csrf_token(request),
        "user": principal,
        "nav": navigation_for(principal, request.url.path),
        "municipality": gateway_state(request).municipality,
        "contact": gateway_state(request).config,
        "current_path": request.url.path,
        "labels": labels,
        "fmt": number_formatter(request_language(request)),
        # Who did something, by name: `actor(subject)` for the subjects the services record.
        "actor": lambda subject: actor_names.name(subject, catalogue.gettext),
        **(context or {}),
    }
    response = templates.TemplateResponse(
        request,
        template,
        full_context,
        status_code=status_code,
        block_name=block if block and is_htmx(request) else None,
    )
    response.headers["Vary"] = "HX-Request, Cookie"
    assert isinstance(response, HTMLResponse)
    return response
