"""Texts shaped to make extraction super-linear, for the tests and `bench/record_cost.py`.

Each shape is a phrase that, repeated without a sentence break, once cost extraction
the square of its length in time or memory (issue #20): an abbreviation defined over
and over, a chain of comparisons, a run of results, datasets in brackets, lists after
"experiments on", links, proposals.  `shaped_text` repeats one to a given length;
the hypothesis strategies of test_record_cost.py mix them.
"""

from __future__ import annotations

#: name -> a function of i giving the i-th repeat (numbered so names differ).
SHAPES = {
    "abbreviation": lambda i: "Alpha Beta Gamma (ABG) and ",
    "abbreviations-distinct": lambda i: f"Alpha Beta Gamma {i} (ABG{i}) and ABG{i // 2} ",
    "abbreviation-redefined": lambda i: f"Alpha Bravo{i} Golf (ABG) with ",
    "comparisons": lambda i: f"M{i}Net outperforms M{i + 1}Net on ImageNet ",
    "comparisons-bare": lambda i: f"M{i}Net outperforms M{i + 1}Net ",
    "results": lambda i: "84.2% top-1 accuracy on ImageNet, ",
    "datasets": lambda i: f"on the Foo{i} dataset (FD{i}) and the Bar{i} corpus 2017, ",
    "lists": lambda i: f"experiments on Set{i}, Set{i + 1} and Set{i + 2} ",
    "links": lambda i: f"https://github.com/o{i}/n{i} and ",
    "proposals": lambda i: f"we propose Xnet{i}, a novel framework for image classification; ",
    "parentheses": lambda i: "(" * (i % 7) + "A (B) " + ")" * (i % 5),
}


def shaped_text(shape: str, size: int, full_stops: bool = False) -> str:
    """`shape` repeated to `size` characters, one sentence (or one per repeat)."""
    make, parts, length, i = SHAPES[shape], [], 0, 0
    while length < size:
        part = make(i) + (". " if full_stops else "")
        parts.append(part)
        length += len(part)
        i += 1
    return "".join(parts)[:size]
