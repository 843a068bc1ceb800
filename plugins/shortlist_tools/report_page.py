"""The page of `make report` (pure: a Report in, HTML text out).

One self-contained file: its CSS inline, no script, no font, no picture and no link
to any other host, so it opens from disk anywhere and tells nobody it was opened.
Each listing's and post's views per day are an inline SVG sparkline with a text
alternative. The page says at the top that it is private, and asks search engines
not to index it should it ever be uploaded by mistake.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .report_rows import LONG_WINDOW_DAYS, SHORT_WINDOW_DAYS, SPARKLINE_DAYS, Report

TEMPLATE = "report_page.html"
SPARKLINE_WIDTH = 120
SPARKLINE_HEIGHT = 28
SPARKLINE_PAD = 2


def long_date(day: datetime.date) -> str:
    """'December 1, 2026'."""
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: datetime.date) -> str:
    """'Dec 1'."""
    return f"{day:%b} {day.day}"


def window_label(today: datetime.date, days: int) -> str:
    """'Nov 25 – Dec 1, 2026': the days a window counts, both ends included."""
    first = today - datetime.timedelta(days=days - 1)
    return f"{short_date(first)} – {short_date(today)}, {today.year}"


def sparkline_text(daily: tuple[int, ...], today: datetime.date) -> str:
    """What the sparkline shows, in words, for screen readers and as its tooltip."""
    first = today - datetime.timedelta(days=len(daily) - 1)
    span = f"Views per day from {short_date(first)} to {short_date(today)}"
    total = sum(daily)
    if not total:
        return f"{span}: none"
    peak = max(daily)
    peak_day = first + datetime.timedelta(days=daily.index(peak))
    return f"{span}: {total:,} in all, most {peak:,} on {short_date(peak_day)}"


def sparkline(daily: tuple[int, ...], today: datetime.date) -> Markup:
    """An inline SVG line of views per day, oldest on the left, the build date on the
    right; its height scaled to the busiest day (a flat line along the bottom when
    there were no views)."""
    width, height, pad = SPARKLINE_WIDTH, SPARKLINE_HEIGHT, SPARKLINE_PAD
    peak = max(daily, default=0) or 1
    step = (width - 2 * pad) / max(len(daily) - 1, 1)
    points = " ".join(
        f"{pad + index * step:.1f},{height - pad - views / peak * (height - 2 * pad):.1f}"
        for index, views in enumerate(daily)
    )
    last_x, last_y = points.rsplit(" ", 1)[-1].split(",")
    label = escape(sparkline_text(daily, today))
    return Markup(
        f'<svg class="spark" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f"<title>{label}</title>"
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="currentColor"/>'
        "</svg>"
    )


def render_page(report: Report) -> str:
    """The whole page, from the template next to this module."""
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(long_date=long_date, short_date=short_date)
    environment.globals.update(sparkline=sparkline)
    return environment.get_template(TEMPLATE).render(
        report=report,
        today=report.today,
        short_window=window_label(report.today, SHORT_WINDOW_DAYS),
        long_window=window_label(report.today, LONG_WINDOW_DAYS),
        sparkline_days=SPARKLINE_DAYS,
    )
