"""Draws the figures of content/figures/*.yml as inline SVG: accessible, themed by CSS, no script.

Three kinds: `curve` (a power law y = (scale / x) ** exponent on a log x axis), `bars` (labelled
values), and `steps` (a left-to-right flow of labelled boxes).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from explainer.claims.claims import read_sources
from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import SourceRef
from explainer.yamlfile import Mapping, load_yaml

KINDS = ("curve", "bars", "steps")
FIGURE = re.compile(r"^/// figure \| (?P<id>[a-z0-9-]+)[ \t]*$", re.MULTILINE)
WIDTH, HEIGHT, STEPS_HEIGHT = 640, 300, 160
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 50


@dataclass(frozen=True)
class Figure:
    id: str
    kind: str
    title: str
    alt: str
    caption: str
    sources: tuple[SourceRef, ...]
    data: Mapping


def load_figures(folder: Path, collector: Collector) -> dict[str, Figure]:
    figures = {}
    for path in sorted(folder.glob("*.yml")):
        shown = f"content/figures/{path.name}"
        fields = Fields(load_yaml(path, shown), shown, 1, collector, "a figure")
        fields.allow_only("kind", "title", "alt", "caption", "sources", "data")
        data = fields.mapping.get("data")
        if not isinstance(data, Mapping):
            fields.problem("data", "expected the figure's data as a mapping")
            continue
        figures[path.stem] = Figure(
            path.stem, fields.choice("kind", KINDS), fields.text("title"), fields.text("alt"),
            fields.text("caption"), read_sources(fields, "sources", required=True), data,
        )
    return figures


def _text(x: float, y: float, content: str, anchor: str = "middle", cls: str = "fig-text") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{escape(content)}</text>'


def _number(value: Any) -> float:
    return float(value)


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_of_ten(power: int) -> str:
    """An axis label: 1000 as written, larger powers as 10 with a superscript exponent (10⁶)."""
    return str(10**power) if 0 <= power <= 3 else "10" + str(power).translate(SUPERSCRIPT)


def draw_curve(data: Mapping, fid: str) -> list[str]:
    """A power law on a log x axis, with gridlines at each power of ten."""
    scale, exponent = _number(data["scale"]), _number(data["exponent"])
    low, high = math.log10(_number(data["x_min"])), math.log10(_number(data["x_max"]))
    y_min, y_max = _number(data["y_min"]), _number(data["y_max"])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(log_x: float) -> float:
        return LEFT + (log_x - low) / (high - low) * plot_w

    def py(y: float) -> float:
        return TOP + (1 - (y - y_min) / (y_max - y_min)) * plot_h

    out = []
    for power in range(math.ceil(low), math.floor(high) + 1):
        out.append(f'<line x1="{px(power):.1f}" y1="{TOP}" x2="{px(power):.1f}" y2="{TOP + plot_h}" class="fig-grid"/>')
        out.append(_text(px(power), TOP + plot_h + 18, power_of_ten(power)))
    steps = int(round((y_max - y_min) / _number(data["y_step"])))
    for i in range(steps + 1):
        y = y_min + i * _number(data["y_step"])
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" class="fig-grid"/>')
        out.append(_text(LEFT - 8, py(y) + 4, f"{y:g}", "end"))
    points = []
    for i in range(101):
        log_x = low + (high - low) * i / 100
        points.append(f"{px(log_x):.1f},{py((scale / 10**log_x) ** exponent):.1f}")
    out.append(f'<polyline points="{" ".join(points)}" class="fig-line"/>')
    out.append(_text(LEFT + plot_w / 2, HEIGHT - 8, str(data["x_label"])))
    out.append(f'<text transform="translate(16 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" class="fig-text">{escape(str(data["y_label"]))}</text>')
    return out


def draw_bars(data: Mapping, fid: str) -> list[str]:
    """Horizontal bars with their values written beside them."""
    items = list(data["items"])
    top_value = max(_number(item["value"]) for item in items)
    label_w, row_h = 190, (HEIGHT - TOP - BOTTOM + 30) / len(items)
    plot_w = WIDTH - label_w - RIGHT - 90
    out = []
    for index, item in enumerate(items):
        y = TOP + index * row_h
        width = max(2.0, _number(item["value"]) / top_value * plot_w)
        cls = "fig-bar fig-bar--accent" if item.get("accent") else "fig-bar"
        out.append(_text(label_w - 10, y + row_h / 2 + 4, str(item["label"]), "end"))
        out.append(f'<rect x="{label_w}" y="{y + row_h * 0.2:.1f}" width="{width:.1f}" height="{row_h * 0.6:.1f}" class="{cls}"/>')
        out.append(_text(label_w + width + 8, y + row_h / 2 + 4, str(item["value_label"]), "start"))
    out.append(_text(label_w + plot_w / 2, HEIGHT - 8, str(data["x_label"])))
    return out


def draw_steps(data: Mapping, fid: str) -> list[str]:
    """Boxes left to right, joined by arrows, each with a label and a short detail."""
    items = list(data["items"])
    gap = 22
    box_w = (WIDTH - 20 - gap * (len(items) - 1)) / len(items)
    out = [f'<defs><marker id="arrow-{fid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="fig-arrow"/></marker></defs>']
    for index, item in enumerate(items):
        x = 10 + index * (box_w + gap)
        out.append(f'<rect x="{x:.1f}" y="5" width="{box_w:.1f}" height="150" rx="8" class="fig-box"/>')
        out.append(_text(x + box_w / 2, 33, str(item["label"]), cls="fig-text fig-strong"))
        for line_no, line in enumerate(_wrap(str(item.get("detail", "")), max(8, int(box_w / 7.2)))):
            out.append(_text(x + box_w / 2, 59 + line_no * 17, line))
        if index:
            out.append(f'<line x1="{x - gap + 2:.1f}" y1="80" x2="{x - 3:.1f}" y2="80" class="fig-edge" marker-end="url(#arrow-{fid})"/>')
    return out


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


DRAW = {"curve": draw_curve, "bars": draw_bars, "steps": draw_steps}


def render_figure(figure: Figure) -> str:
    """The figure as one raw HTML block: SVG with title and description, and a caption with sources."""
    body = "".join(DRAW[figure.kind](figure.data, figure.id))
    ids = f"fig-{figure.id}-title fig-{figure.id}-desc"
    sources = "; ".join(
        f'<a href="{escape(s.url)}">{escape(s.title)}</a>, {escape(s.publisher)}, {escape(s.date)}' for s in figure.sources
    )
    return (
        f'<figure class="explainer-figure" id="figure-{figure.id}">'
        f'<svg viewBox="0 0 {WIDTH} {STEPS_HEIGHT if figure.kind == "steps" else HEIGHT}" role="img" aria-labelledby="{ids}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="fig-{figure.id}-title">{escape(figure.title)}</title>'
        f'<desc id="fig-{figure.id}-desc">{escape(figure.alt)}</desc>{body}</svg>'
        f"<figcaption>{escape(figure.caption)} Source: {sources}.</figcaption></figure>"
    )
