"""Cost allocation arithmetic of contracts/finance.md: exact integers only, never floats."""

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

COST = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


class AllocationError(ValueError):
    """The cost cannot be allocated (for example: all weights are zero). Carries a Dutch message."""


def cost_parse(text: str) -> int:
    """An amount in euros as the contract writes it (`10000`, `10000.5`, `10000.00`) in cents.
    Raises ValueError with a Dutch message for anything else: negative, more than 2 decimals, not a number."""
    text = text.strip()
    if not COST.match(text):
        raise ValueError(
            _("%(value)s is geen geldig bedrag: geef euro's op als getal zonder teken met hoogstens twee decimalen "
              "na een punt, bijvoorbeeld 10000.00.") % {"value": text or "''"}
        )
    euros, _point, cents = text.partition(".")
    return int(euros) * 100 + int(cents.ljust(2, "0"))


def cents_format(cents: int) -> str:
    """Cents as euros with two decimals: 849057 -> "8490.57"."""
    return f"{cents // 100}.{cents % 100:02d}"


def apportion(*, cents: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Divide `cents` over the keys in proportion to their weights (largest-remainder method).

    Each key gets the floor of its exact share cents * weight / total; the cents left over go one by one
    to the largest fractional remainders, ties to the lower key (CBS code). The result adds up to
    `cents` exactly. Raises AllocationError when the weights add up to zero."""
    if any(weight < 0 for weight in weights.values()):
        raise AllocationError(_("Een gewicht kan niet negatief zijn."))
    total = sum(weights.values())
    if total == 0:
        raise AllocationError(_("Alle gewichten zijn nul: er is niets om de kosten naar te verdelen."))
    amounts = {key: cents * weight // total for key, weight in weights.items()}
    # The remainder cents * weight mod total is the fractional part times `total`: same order, exact.
    by_remainder = sorted(weights, key=lambda key: (-(cents * weights[key] % total), key))
    for key in by_remainder[: cents - sum(amounts.values())]:
        amounts[key] += 1
    return amounts
