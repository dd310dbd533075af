"""Small bar charts, drawn on the server as inline SVG: no script, nothing to download."""

from dataclasses import dataclass
from math import ceil

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 60, 32, 16, 34
MAX_TICKS = 6


@dataclass(frozen=True)
class Point:
    """One bar group: a short label under it, a long one for the table, a value per series."""

    label: str
    long_label: str
    values: dict[str, int]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    is_minor: bool  # hidden on narrow screens, where the labels grow and would overlap


@dataclass(frozen=True)
class BarChart:
    """Everything the chart template draws, in the SVG's own units."""

    title: str
    summary: str
    series: list[tuple[str, str]]
    points: list[Point]
    bars: list[Bar]
    ticks: list[Tick]
    max_value: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        return [
            (point.long_label, [point.values[key] for key, _ in self.series])
            for point in self.points
        ]


def bar_chart(*, title: str, series: list[tuple[str, str]], points: list[Point]) -> BarChart:
    """Lay out a bar chart: one slot per point, one bar per series in each slot."""
    max_value = max((value for point in points for value in point.values.values()), default=0)
    scale = max(max_value, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)
    bar_width = slot * 0.75 / len(series)
    bars, ticks = [], []
    step = ceil(len(points) / MAX_TICKS) or 1
    for index, point in enumerate(points):
        start = LEFT + index * slot + slot * 0.125
        for position, (key, name) in enumerate(series):
            value = point.values[key]
            height = plot_height * value / scale
            bars.append(
                Bar(
                    x=round(start + position * bar_width, 2),
                    y=round(HEIGHT - BOTTOM - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    series=key,
                    title=f"{point.long_label} — {name}: {value}",
                )
            )
        if index % step == 0:
            ticks.append(
                Tick(
                    x=round(LEFT + (index + 0.5) * slot, 2),
                    label=point.label,
                    is_minor=len(ticks) % 2 == 1,
                )
            )
    peak = max(points, key=lambda point: point.values[series[0][0]]) if points else None
    summary = (
        _("Highest: %(value)d (%(when)s).")
        % {"value": peak.values[series[0][0]], "when": peak.long_label}
        if peak and max_value
        else _("Nothing to show.")
    )
    return BarChart(
        title=title,
        summary=summary,
        series=series,
        points=points,
        bars=bars,
        ticks=ticks,
        max_value=max_value,
    )
