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
    out = {}
    for key in tree.counts:
        cells = [d for d in tree.descendants(key) if d[0] == "cell"]
        out[key] = frozenset(cells if key[0] != "cell" else [key])
    return out


@settings(max_examples=400, deadline=None)
@given(leaves=leaves_strategy, areas=st.lists(st.integers(min_value=1, max_value=3), min_size=6, max_size=6),
       k=st.integers(min_value=2, max_value=10))
def test_suppression__published_nested_groups__never_differ_by_less_than_k(leaves, areas, k):
    area_of = {school: areas[school - 1] for school in range(1, 7)}
    tree = build_tree(leaves, area_of)
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
    # a published group minus the sum of its published children (any subset of them) is 0 or >= k
    for key in published:
        kids = [c for c in tree.children.get(key, []) if c in published]
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
