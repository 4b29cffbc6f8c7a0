"""Small-group suppression for nested groups (pure Python, no Django).

Groups form a tree: municipality → area → school → school × grade. A group is published only if it has at
least k respondents (primary suppression). Secondary suppression: for every published group, the respondents
not covered by its published children must be 0 or at least k, otherwise the smallest published child is
suppressed together with its whole subtree, until nothing changes. Then the difference between any published
group and any published subgroup (or sum of published subgroups) is 0 or ≥ k, so subtraction never reveals a
suppressed group (reliability J5; the property is checked with Hypothesis in the tests).

Beside the tree, each grade across all schools ("Alla skolor, åk 8") is a group of its school × grade cells.
It is published only when all its cells are: it is then the sum of published figures, so it tells nobody
anything the cells did not (every difference it takes part in is a difference of published tree groups,
which the rule above keeps at 0 or ≥ k). Pooling a grade over schools whose own figures are suppressed would
need two-dimensional cell suppression, which this module does not attempt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Key = tuple[Any, ...]


@dataclass
class Tree:
    counts: dict[Key, int] = field(default_factory=dict)
    children: dict[Key, list[Key]] = field(default_factory=dict)  # the area → school → cell hierarchy
    root: Key = ("total",)
    other_partitions: dict[Key, list[list[Key]]] = field(default_factory=dict)  # total → grades → cells

    def cells(self, key: Key) -> list[Key]:
        """The school × grade cells a group is made of."""
        if key[0] == "cell":
            return [key]
        if key[0] == "grade":
            return list(self.other_partitions[key][0])
        return [d for d in self.descendants(key) if d[0] == "cell"]

    def descendants(self, key: Key) -> list[Key]:
        out: list[Key] = []
        stack = list(self.children.get(key, []))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(self.children.get(node, []))
        return out


def build_tree(leaves: Mapping[tuple[Any, int], int], area_of: Mapping[Any, Any], *,
               grades: Sequence[int] = ()) -> Tree:
    """leaves: {(school, grade): respondents}; area_of: {school: area}; grades: the grades that also get a
    municipality-wide group each (all schools' pupils in that grade)."""
    tree = Tree()
    tree.counts[tree.root] = 0
    tree.children[tree.root] = []
    for school, area in sorted(area_of.items(), key=lambda item: str(item)):
        area_key, school_key = ("area", area), ("school", school)
        if area_key not in tree.counts:
            tree.counts[area_key] = 0
            tree.children[area_key] = []
            tree.children[tree.root].append(area_key)
        tree.counts[school_key] = 0
        tree.children[school_key] = []
        tree.children[area_key].append(school_key)
    for (school, grade), n in sorted(leaves.items(), key=lambda item: str(item)):
        if ("school", school) not in tree.counts:
            continue
        cell = ("cell", school, grade)
        tree.counts[cell] = n
        tree.children[("school", school)].append(cell)
        tree.counts[("school", school)] += n
        tree.counts[("area", area_of[school])] += n
        tree.counts[tree.root] += n
    if grades:
        cells = [key for key in tree.counts if key[0] == "cell"]
        grade_keys = []
        for grade in sorted(set(grades)):
            key = ("grade", grade)
            members = [cell for cell in cells if cell[2] == grade]
            tree.counts[key] = sum(tree.counts[cell] for cell in members)
            tree.other_partitions[key] = [members]
            grade_keys.append(key)
        tree.other_partitions[tree.root] = [grade_keys]
    return tree


def published_groups(tree: Tree, k: int) -> set[Key]:
    published = {key for key, n in tree.counts.items() if n >= k}
    changed = True
    while changed:
        changed = False
        for key in list(tree.children):
            if key not in published or not tree.children.get(key):
                continue
            kids = [c for c in tree.children[key] if c in published]
            remainder = tree.counts[key] - sum(tree.counts[c] for c in kids)
            if 0 < remainder < k and kids:
                smallest = min(kids, key=lambda c: (tree.counts[c], str(c)))
                published.discard(smallest)
                published.difference_update(tree.descendants(smallest))
                changed = True
    for grade in tree.other_partitions.get(tree.root, [[]])[0]:  # a grade only as the sum of published cells
        published.discard(grade)
        cells = tree.cells(grade)
        if cells and tree.counts[grade] >= k and all(cell in published for cell in cells):
            published.add(grade)
    return published
