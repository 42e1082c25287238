"""What every reader shares: line splitting, so that a line number means the same thing
in every message (and what it means in an editor).  (A record's size limit is in kg.limits.)

`str.splitlines` is not used: it also breaks at form feeds, \\x1c-\\x1e, \\x85, U+2028 and
U+2029, which are legal inside a JSON string and occur in pasted abstracts, so it would
cut a good JSON line in two and shift a title away from its abstract.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines of `text` split at \\n, \\r\\n or \\r, without a last empty line for a final break."""
    lines = LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def line_of_byte(data: bytes, offset: int) -> int:
    """The 1-based line, as `split_lines` counts, of byte `offset` of `data`."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
