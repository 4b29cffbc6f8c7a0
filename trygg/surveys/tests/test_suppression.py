"""Reliability J4/J5: small groups are hidden, and no two published nested groups differ by 1..k-1."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.surveys.selectors.suppression import build_tree, published_groups

leaves_strategy = st.dictionaries(
    keys=st.tuples(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=3)),
    values=st.integers(min_value=0, max_value=40), min_size=1, max_size=18)


def _leaf_sets(tree):
    return {key: frozenset(tree.cells(key)) for key in tree.counts}


@settings(max_examples=400, deadline=None)
@given(leaves=leaves_strategy, areas=st.lists(st.integers(min_value=1, max_value=3), min_size=6, max_size=6),
       k=st.integers(min_value=2, max_value=10), by_grade=st.booleans())
def test_suppression__published_nested_groups__never_differ_by_less_than_k(leaves, areas, k, by_grade):
    area_of = {school: areas[school - 1] for school in range(1, 7)}
    tree = build_tree(leaves, area_of, grades=[1, 2, 3] if by_grade else ())
    published = published_groups(tree, k)
    members = _leaf_sets(tree)
    for key in published:
        assert tree.counts[key] >= k
    for outer, inner in combinations(published, 2):
        if members[inner] < members[outer]:
            big, small = outer, inner
        elif members[outer] < members[inner]:
            big, small = inner, outer
        else:
            continue
        difference = tree.counts[big] - tree.counts[small]
        assert difference == 0 or difference >= k, (big, small, difference)
    # a published group minus the sum of any of its published parts (in the school hierarchy or by grade)
    for key in published:
        parts = ([tree.children[key]] if tree.children.get(key) else []) + tree.other_partitions.get(key, [])
        for part in parts:
            kids = [c for c in part if c in published]
            for size in range(1, len(kids) + 1):
                for subset in combinations(kids, size):
                    difference = tree.counts[key] - sum(tree.counts[c] for c in subset)
                    assert difference == 0 or difference >= k


def test_suppression__one_small_grade__hides_its_sibling_but_keeps_the_school():
    tree = build_tree({(1, 5): 30, (1, 8): 3}, {1: 10})
    published = published_groups(tree, 5)
    assert ("school", 1) in published and ("area", 10) in published
    assert ("cell", 1, 8) not in published
    assert ("cell", 1, 5) not in published  # 33 - 30 would reveal the 3


def test_suppression__small_school__hides_a_sibling_school_and_its_grades():
    tree = build_tree({(1, 5): 15, (1, 8): 15, (2, 5): 3}, {1: 10, 2: 10})
    published = published_groups(tree, 5)
    assert ("area", 10) in published
    assert not {("school", 1), ("school", 2), ("cell", 1, 5), ("cell", 1, 8)} & published


def test_suppression__grade_across_schools__only_as_the_sum_of_published_cells():
    # school 4 has 3 pupils in grade 8 only: hidden, and with it the smallest other school of its area (5)
    leaves = {(1, 5): 20, (2, 5): 20, (3, 5): 20, (1, 8): 12, (2, 8): 12, (3, 8): 12, (4, 8): 3, (5, 8): 10}
    tree = build_tree(leaves, {1: 10, 2: 10, 3: 11, 4: 11, 5: 11}, grades=[5, 8])
    published = published_groups(tree, 5)
    assert {("cell", 4, 8), ("cell", 5, 8)}.isdisjoint(published)
    assert ("grade", 5) in published and tree.counts[("grade", 5)] == 60  # every grade-5 cell is published
    assert ("grade", 8) not in published  # 49 pupils, but it would add the hidden 13 to the published 36


def test_suppression__grade_groups_change_nothing_in_the_school_tree():
    leaves = {(1, 5): 20, (2, 5): 7, (1, 8): 12, (2, 8): 3, (3, 8): 9}
    area_of = {1: 10, 2: 10, 3: 11}
    plain = published_groups(build_tree(leaves, area_of), 5)
    with_grades = published_groups(build_tree(leaves, area_of, grades=[5, 8]), 5)
    assert {key for key in with_grades if key[0] != "grade"} == plain
