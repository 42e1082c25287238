"""What one record may cost, in one place.

A listing is written by someone else: one abstract can hold a megabyte of text with
no full stop, a phrase repeated thousands of times, or a chain of comparisons in one
"sentence".  Every extraction step is linear in the text it is given, and these
limits bound what it is given, so that any record of up to MAX_RECORD_CHARS costs
about the same as a long real abstract (`bench/record_cost.py` prints the figures).
The longest abstract of the 75k-paper arXiv corpus has 3,488 characters; nothing
real comes near these limits, and whatever goes past one is said in a warning.
"""

from __future__ import annotations

#: A record longer than this is not a paper: readers skip it with a warning.
MAX_RECORD_CHARS = 1_000_000
#: A "title" longer than this is an abstract out of place.
MAX_TITLE_CHARS = 500
#: Characters of a field (title, abstract) that extraction reads; a longer field is
#: kept whole on the paper, its first MAX_EXTRACTED_CHARS are extracted, and the
#: extraction says so (`PaperExtraction.cut`).
MAX_EXTRACTED_CHARS = 50_000
#: A "sentence" longer than this (text without full stops) is read as pieces of at
#: most this many characters, cut at a space: comparisons and results pair names
#: within a sentence, which would otherwise cost the square of its length, and each
#: mention's evidence is its sentence.
MAX_SENTENCE_CHARS = 2_000
#: Relations (OUTPERFORMS, EXTENDS) kept from one field; the rest are dropped and the
#: extraction says so.  Real abstracts state a handful.
MAX_RELATIONS = 1_000
