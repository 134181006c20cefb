"""Statistical disclosure control of published counts of people (contracts/registry.md "Monitor output").

Pure functions; the threshold is `settings.DISCLOSURE_THRESHOLD` (5 in Twente).

Rules:

1. Primary suppression: a count from 1 to threshold - 1 is published as the string "<5" (the threshold
   in the string follows the setting). Zero is published as 0; larger counts as they are.
2. Totals (`pupils`, `with_indication`) follow rule 1 only.
3. Secondary suppression: a breakdown whose cells add up exactly to a *published* total (neither 0 nor
   suppressed itself), with exactly one primary-suppressed cell, would give that cell away by subtraction.
   Then the smallest other non-zero cell is suppressed as well and published as "x"; between equal cells,
   the first key in sort order.

   Rule 3 applies only when the cells really sum to the total. In the school profile
   `by_home_municipality` and `tiers` always do (every pupil has one home municipality and one tier).
   `by_provider` and `by_referrer` count pupils per provider or referrer, and one pupil can have several
   indications: then the cells add up to more than `with_indication`, no cell follows from the others by
   subtraction, and rule 3 does not apply. When every pupil with an indication has one provider
   (or one referrer), the cells do add up to `with_indication` and rule 3 applies to that breakdown.
"""

from collections.abc import Mapping

from django.conf import settings

SECONDARY = "x"

Published = int | str


def threshold_default() -> int:
    return int(settings.DISCLOSURE_THRESHOLD)


def suppressed_label(threshold: int) -> str:
    return f"<{threshold}"


def is_sensitive(count: int, *, threshold: int) -> bool:
    """A count that may not be published: 1 up to the threshold (exclusive)."""
    return 0 < count < threshold


def count_publish(count: int, *, threshold: int | None = None) -> Published:
    """Rule 1: a single count (a total) as published."""
    threshold = threshold_default() if threshold is None else threshold
    return suppressed_label(threshold) if is_sensitive(count, threshold=threshold) else count


def breakdown_publish(cells: Mapping[str, int], *, total: int, threshold: int | None = None) -> dict[str, Published]:
    """Rules 1 and 3: the cells of a breakdown of `total` as published, keys in sort order."""
    threshold = threshold_default() if threshold is None else threshold
    keys = sorted(cells)
    published: dict[str, Published] = {key: count_publish(cells[key], threshold=threshold) for key in keys}
    suppressed = [key for key in keys if is_sensitive(cells[key], threshold=threshold)]
    total_published = total > 0 and not is_sensitive(total, threshold=threshold)
    if len(suppressed) == 1 and total_published and sum(cells.values()) == total:
        # Not empty: were the suppressed cell the only non-zero one, it would equal the total, which is published.
        others = [key for key in keys if key != suppressed[0] and cells[key] > 0]
        # min() keeps the first of equal values, and `others` is in sort order.
        published[min(others, key=lambda key: cells[key])] = SECONDARY
    return published
