"""Upload the year's housing data (CSV or XLSX) or the ministry's official list."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse

from gateway.i18n import gettext, request_language
from gateway.pages.categorisation import labels
from gateway.pages.categorisation.common import PREFIX, client, page
from gateway.pages.forms import Outcome
from gateway.session import page_roles
from services.kit.auth import Role

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(Role.ANALYST))])


def problems(request: Request, outcome: Outcome) -> list[str]:
    """Each problem as one sentence naming its row and column, in the reader's language: the service
    words them in Danish (`msg`) and English (`msg_en`)."""
    if outcome.status == 413:
        return [gettext(request, labels.UPLOAD_PROBLEMS["too_large"])]
    key = "msg_en" if request_language(request) == "en" else "msg"
    found = [str(p.get(key) or p.get("msg") or "") for p in outcome.problems]
    return [text for text in found if text] or [gettext(request, labels.UPLOAD_PROBLEMS["rejected"])]


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    """Upload the year's housing data (CSV or XLSX) or the ministry's official list."""
    return page(request, "categorisation/upload.html", {"result": None, "errors": None, "kind": "housing"})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, file: UploadFile, kind: Annotated[str, Form()] = "housing") -> Response:
    """Send the file to the service; show what was stored, or every problem by row and column."""
    content = await file.read()
    sent = (file.filename or "upload", content, file.content_type or "application/octet-stream")
    outcome = await client(request).upload("official" if kind == "official" else "housing", sent)
    context: dict[str, Any] = {"kind": kind, "result": None, "errors": None, "filename": file.filename}
    if outcome.refused:
        context["errors"] = problems(request, outcome)
    else:
        context["result"] = outcome.json()
    status = 422 if outcome.refused else 200
    return page(request, "categorisation/upload.html", context, block="upload_result", status_code=status)
