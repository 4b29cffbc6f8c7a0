from hypothesis import given
from hypothesis import strategies as st

from trygg.situational_picture import rules


def test_trend__needs_both_relative_and_absolute_change():
    # Baseline 4: the margin is max(2, 25 % of 4 = 1) = 2.
    assert rules.trend(6, [4, 4, 4, 4]) == rules.UP
    assert rules.trend(5, [4, 4, 4, 4]) == rules.FLAT
    assert rules.trend(2, [4, 4, 4, 4]) == rules.DOWN
    assert rules.trend(3, [4, 4, 4, 4]) == rules.FLAT


def test_trend__large_baseline_uses_relative_margin():
    # Baseline 20: the margin is 25 % of 20 = 5.
    assert rules.trend(24, [20] * 4) == rules.FLAT
    assert rules.trend(25, [20] * 4) == rules.UP
    assert rules.trend(15, [20] * 4) == rules.DOWN


def test_trend__from_nothing_two_observations_is_up():
    assert rules.trend(2, [0, 0, 0, 0]) == rules.UP
    assert rules.trend(1, [0, 0, 0, 0]) == rules.FLAT
    assert rules.trend(0, []) == rules.FLAT


@given(st.integers(0, 500), st.lists(st.integers(0, 500), min_size=4, max_size=4))
def test_trend__mirrors_around_the_baseline(current, previous):
    result = rules.trend(current, previous)
    assert result in (rules.UP, rules.DOWN, rules.FLAT)
    if current == rules.mean(previous):
        assert result == rules.FLAT


def test_wrong_direction__exact_thresholds():
    base = [1] * 12  # 12 in 12 weeks -> 4 per 4 weeks
    assert rules.flag_baseline(base) == 4
    assert rules.wrong_direction([3, 2, 2, 2], base) is True  # 9: +5 and +125 %
    assert rules.wrong_direction([2, 2, 2, 2], base) is False  # 8: only +4


def test_wrong_direction__large_baseline_needs_25_percent():
    base = [10] * 12  # 40 per 4 weeks
    assert rules.wrong_direction([12, 12, 13, 12], base) is False  # 49: +9 but only +22.5 %
    assert rules.wrong_direction([13, 12, 13, 12], base) is True  # 50: +25 %


def test_wrong_direction__empty_base_needs_five():
    assert rules.wrong_direction([1, 1, 1, 1], [0] * 12) is False
    assert rules.wrong_direction([2, 1, 1, 1], [0] * 12) is True


def test_needs_larger_efforts__both_conditions():
    assert rules.needs_larger_efforts(50, 40) is True
    assert rules.needs_larger_efforts(49, 40) is False
    assert rules.needs_larger_efforts(14, 5) is False  # +180 % but only +9
    assert rules.needs_larger_efforts(10, 0) is True


def test_change_percent__none_without_comparison():
    assert rules.change_percent(5, 0) is None
    assert rules.change_percent(15, 10) == 50


def test_trend__unfinished_week__compared_with_the_same_share_of_a_week():
    assert rules.trend(5, [10, 10, 10, 10]) == "down"  # a whole week
    assert rules.trend(5, [10, 10, 10, 10], elapsed=0.5) == "flat"  # half the week: 5 of an expected 5
    assert rules.trend(2, [10, 10, 10, 10], elapsed=0.5) == "down"
    assert rules.trend(9, [10, 10, 10, 10], elapsed=0.5) == "up"
    assert rules.trend(9, [10, 10, 10, 10], elapsed=0.1) == "early"  # not even a day: nothing to say
