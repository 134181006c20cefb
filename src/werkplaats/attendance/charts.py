"""Server-rendered SVG charts of the attendance pages (UX.md): a <title> and <desc>, Dutch labels, no
inline styles or scripts (attendance.css colours them); the same figures are in a table underneath."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from werkplaats.monitor.charts import Bar, bar_chart, bars_description

from .pages import WeekPoint, percentage

WIDTH = 640
HEIGHT = 260
LEFT = 56
BOTTOM = 48
TOP = 12


def tier_chart(*, chart_id: str, tiers: dict[str, int]) -> SafeString:
    """The tier distribution of a school: one horizontal bar per tier."""
    bars = [Bar(label=_("Niveau %(tier)s") % {"tier": tier}, value=tiers.get(tier, 0)) for tier in ("1", "2", "3")]
    return bar_chart(
        chart_id=chart_id,
        title=_("Leerlingen per niveau"),
        description=bars_description(bars),
        axis_label=_("Aantal leerlingen"),
        bars=bars,
    )


def weekly_chart(*, chart_id: str, weeks: Sequence[WeekPoint]) -> SafeString:
    """The absence rate per school week as vertical bars (0–100% or less, rounded up to a tenth)."""
    if not weeks:
        return SafeString("")
    top_rate = max(float(week.rate) for week in weeks)
    maximum = max(0.1, min(1.0, (int(top_rate * 10) + 1) / 10))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - TOP - BOTTOM
    step = plot_w / len(weeks)
    bar_w = max(2.0, step * 0.7)
    bars = []
    for index, week in enumerate(weeks):
        height = round(plot_h * float(week.rate) / maximum, 1)
        x = round(LEFT + index * step + (step - bar_w) / 2, 1)
        bars.append(
            format_html(
                '<rect class="wp-chart__bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
                x,
                round(TOP + plot_h - height, 1),
                round(bar_w, 1),
                height,
                _("Week %(week)s: %(rate)s") % {"week": week.week_number, "rate": week.rate_text},
            )
        )
    label_every = max(1, len(weeks) // 10)
    labels = format_html_join(
        "",
        '<text class="wp-chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (round(LEFT + index * step + step / 2, 1), TOP + plot_h + 16, week.week_number)
            for index, week in enumerate(weeks)
            if index % label_every == 0
        ),
    )
    ticks = format_html_join(
        "",
        '<line class="wp-chart__grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}"></line>'
        '<text class="wp-chart__tick" x="{3}" y="{4}" text-anchor="end">{5}</text>',
        (
            (
                LEFT,
                round(TOP + plot_h - plot_h * part / 4, 1),
                LEFT + plot_w,
                LEFT - 6,
                round(TOP + plot_h - plot_h * part / 4 + 4, 1),
                percentage(maximum * part / 4),
            )
            for part in range(5)
        ),
    )
    description = "; ".join(
        _("week %(week)s: %(rate)s") % {"week": week.week_number, "rate": week.rate_text} for week in weeks
    )
    return format_html(
        '<svg class="wp-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{ticks}{bars}{labels}'
        '<line class="wp-chart__axis" x1="{left}" y1="{axis}" x2="{right}" y2="{axis}"></line>'
        '<text class="wp-chart__axis-label" x="{centre}" y="{label_y}" text-anchor="middle">{axis_label}</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=_("Verzuim per schoolweek"),
        desc=description,
        ticks=ticks,
        bars=SafeString("".join(bars)),
        labels=labels,
        left=LEFT,
        right=LEFT + plot_w,
        axis=TOP + plot_h,
        centre=round(LEFT + plot_w / 2),
        label_y=HEIGHT - 8,
        axis_label=_("Schoolweek (weeknummer)"),
    )
