"""OpenAPI `responses` for routes that answer with a file (CSV, XLSX, PDF, HTML letters, metrics).

OpenAPI 3.1 types a file as a string whose `contentMediaType` names what it holds; a file that is not
text is also `format: binary`, which Swagger UI and the 3.0-era generators read as "download this". A text
file carries an example, so a reader sees its columns before asking for it.
"""

from collections.abc import Mapping
from typing import Any

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_content(media_type: str, example: str | None = None) -> dict[str, Any]:
    """One media type's entry of a response's `content`: its string schema, and the example if given."""
    schema: dict[str, Any] = {"type": "string", "contentMediaType": media_type}
    if not media_type.startswith("text/"):
        schema["format"] = "binary"
    entry: dict[str, Any] = {"schema": schema}
    if example is not None:
        entry["example"] = example
    return entry


def download_responses(
    files: Mapping[str, str | None], *, status: int = 200, description: str = "The file"
) -> dict[int | str, dict[str, Any]]:
    """The `responses` entry of a route answering with a file of one of `files` (media type → example)."""
    content = {media_type: file_content(media_type, example) for media_type, example in files.items()}
    return {status: {"description": description, "content": content}}
