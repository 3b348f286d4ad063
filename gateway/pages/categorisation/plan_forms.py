"""Reading the plan, target, initiative and dialogue forms, and placing the service's refusals by field.

Every form is read in the same way: what the person typed is kept as typed (to fill the form in again),
the page's own checks name the field and an error code (plan_labels.ERRORS), and only a form without
such errors is sent. Lists (partners, milestones, participants, …) are rows of numbered fields, `name_0`,
`name_1`, …; an empty row is left out.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from gateway.pages.categorisation import plan_labels

YEAR = re.compile(r"^\d{4}$")
ORG_CODE = re.compile(r"^[a-z0-9][a-z0-9._\-]{0,63}$")
DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
# Blank rows offered beside the filled ones in each list of a form.
SPARE_ROWS = 2


class FormReader:
    """The form's values as typed, and the errors found while reading them."""

    def __init__(self, form: FormData | Mapping[str, Any]) -> None:
        self.form = form
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    def text(self, name: str, *, required: bool = False, limit: int = 20000) -> str:
        value = str(self.form.get(name, "") or "").strip()
        self.values[name] = value
        if required and not value:
            self.errors.setdefault(name, "required")
        elif len(value) > limit:
            self.errors.setdefault(name, "too_long")
        return value

    def year(self, name: str) -> int | None:
        value = self.text(name)
        if not YEAR.match(value) or not 1990 <= int(value) <= 2100:
            self.errors.setdefault(name, "year")
            return None
        return int(value)

    def number(self, name: str) -> float | None:
        value = self.text(name)
        try:
            return float(value.replace(".", "").replace(",", ".") if "," in value else value)
        except ValueError:
            self.errors.setdefault(name, "number" if value else "required")
            return None

    def whole_kroner(self, name: str) -> int | None:
        value = self.text(name)
        if not value:
            return None
        if not value.isdigit():
            self.errors.setdefault(name, "whole_number")
            return None
        return int(value)

    def date(self, name: str, *, required: bool = False) -> str | None:
        """An ISO date from the date picker (yyyy-mm-dd) or as Danes write it (dd-mm-yyyy)."""
        value = self.text(name, required=required)
        if not value:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.errors.setdefault(name, "date")
            return None
        return parsed.isoformat()

    def choices(self, name: str, allowed: Collection[str], *, required: bool = False) -> list[str]:
        """The ticked boxes of `name` that are among `allowed`, in the order of `allowed`."""
        getlist = getattr(self.form, "getlist", None)
        found = getlist(name) if getlist else self.form.get(name, [])
        ticked = {str(value) for value in found} if isinstance(found, list | tuple) else set()
        chosen = [code for code in allowed if code in ticked]
        self.values[name] = chosen
        if required and not chosen:
            self.errors.setdefault(name, "choose")
        return chosen

    def codes(self, name: str) -> list[str]:
        """Organisation codes typed with commas between them."""
        value = self.text(name, limit=2000)
        codes = [part.strip() for part in value.split(",") if part.strip()]
        if any(not ORG_CODE.match(code) for code in codes):
            self.errors.setdefault(name, "org_code")
        return codes

    def period(self, start: str, end: str, first: Any, last: Any) -> None:
        if first is not None and last is not None and last < first:
            self.errors.setdefault(end, "period")

    def rows(self, prefix: str, fields: Sequence[str]) -> list[dict[str, str]]:
        """The filled rows `prefix_<field>_<n>`, each as {field: text}; the typed rows are kept as typed."""
        numbers = sorted(
            {
                int(match.group(1))
                for key in self.form
                if (match := re.match(rf"^{prefix}_[a-z_]+_(\d{{1,3}})$", str(key)))
            }
        )
        rows = []
        for number in numbers:
            row = {f: str(self.form.get(f"{prefix}_{f}_{number}", "") or "").strip() for f in fields}
            if any(row.values()):
                rows.append(row)
        self.values[prefix] = rows
        return rows


def _parse_date(value: str) -> date | None:
    try:
        match = DANISH_DATE.match(value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def service_errors(problems: Sequence[Mapping[str, Any]], fields: Collection[str]) -> dict[str, str]:
    """The service's refusal as field → error code, the field being the deepest part of `loc` the form has."""
    errors: dict[str, str] = {}
    for problem in problems:
        loc = [str(part) for part in problem.get("loc") or []]
        message = str(problem.get("msg", "")).lower()
        field = next((part for part in reversed(loc) if part in fields), "form")
        if "period_to must not be before" in message:
            field, code = ("period_to" if "period_to" in fields else field), "period"
        elif "no housing figures" in message:
            code = "unknown_area"
        elif message.startswith("target ") or "is not one of the plan's areas" in message:
            code = "target_outside" if message.startswith("target ") else "unknown_area"
        elif "by_year must lie" in message:
            code = "year"
        elif "at most" in message:
            code = "too_long"
        elif "at least 1" in message or "missing" in message or "required" in message:
            code = "required"
        else:
            code = "invalid"
        errors.setdefault(field, code if code in plan_labels.ERRORS else "invalid")
    return errors


def spare_rows(rows: Sequence[Any]) -> int:
    """How many rows a list's fields offer: the filled ones and a few blank."""
    return len(rows) + SPARE_ROWS
