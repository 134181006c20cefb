"""Disclosure control (contracts/registry.md "Monitor output"): unit cases and properties."""

from hypothesis import given
from hypothesis import strategies as st

from werkplaats.monitor.disclosure import breakdown_publish, count_publish


def test_counts_one_to_four_are_published_as_less_than_five():
    assert [count_publish(n, threshold=5) for n in (0, 1, 4, 5, 212)] == [0, "<5", "<5", 5, 212]


def test_threshold_is_the_region_setting(settings):
    settings.DISCLOSURE_THRESHOLD = 10
    assert count_publish(9) == "<10"
    assert count_publish(10) == 10
    assert breakdown_publish({"a": 9, "b": 30}, total=39) == {"a": "<10", "b": "x"}


def test_contract_example_two_small_cells_need_no_secondary_suppression():
    cells = {"GM0141": 1, "GM0153": 180, "GM0158": 28, "GM0164": 3}
    assert breakdown_publish(cells, total=212, threshold=5) == {
        "GM0141": "<5", "GM0153": 180, "GM0158": 28, "GM0164": "<5"}


def test_one_small_cell_takes_the_smallest_other_non_zero_cell_with_it():
    cells = {"GM0153": 180, "GM0158": 28, "GM0164": 4, "GM0168": 0, "GM0173": 12}
    assert breakdown_publish(cells, total=224, threshold=5) == {
        "GM0153": 180, "GM0158": 28, "GM0164": "<5", "GM0168": 0, "GM0173": "x"}


def test_ties_go_to_the_first_key_in_sort_order():
    cells = {"GM0189": 7, "GM0141": 7, "GM0153": 2, "GM0164": 50}
    assert breakdown_publish(cells, total=66, threshold=5) == {
        "GM0141": "x", "GM0153": "<5", "GM0164": 50, "GM0189": 7}


def test_no_secondary_suppression_when_the_cells_do_not_add_up_to_the_total():
    # Providers of pupils with several indications: 10 + 3 counts 13 pupil-provider pairs, 11 pupils.
    assert breakdown_publish({"12345678": 10, "87654321": 3}, total=11, threshold=5) == {
        "12345678": 10, "87654321": "<5"}


def test_no_secondary_suppression_when_the_total_is_itself_suppressed_or_zero():
    assert breakdown_publish({"1": 3, "2": 0, "3": 0}, total=3, threshold=5) == {"1": "<5", "2": 0, "3": 0}
    assert breakdown_publish({"1": 0, "2": 0, "3": 0}, total=0, threshold=5) == {"1": 0, "2": 0, "3": 0}


def test_tiers_that_sum_to_the_pupils_get_secondary_suppression():
    assert breakdown_publish({"1": 190, "2": 19, "3": 3}, total=212, threshold=5) == {"1": 190, "2": "x", "3": "<5"}


cells_strategy = st.dictionaries(
    keys=st.text(alphabet="ABCDEFG0123456789", min_size=1, max_size=4), values=st.integers(0, 40), max_size=8
)


@given(cells=cells_strategy, threshold=st.integers(2, 11))
def test_no_published_cell_is_below_the_threshold(cells, threshold):
    published = breakdown_publish(cells, total=sum(cells.values()), threshold=threshold)
    assert set(published) == set(cells)
    for key, value in published.items():
        if isinstance(value, int):
            assert value == cells[key] and not 0 < value < threshold
        else:
            assert value in (f"<{threshold}", "x")
            assert value == "x" or 0 < cells[key] < threshold


@given(cells=cells_strategy, threshold=st.integers(2, 11))
def test_a_single_suppressed_cell_never_stands_alone_in_a_breakdown_of_a_published_total(cells, threshold):
    total = sum(cells.values())
    published = breakdown_publish(cells, total=total, threshold=threshold)
    primary = [key for key, value in published.items() if value == f"<{threshold}"]
    secondary = [key for key, value in published.items() if value == "x"]
    if len(primary) == 1 and total >= threshold:
        assert len(secondary) == 1
        others = {key: value for key, value in cells.items() if key != primary[0] and value > 0}
        smallest = min(others.values())
        assert secondary[0] == min(key for key, value in others.items() if value == smallest)
    else:
        assert secondary == []


@given(cells=cells_strategy, extra=st.integers(1, 30), threshold=st.integers(2, 11))
def test_overlapping_breakdowns_only_get_primary_suppression(cells, extra, threshold):
    """Cells that add up to more than the total (a pupil in several cells) are never secondarily suppressed."""
    published = breakdown_publish(cells, total=max(sum(cells.values()) - extra, 0), threshold=threshold)
    assert "x" not in published.values()
    assert published == {key: count_publish(value, threshold=threshold) for key, value in cells.items()}
