"""Areas as the JSON of `GET /v1/years/{year}/areas`, each area and each shared criterion serialised once.

A year's areas share their criterion objects (years.SharedCriteria, years.approved_areas): a national
year's 160,000 criteria are some 16,000 objects. Serialised one by one they were most of the time of the
whole answer; here each object becomes JSON once, and each area once, for as long as the memo lives (the
results of one version of the data, versions.Results). The bytes are those FastAPI makes of
`list[AreaRead]`: the same fields in the same order, compact, UTF-8.
"""

from services.categorisation.schemas import AreaRead, Criterion

_FIELDS = list(AreaRead.model_fields)
_AT = _FIELDS.index("criteria")
# The area's fields before and after its criteria, serialised apart and joined around them.
_HEAD = set(_FIELDS[:_AT])
_TAIL = set(_FIELDS[_AT + 1 :])
_AREA = AreaRead.__pydantic_serializer__
_CRITERION = Criterion.__pydantic_serializer__


class AreaJson:
    """JSON of areas and criteria, remembered by object: whatever is given must not change afterwards."""

    def __init__(self) -> None:
        # The objects are kept with their bytes, so an id is never reused while this lives.
        self._areas: dict[int, tuple[AreaRead, bytes]] = {}
        self._criteria: dict[int, tuple[Criterion, bytes]] = {}

    def criterion(self, criterion: Criterion) -> bytes:
        made = self._criteria.get(id(criterion))
        if made is None:
            made = self._criteria[id(criterion)] = (criterion, _CRITERION.to_json(criterion))
        return made[1]

    def area(self, area: AreaRead) -> bytes:
        made = self._areas.get(id(area))
        if made is None:
            head = _AREA.to_json(area, include=_HEAD)
            tail = _AREA.to_json(area, include=_TAIL)
            criteria = b",".join(self.criterion(c) for c in area.criteria)
            rest = b"}" if tail == b"{}" else b"," + tail[1:]
            body = b"".join((head[:-1], b',"criteria":[', criteria, b"]", rest))
            made = self._areas[id(area)] = (area, body)
        return made[1]

    def array(self, areas: list[AreaRead]) -> bytes:
        return b"[" + b",".join(self.area(a) for a in areas) + b"]"
