"""Cursors of the area list: where the next page starts, as an opaque token the caller sends back.

A cursor names the last area of a page by its sort key and its code, not by a position, so a page asked
for after the data changed starts after that area still (nothing shown twice, nothing skipped that was
there before). The order is the sort key, ascending or descending, and within one key the area codes
ascending (the year's areas come in code order and the sort is stable).
"""

import base64
import binascii
import json
from typing import Any, NamedTuple

from services.categorisation.schemas import AreaSort
from services.kit.errors import ValidationFailed


class Position(NamedTuple):
    key: Any  # the sort key of the last area shown (areas.SORT_KEYS)
    area_code: str


# The JSON type of each sort's key; the category's is (rank, area code).
_KEY_TYPES: dict[AreaSort, type] = {"area_code": str, "area_name": str, "residents": int, "category": list}


def encode(sort: AreaSort, descending: bool, key: Any, area_code: str) -> str:
    raw = json.dumps([sort, descending, key, area_code], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def decode(cursor: str, sort: AreaSort, descending: bool) -> Position:
    """The position in `cursor`, which must have been made for the same order; else a 422."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        made_for, made_descending, key, code = json.loads(base64.urlsafe_b64decode(padded))
        valid = (
            made_for == sort
            and made_descending is descending
            and isinstance(code, str)
            and type(key) is _KEY_TYPES[sort]
            and (sort != "category" or _rank_and_code(key))
        )
    except (ValueError, TypeError, KeyError, binascii.Error):
        valid = False
    if not valid:
        raise ValidationFailed(
            "The cursor is not one this list gave for this order; start again without it.",
            errors=[{"loc": ["query", "cursor"], "msg": "not a cursor of this list and order"}],
        )
    return Position(tuple(key) if sort == "category" else key, code)


def _rank_and_code(key: object) -> bool:
    return isinstance(key, list) and len(key) == 2 and type(key[0]) is int and isinstance(key[1], str)


def after(key: Any, area_code: str, position: Position, descending: bool) -> bool:
    """Whether an area with `key` and `area_code` comes after `position` in the list's order."""
    if key == position.key:
        return area_code > position.area_code
    return bool(key < position.key) if descending else bool(key > position.key)
