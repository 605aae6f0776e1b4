"""The Polres summary's chart, drawn at build time as inline SVG: no script, every text escaped.

A line per series over months, each with its own colour, dash pattern and point
shape (told apart without colour), a legend, and ``<title>``/``<desc>`` for screen
readers; the page also prints the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .assessments import MonthCount
from .dates import format_month

# Narrow on purpose: on a 360 px phone the chart is drawn at about 0.8 of its size, so text stays readable.
WIDTH, HEIGHT = 400, 300
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 78, 34
FONT = 14


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]
    colour: str
    dash: str  # stroke-dasharray ("" for a solid line)


def summary_series(months: Sequence[MonthCount], days: int) -> list[Series]:
    return [
        Series(f"Diases dalam {days} hari", tuple(m.assessed_recently for m in months), "#5d4037", ""),
        Series("Ronda aktif", tuple(m.ronda_active for m in months), "#1565c0", "6 4"),
        Series("Sistem satu gerbang", tuple(m.one_gate for m in months), "#2e7d32", "2 3"),
    ]


def month_label(year: int, month: int) -> str:
    """``Okt 26``: the short label under the axis."""
    return f"{format_month(year, month)[:3]} {year % 100:02d}"


def chart_svg(months: Sequence[MonthCount], title: str, days: int, element_id: str = "kd-grafik") -> str:
    """The chart as an ``<svg>`` element (empty string when there is nothing to draw)."""
    if not months:
        return ""
    series = summary_series(months, days)
    top = _nice_top(max(max(s.values) for s in series))
    labels = [month_label(m.year, m.month) for m in months]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(months) - 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(months) > 1 else plot_w / 2)

    def y(v: int) -> float:
        return TOP + plot_h - (v / top) * plot_h

    last = months[-1]
    desc = (f"{len(months)} bulan, {labels[0]} sampai {labels[-1]}. Bulan terakhir: "
            + "; ".join(f"{s.label} {s.values[-1]} desa" for s in series) + f" ({month_label(last.year, last.month)}).")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kd-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{element_id}-judul {element_id}-isi" id={quoteattr(element_id)}>',
        f'<title id="{element_id}-judul">{escape(title)}</title>',
        f'<desc id="{element_id}-isi">{escape(desc)}</desc>',
    ]
    for tick in range(0, top + 1, max(1, top // 4)):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 5:.1f}" text-anchor="end" font-size="{FONT}" fill="#444">{tick}</text>')
    every = max(1, -(-len(labels) // 4))  # at most four month labels, and the last
    for i, label in enumerate(labels):
        last_one = i == len(labels) - 1
        if (i % every == 0 and len(labels) - 1 - i >= every / 2) or last_one:
            anchor = "end" if last_one and len(labels) > 1 else "start" if i == 0 and len(labels) > 1 else "middle"
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="{anchor}" font-size="{FONT}" '
                         f'fill="#444">{escape(label)}</text>')
    for n, s in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="2.5"{dash} points="{points}"/>')
        parts += [_mark(n, x(i), y(v), s.colour) for i, v in enumerate(s.values)]
        ly = 14 + n * 22  # the legend: one series a row
        parts.append(f'<line x1="{LEFT}" y1="{ly}" x2="{LEFT + 28}" y2="{ly}" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        parts.append(_mark(n, LEFT + 14, ly, s.colour))
        parts.append(f'<text x="{LEFT + 36}" y="{ly + 5}" font-size="{FONT}" fill="#222">{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _mark(n: int, cx: float, cy: float, colour: str) -> str:
    """A circle, a square or a diamond: the series' shape."""
    if n == 0:
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"/>'
    if n == 1:
        return f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<path d="M{cx:.1f} {cy - 5:.1f}l5 5-5 5-5-5z" fill="{colour}"/>'


def _nice_top(value: int) -> int:
    """The axis' top: the value rounded up to 4, 8, 20, 40, … so that four ticks are whole numbers."""
    for top in (4, 8, 12, 20, 40, 60, 80, 100, 200, 400, 600, 800, 1000):
        if value <= top:
            return top
    return -(-value // 1000) * 1000
