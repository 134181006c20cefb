"""Server-rendered SVG charts (UX.md: a title, Dutch axis labels, the same figures in a table underneath).

Pure functions without JavaScript or inline styles (the CSP allows neither): colours and fonts come from
monitor.css through the classes. A suppressed count ("<5", "x") is written as text, never drawn as a bar:
a bar would show its size."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 640
BAR = 22
GAP = 10
TOP = 8
AXIS = 48  # room under the bars for the tick labels and the axis title
VALUE_ROOM = 64  # room right of the longest bar for its figure
CHAR = 7.4  # average width of a character at the chart's font size


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | str  # a count, or the text of a suppressed count


def _nice_maximum(value: int) -> int:
    """The axis end: the smallest of 1, 2, 2.5 (from 25 on), 5 or 10 times a power of ten that is at least
    `value` (at least 1). Each can be divided into whole-numbered ticks."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    steps = (power, 2 * power, *((power * 5 // 2,) if power >= 10 else ()), 5 * power, 10 * power)
    return next(step for step in steps if step >= value)


def number(value: int | str) -> str:
    """A count as shown: 1.234 with the locale's grouping; suppressed counts as they are."""
    return value if isinstance(value, str) else number_format(value, force_grouping=True)


def bar_chart(*, chart_id: str, title: str, description: str, axis_label: str, bars: Sequence[Bar]) -> SafeString:
    """A horizontal bar chart as an accessible SVG (role img, <title> and <desc> named by aria-labelledby).

    `chart_id` must be unique on the page. Returns an empty string when there are no bars."""
    if not bars:
        return SafeString("")
    label_width = min(260, max(80, round(max(len(bar.label) for bar in bars) * CHAR) + 16))
    plot_width = WIDTH - label_width - VALUE_ROOM
    counts = [bar.value for bar in bars if isinstance(bar.value, int)]
    maximum = _nice_maximum(max(counts, default=0))
    height = TOP + len(bars) * (BAR + GAP) + AXIS
    axis_y = TOP + len(bars) * (BAR + GAP)

    rows = []
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR + GAP)
        middle = y + BAR / 2
        rows.append(format_html(
            '<text class="wp-chart__label" x="{}" y="{}" text-anchor="end" dominant-baseline="central">{}</text>',
            label_width - 8, middle, bar.label,
        ))
        if isinstance(bar.value, int):
            width = round(plot_width * bar.value / maximum, 1)
            rows.append(format_html(
                '<rect class="wp-chart__bar" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>',
                label_width, y, width, BAR,
            ))
            rows.append(format_html(
                '<text class="wp-chart__value" x="{}" y="{}" dominant-baseline="central">{}</text>',
                label_width + width + 6, middle, number(bar.value),
            ))
        else:
            rows.append(format_html(
                '<text class="wp-chart__value wp-chart__value--suppressed" x="{}" y="{}" '
                'dominant-baseline="central">{}<title>{}</title></text>',
                label_width + 6, middle, bar.value, _("afgeschermd: een klein aantal"),
            ))
    divisions = 5 if maximum >= 5 else maximum  # whole numbers at every tick: 1, 2, 5 or 10^k times those
    ticks = format_html_join(
        "", '<line class="wp-chart__grid" x1="{0}" y1="{1}" x2="{0}" y2="{2}"></line>'
            '<text class="wp-chart__tick" x="{0}" y="{3}" text-anchor="middle">{4}</text>',
        (
            (round(label_width + plot_width * step / divisions, 1), TOP, axis_y, axis_y + 18,
             number(maximum * step // divisions))
            for step in range(divisions + 1)
        ),
    )
    return format_html(
        '<svg class="wp-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{ticks}{rows}"
        '<line class="wp-chart__axis" x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}"></line>'
        '<text class="wp-chart__axis-label" x="{centre}" y="{label_y}" text-anchor="middle">{axis_label}</text>'
        "</svg>",
        width=WIDTH, height=height, id=chart_id, title=title, description=description, ticks=ticks,
        rows=SafeString("".join(rows)), left=label_width, right=label_width + plot_width, axis_y=axis_y,
        centre=round(label_width + plot_width / 2), label_y=axis_y + 40, axis_label=axis_label,
    )


def bars_description(bars: Sequence[Bar]) -> str:
    """The figures of a chart in one sentence (its <desc>): "Enschede: 180; Haaksbergen: 28; Almelo: <5"."""
    return "; ".join(f"{bar.label}: {number(bar.value)}" for bar in bars)
