"""A paper as a listing gives it: the unit that readers produce and extractors read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from datetime import date, datetime

from kg import schema


@dataclass
class Record:
    title: str
    abstract: str = ""
    #: Where it came from: "listing-file-name:line" (names, not paths, so ids and
    #: provenance are the same on every machine).
    source: str = ""
    arxiv_id: str | None = None
    url: str | None = None
    date_text: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    upvotes: int | None = None
    #: The listing's values of paper properties the schema declares (a `merge` rule)
    #: that have no field above, by name: a property added to kg/schema.py is read from
    #: JSON lines, merged, stored and exported without a field of its own here.
    more: dict = field(default_factory=dict)

    def get(self, name: str):
        """The listing's value of a paper property, a field or one of `more`."""
        return getattr(self, name) if name in _FIELD_SET else self.more.get(name)

    @property
    def id(self) -> str:
        return schema.paper_id(self.arxiv_id, self.title, self.abstract, self.source)

    def to_dict(self) -> dict:
        # the fields by name, not dataclasses.asdict: asdict deep-copies every value, a
        # cost `kg extract` paid once a paper (the one list, authors, is copied here)
        given = chain(((name, getattr(self, name)) for name in _FIELDS), self.more.items())
        return {
            name: list(value) if isinstance(value, list) else value
            for name, value in given
            if value not in (None, [], "")
        } | {"id": self.id}

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        known = {k: data[k] for k in _FIELDS if k in data}
        return cls(**known, more=more_properties(data))


#: Record's own fields (`more` holds the rest).
_FIELDS = tuple(name for name in Record.__dataclass_fields__ if name != "more")
_FIELD_SET = frozenset(_FIELDS)
#: The schema's listing properties that Record has no field for, read by name.
MORE_PROPERTIES = tuple(name for name in schema.PAPER_MERGE_RULES if name not in _FIELDS)


def more_properties(data: dict) -> dict:
    """The values `data` (a listing's JSON object) gives for MORE_PROPERTIES, each of
    its schema kind; ValueError names the first that is not."""
    more = {}
    for name in MORE_PROPERTIES:
        value = data.get(name)
        if value in (None, "", []):
            continue
        kind = schema.PROPERTY_TYPES[name]
        if not schema.holds(kind, value, name):
            raise ValueError(f"field {name!r} is not {kind} (the schema's kind for it)")
        more[name] = value
    return more


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def parse_date(text: str | None) -> str | None:
    """ISO date for 'Jan 20, 2023', '2023-01-20', '2023-01-20T10:00:00Z'; None when the
    text lacks a year (listings write 'Apr 13' for this year, which we do not guess)."""
    if not text:
        return None
    text = text.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if iso:
            return date(*map(int, iso.groups())).isoformat()
        written = re.match(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$", text)
        if written and written.group(1).lower() in _MONTHS:
            month = _MONTHS[written.group(1).lower()]
            return date(int(written.group(3)), month, int(written.group(2))).isoformat()
    except ValueError:
        return None
    return None


def now_iso() -> str:
    return datetime.now().date().isoformat()
