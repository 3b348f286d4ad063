"""Geometry for the small SVG charts on the pages: drawn by the server, no script, a table beside each."""

from collections.abc import Sequence
from typing import Any

BAR_WIDTH = 420
BAR_HEIGHT = 26
LINE_W, LINE_H, PAD = 560, 220, 36


def bar_chart(
    series: Sequence[tuple[str, int | None]], compare: list[tuple[str, int]] | None = None
) -> dict[str, Any]:
    """Horizontal bars per label; with `compare`, a second thinner bar per label (before/after).

    A value of None is a figure the service hid (small-number suppression): it keeps its place and label
    but gets no bar, and the template writes "skjult" where the value would be. Drawing it as 0 would state
    a figure that is not true (and a bar of 0 reads as "nobody").
    """
    top = max([v for _, v in series if v is not None] + [v for _, v in compare or []] + [1])
    bars = []
    row_height = BAR_HEIGHT * (2 if compare else 1) + 12
    for index, (label, value) in enumerate(series):
        y = index * row_height
        bar: dict[str, Any] = {
            "label": label,
            "value": value,
            "hidden": value is None,
            "y": y,
            "width": 0 if value is None else round(BAR_WIDTH * value / top, 1),
        }
        if compare:
            after = compare[index][1]
            bar["after"] = after
            bar["after_y"] = y + BAR_HEIGHT
            bar["after_width"] = round(BAR_WIDTH * after / top, 1)
        bars.append(bar)
    return {
        "bars": bars,
        "height": row_height * len(series),
        "width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "compare": compare is not None,
    }


THRESHOLD_KEYS = ("value", "vulnerable_threshold", "prevention_threshold", "local_threshold")


def line_chart(points: list[dict[str, Any]], keys: tuple[str, ...] = THRESHOLD_KEYS) -> dict[str, Any]:
    """A value line over the years with other lines beside it (by default the year's thresholds)."""
    numbers = [p[k] for p in points for k in keys if p.get(k) is not None]
    if not points or not numbers:
        return {"series": {}, "years": [], "width": LINE_W, "height": LINE_H}
    low, high = 0.0, max(numbers) * 1.15 or 1.0
    years = [p["year"] for p in points]
    span = max(len(years) - 1, 1)

    def x(index: int) -> float:
        return round(PAD + (LINE_W - 2 * PAD) * index / span, 1)

    def y(value: float) -> float:
        return round(LINE_H - PAD - (LINE_H - 2 * PAD) * (value - low) / (high - low), 1)

    series = {}
    for key in keys:
        coords = [(x(i), y(p[key])) for i, p in enumerate(points) if p.get(key) is not None]
        if coords:
            series[key] = {"points": " ".join(f"{cx},{cy}" for cx, cy in coords), "dots": coords}
    ticks = [{"value": round(high * f / 4, 1), "y": y(high * f / 4)} for f in range(5)]
    return {
        "series": series,
        "years": [{"year": year, "x": x(i)} for i, year in enumerate(years)],
        "ticks": ticks,
        "width": LINE_W,
        "height": LINE_H,
        "pad": PAD,
    }
