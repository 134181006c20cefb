"""Server-rendered SVG: the team's growth over its measurements and the rings of the taart van ambities.
Both carry a title and description; the same figures are on the page as a table or as text."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import content
from .selectors import Growth

# One colour per ring (post-it colours); black text on each has a contrast ratio above 12:1.
STEP_COLOURS = {1: "#fff3a3", 2: "#ffd6a5", 3: "#cdefc4", 4: "#ffc9de", 5: "#c9e4ff", 6: "#e3d4ff", 7: "#c7f0ea"}
# Measurements, oldest to newest: from light to the brand colour (the value is printed next to each bar).
SERIES_COLOURS = ["#9fb3c8", "#5b7fa6", "#2b5d8c", "#0b3d6b"]
LABEL_WIDTH, PLOT_WIDTH, BAR, GAP = 330, 300, 9, 10


def _short(text: str, limit: int = 52) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def growth_chart(growth: Growth) -> SafeString:
    """Horizontal bars: per statement and aspect the mean score (1–5) of each measurement shown (the last four)."""
    columns = [i for i, ok in enumerate(growth.shown) if ok][-len(SERIES_COLOURS):]
    if not columns:
        return mark_safe("")
    names = [growth.assessments[i].title for i in columns]
    row_height = len(columns) * BAR + GAP
    legend_height = 22 * len(columns) + 8
    top = 40 + legend_height
    height = top + len(growth.items) * row_height + 40
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    title = _("Groei van het team per stelling en aspect")
    desc = _("Gemiddelde score van 1 tot en met 5 per meting: %(names)s. De cijfers staan ook in de tabel onder "
             "de grafiek.") % {"names": ", ".join(names)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wp-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="groei-titel groei-uitleg">',
        f'<title id="groei-titel">{escape(title)}</title><desc id="groei-uitleg">{escape(desc)}</desc>',
        f'<text x="0" y="18" class="wp-chart__title">{escape(title)}</text>',
    ]
    for n, (column, name) in enumerate(zip(columns, names, strict=True)):
        y = 34 + n * 22
        parts.append(f'<rect x="0" y="{y}" width="14" height="14" fill="{SERIES_COLOURS[n]}"/>')
        parts.append(f'<text x="20" y="{y + 12}" class="wp-chart__label">{escape(name)} '
                     f'({growth.respondents[column]} {escape(_("respondenten"))})</text>')
    for tick in range(content.SCORE_MIN, content.SCORE_MAX + 1):
        x = LABEL_WIDTH + PLOT_WIDTH * tick / content.SCORE_MAX
        parts.append(f'<line x1="{x:.0f}" y1="{top - 4}" x2="{x:.0f}" y2="{height - 34}" class="wp-chart__grid"/>')
        parts.append(f'<text x="{x:.0f}" y="{height - 18}" text-anchor="middle" class="wp-chart__label">{tick}</text>')
    parts.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH / 2:.0f}" y="{height - 2}" text-anchor="middle" '
                 f'class="wp-chart__label">{escape(_("gemiddelde score (1 = laag, 5 = hoog)"))}</text>')
    for row, item in enumerate(growth.items):
        y = top + row * row_height
        label = f"{item.key.upper()} {item.text}"
        parts.append(f'<text x="0" y="{y + row_height / 2 + 2:.0f}" class="wp-chart__label">'
                     f'<title>{escape(label)}</title>{escape(_short(label))}</text>')
        for n, column in enumerate(columns):
            value = item.means[column]
            bar_y = y + n * BAR
            if value is None:
                continue
            bar_width = PLOT_WIDTH * value / content.SCORE_MAX
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{bar_width:.1f}" height="{BAR - 1}" '
                         f'fill="{SERIES_COLOURS[n]}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + bar_width + 4:.1f}" y="{bar_y + BAR - 1}" '
                         f'class="wp-chart__value">{str(value).replace(".", ",")}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def workshop_rings(current_step: int) -> SafeString:
    """The seven rings from the outside in, each with its number; the current ring is marked."""
    band, inner, size = 24, 18, 2 * (24 * 7 + 18) + 4
    centre = size / 2
    title = _("Taart van ambities: de zeven ringen van buiten naar binnen")
    rings = "; ".join(f"{step.number} {step.title}" for step in content.WORKSHOP_STEPS)
    step_title = content.workshop_step(current_step).title
    desc = _("De ringen van buiten naar binnen: %(rings)s. Nu aan de beurt: stap %(step)s, %(title)s.") % {
        "rings": rings, "step": current_step, "title": step_title}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wp-rings" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="taart-titel taart-uitleg">',
        f'<title id="taart-titel">{escape(title)}</title><desc id="taart-uitleg">{escape(desc)}</desc>',
    ]
    for step in content.WORKSHOP_STEPS:
        radius = inner + band * (len(content.WORKSHOP_STEPS) - step.number + 1)
        current = step.number == current_step
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="{STEP_COLOURS[step.number]}" '
            f'class="wp-rings__ring{" wp-rings__ring--current" if current else ""}"/>'
        )
    for step in content.WORKSHOP_STEPS:
        # The ring's number at the top of its band; the titles are in the title, the description and the page.
        radius = inner + band * (len(content.WORKSHOP_STEPS) - step.number + 1)
        marker = "▶ " if step.number == current_step else ""
        parts.append(f'<text x="{centre}" y="{centre - radius + band / 2 + 5:.0f}" text-anchor="middle" '
                     f'class="wp-rings__label">{marker}{step.number}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
