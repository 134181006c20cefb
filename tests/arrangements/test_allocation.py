"""The allocation arithmetic of contracts/finance.md: largest remainders, exact cents, parsing of euros."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkplaats.arrangements.allocation import AllocationError, apportion, cents_format, cost_parse


def test_contract_example():
    amounts = apportion(cents=1_000_000, weights={"GM0153": 180, "GM0158": 28, "GM0164": 4})
    # exact shares 849056.60..., 132075.47..., 18867.92...: floors leave 2 cents for .92 and .60
    assert amounts == {"GM0153": 849_057, "GM0158": 132_075, "GM0164": 18_868}
    assert [cents_format(amounts[code]) for code in sorted(amounts)] == ["8490.57", "1320.75", "188.68"]


def test_leftover_cents_go_to_the_lower_code_on_equal_remainders():
    assert apportion(cents=100, weights={"GM0164": 1, "GM0141": 1, "GM0153": 1}) == {
        "GM0141": 34, "GM0153": 33, "GM0164": 33}
    assert apportion(cents=200, weights={"GM0164": 1, "GM0141": 1, "GM0153": 1}) == {
        "GM0141": 67, "GM0153": 67, "GM0164": 66}


def test_larger_remainder_wins_over_lower_code():
    # 10 cents by 1:2 -> 3.33 and 6.66: the one cent left goes to the .66 of GM0189, not to GM0141.
    assert apportion(cents=10, weights={"GM0141": 1, "GM0189": 2}) == {"GM0141": 3, "GM0189": 7}


def test_all_zero_weights_are_an_error_not_a_division_by_zero():
    with pytest.raises(AllocationError):
        apportion(cents=100, weights={"GM0153": 0, "GM0164": 0})
    with pytest.raises(AllocationError):
        apportion(cents=100, weights={})


@given(
    cents=st.integers(0, 10**12),
    weights=st.dictionaries(st.from_regex(r"GM\d{4}", fullmatch=True), st.integers(0, 100_000), min_size=1),
)
def test_amounts_add_up_and_stay_within_a_cent_of_the_exact_share(cents, weights):
    if sum(weights.values()) == 0:
        with pytest.raises(AllocationError):
            apportion(cents=cents, weights=weights)
        return
    amounts = apportion(cents=cents, weights=weights)
    assert sum(amounts.values()) == cents
    total = sum(weights.values())
    for code, amount in amounts.items():
        exact = Fraction(cents * weights[code], total)
        assert exact - 1 < amount < exact + 1
        assert amount in (exact.__floor__(), exact.__floor__() + 1)


@pytest.mark.parametrize(("text", "cents"), [
    ("10000", 1_000_000), ("10000.00", 1_000_000), ("10000.5", 1_000_050), ("0.01", 1), ("0", 0), (" 12.30 ", 1230),
])
def test_cost_parse_accepts_euros_with_at_most_two_decimals(text, cents):
    assert cost_parse(text) == cents


@pytest.mark.parametrize("text", ["-10", "1.234", "abc", "", "1e3", "NaN", "10,00", "1.", ".5", "+5", "Infinity"])
def test_cost_parse_rejects_anything_else_with_a_dutch_message(text):
    with pytest.raises(ValueError, match="geen geldig bedrag"):
        cost_parse(text)


def test_cents_format():
    assert [cents_format(c) for c in (0, 1, 99, 100, 849_057)] == ["0.00", "0.01", "0.99", "1.00", "8490.57"]
