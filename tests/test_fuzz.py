"""Property-based fuzzing (hypothesis) of every reader and of the default extraction
pipeline: hostile text never escapes as a traceback.  A reader yields records or
InputErrors naming file and line, or stops with one InputError; well-formed input of
any content reads back exactly.  Each test runs >= 1,000 generated inputs and records
how many it tried (printed under "reliability figures" at the end of the run)."""

from __future__ import annotations

import gzip
import json
import random
from xml.sax.saxutils import escape

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import record_figure
from kg.store import store
from kg.errors import InputError
from kg.model.graph_model import GraphModel
from extractors.pipeline import FIELDS, build_nlp, extract, tokenisable
from kg.readers import FORMATS, READERS, read_inputs
from kg.records import Record

EXAMPLES_PER_TEST = 1000
FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
PATH, NAME = "/fuzz/listing.txt", "listing.txt"

# --- hostile text ---------------------------------------------------------------------
#: Characters that have broken text tools: line and paragraph separators str.splitlines
#: honours, NUL, BOM, zero-width and bidi controls, the highest code point, and the
#: characters listings and LaTeX use as syntax.
SPECIALS = tuple(
    "\r\n\t\x00\x01\x0b\x0c\x1b\x1c\x1d\x1e\x7f\x85\xa0\u2028\u2029\ufeff"
    "\u200b\u202e\U0010ffff{}\\_()[]'\"<>&;:#/.,\u00b7\u2022\u00e9"
) + ("\r\n",)
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     "


def to_text(data: bytes, pieces: tuple[str, ...] = SPECIALS) -> str:
    """Hypothesis-drawn bytes as hostile text.  Drawing one byte string and mapping it
    is ~10x cheaper than drawing characters one by one, which is what lets every test
    run 1,000 inputs in seconds.  A byte below 128 is a letter, digit or space; up to
    200 one of `pieces`; above, it and the next two bytes make any code point."""
    out, index = [], 0
    while index < len(data):
        byte = data[index]
        index += 1
        if byte < 128:
            out.append(ASCII[byte % len(ASCII)])
        elif byte < 200:
            out.append(pieces[byte % len(pieces)])
        else:
            point = (byte % 17) << 16 | int.from_bytes(data[index : index + 2].ljust(2, b"\0"), "big")
            index += 2
            out.append("\ufffd" if 0xD800 <= point <= 0xDFFF else chr(point))
    return "".join(out)


def _with_token(text: str, token: str | None, at: int) -> str:
    return text if token is None else text[:at] + token + text[at:]


def enormous(pieces: tuple[str, ...] = SPECIALS):
    """A unit of 1-3 hostile characters (or a URL start) repeated into 1k-20k characters."""
    unit = st.one_of(
        st.binary(min_size=1, max_size=3).map(lambda b: to_text(b, pieces) or "a"),
        st.just("https://github.com/"),
    )
    return st.builds(lambda u, times: (u * times)[:20_000], unit, st.integers(1_000, 20_000))


def hostile(pieces: tuple[str, ...] = SPECIALS, max_size: int = 160):
    """Hostile text, one in four times with an enormous token inside."""
    return st.builds(
        _with_token,
        st.binary(max_size=max_size).map(lambda b: to_text(b, pieces)),
        st.one_of(st.none(), st.none(), st.none(), enormous(pieces)),
        st.integers(0, max_size),
    )


hostile_text = hostile()
#: A title has something in it besides white space.
titled_text = st.builds(str.__add__, st.sampled_from("AQZéж"), hostile_text)
#: A file's line endings: LF and CRLF mixed line by line (as edits on two systems leave
#: them), or old-Mac CR throughout (a lone CR before an empty LF line would be a CRLF).
line_ends = st.one_of(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=1, max_size=5), st.just(["\r"]))


def join_lines(lines: list[str], ends: list[str], final: bool) -> str:
    """Lines joined by a mix of line endings, with or without a final one."""
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        if index < len(lines) - 1 or final:
            out.append(ends[index % len(ends)])
    return "".join(out)


mixed_lines = st.builds(join_lines, st.lists(hostile_text, max_size=8), line_ends, st.booleans())


def normalised(text: str) -> str:
    return " ".join(text.split())


# --- the checks ------------------------------------------------------------------------
def check_error(error: InputError, path: str = PATH) -> None:
    message = str(error)
    assert error.path == path and message.startswith(path)
    assert "\n" not in message and "\r" not in message, message


def read_checked(fmt: str, text: str) -> list[Record]:
    """Read `text` with the `fmt` reader, checking every outcome is a clean one."""
    records = []
    try:
        for item in READERS[fmt](text, NAME, PATH):
            if isinstance(item, InputError):
                check_error(item)
                assert item.line is None or item.line >= 1
                continue
            assert isinstance(item, Record)
            assert isinstance(item.title, str) and item.title == normalised(item.title) != ""
            assert isinstance(item.abstract, str)
            assert item.source.startswith(NAME + ":")
            records.append(item)
    except InputError as error:
        check_error(error)
    return records


@pytest.fixture
def tried(request):
    """Counts the inputs a fuzz test ran (the test adds 1 per input); after the test,
    records the figure and checks the bar of EXAMPLES_PER_TEST."""
    count = [0]
    yield count
    record_figure(f"fuzz {request.node.name}: {count[0]} generated inputs tried")
    assert count[0] >= EXAMPLES_PER_TEST


# --- JSON Lines -------------------------------------------------------------------------
def _json_value(rng: random.Random, text: str, depth: int = 0):
    """A random JSON value whose strings are slices of hostile `text`."""
    kind = rng.randrange(7 if depth < 4 else 5)
    cut = rng.randrange(len(text) + 1)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-(2**80), 2**80)
    if kind == 2:
        return rng.uniform(-1e300, 1e300)
    if kind in (3, 4):
        return text[:cut] if kind == 3 else text[cut:]
    if kind == 5:
        return [_json_value(rng, text[cut:], depth + 1) for _ in range(rng.randrange(4))]
    return {text[i : i + 3]: _json_value(rng, text[i:], depth + 1) for i in range(rng.randrange(4))}


json_value = st.builds(
    lambda seed, text: _json_value(random.Random(seed), text), st.integers(0, 2**32), hostile_text
)
OPTIONAL_KEYS = (
    "id",
    "arxiv_id",
    "url",
    "abs_url",
    "date",
    "published",
    "first_seen_date",
    "authors",
    "summary",
)


def _record_dict(seed: int, title, abstract, extra) -> dict:
    rng = random.Random(seed)
    record = {"title": title, "abstract": abstract}
    for key in rng.sample(OPTIONAL_KEYS, rng.randrange(len(OPTIONAL_KEYS))):
        record[key] = extra if rng.random() < 0.5 else _json_value(rng, str(extra))
    return record


record_dict = st.builds(
    _record_dict, st.integers(0, 2**32), hostile_text | json_value, hostile_text | json_value, json_value
)


def json_line(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # keeps U+2028, \x85 raw, as exports do


jsonl_line = st.one_of(
    record_dict.map(json_line),
    json_value.map(json_line),
    st.integers(1, 3_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 3_000).map(lambda depth: '{"title": ' * depth),
    st.tuples(record_dict.map(json_line), st.integers(0, 10_000)).map(lambda t: t[0][: t[1]]),
    hostile_text,
)
jsonl_text = st.builds(join_lines, st.lists(jsonl_line, max_size=12), line_ends, st.booleans())


@FUZZ
@given(text=jsonl_text)
def test_fuzz_jsonl_reader(tried, text):
    """Records, nested and truncated JSON, hostile lines, mixed line ends."""
    tried[0] += 1
    read_checked("jsonl", text)


good_record = st.fixed_dictionaries({"title": titled_text, "abstract": hostile_text})


@given(st.lists(good_record, min_size=1, max_size=8), line_ends, st.booleans())
@settings(FUZZ, max_examples=300)
def test_jsonl_reads_back_every_good_record_whatever_its_characters(papers, ends, final):
    text = join_lines([json_line(p) for p in papers], ends, final)
    records = read_checked("jsonl", text)
    assert [r.title for r in records] == [normalised(p["title"]) for p in papers]
    assert [r.abstract for r in records] == [normalised(p["abstract"]) for p in papers]


# --- Daily Papers pages -----------------------------------------------------------------
def _plain_words(data: bytes) -> str:
    """A title- or abstract-like line: capitalised words of letters (a leading "Q" keeps
    it clear of the pages' boilerplate lines)."""
    letters = "".join("abcdefghijklmnopqrstuvwxyz "[b % 27] for b in data)
    return "Q" + " ".join(letters.split())


plain_words = st.binary(min_size=1, max_size=60).map(_plain_words)
#: An abstract reads as prose (a page whose abstracts never do is not a listing).
prose_words = plain_words.map(lambda words: f"{words} and then some words of prose")
paper = st.tuples(plain_words, prose_words, st.integers(1, 999), st.integers(0, 9_999))
#: The pages' own boilerplate, as the two layouts save it (the compact one glues
#: "Subscribe" to the first title).
BLOCKS_HEADER = [
    "new",
    "",
    "Get trending papers in your email inbox!",
    "",
    "Subscribe",
    "",
    "Daily Papers",
    "",
    "byAK and the research community",
    "",
    "Apr 13",
    "",
]
COMPACT_HEADER = [
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
]


def blocks_page(with_header: bool, papers, ends: list[str]) -> str:
    lines = BLOCKS_HEADER[:] if with_header else []
    for title, abstract, authors, upvotes in papers:
        lines += [
            title,
            "",
            abstract,
            "",
            f"  \u2022 {authors} authors",
            "\u00b7",
            f"Jan 5, 2024 {upvotes}",
            "",
        ]
    return join_lines(lines, ends, True)


def compact_page(with_header: bool, papers, ends: list[str]) -> str:
    lines = [t for title, abstract, *_ in papers for t in (title, abstract)]
    if with_header:
        lines = COMPACT_HEADER + ["Subscribe" + lines[0]] + lines[1:]
    return join_lines(lines, ends, True)


@FUZZ
@given(text=mixed_lines)
def test_fuzz_daily_reader_on_hostile_text(tried, text):
    tried[0] += 1
    read_checked("daily", text)


def _hostile_page(layout, with_header, papers, ends, noise, at):
    page = layout(with_header, papers, ends)
    return page[:at] + noise + page[at:]


damaged_page = st.builds(
    _hostile_page,
    st.sampled_from([blocks_page, compact_page]),
    st.booleans(),
    st.lists(paper, min_size=1, max_size=6),
    line_ends,
    hostile_text,
    st.integers(0, 2_000),
)


@FUZZ
@given(text=damaged_page)
def test_fuzz_daily_reader_on_damaged_pages_of_both_layouts(tried, text):
    tried[0] += 1
    read_checked("daily", text)


@given(st.booleans(), st.lists(paper, min_size=1, max_size=8), line_ends)
@settings(FUZZ, max_examples=300)
def test_daily_reads_back_both_layouts_with_any_line_ends(with_header, papers, ends):
    blocks = read_checked("daily", blocks_page(with_header, papers, ends))
    assert [(r.title, r.abstract, r.author_count, r.upvotes, r.date) for r in blocks] == [
        (t, a, n, u, "2024-01-05") for t, a, n, u in papers
    ]
    compact = read_checked("daily", compact_page(with_header, papers, ends))
    assert [(r.title, r.abstract) for r in compact] == [(t, a) for t, a, *_ in papers]


# --- arXiv Atom -------------------------------------------------------------------------
def _xml_legal(text: str) -> str:
    return "".join(
        c
        for c in text
        if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
    )


xml_text = hostile_text.map(_xml_legal)
entry = st.tuples(xml_text, xml_text, st.sampled_from(["", "http://arxiv.org/abs/2301.01234v2", "urn:x"]))


def feed(entries, ends: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">']
    for title, summary, ident in entries:
        lines += [
            "<entry>",
            f"<id>{ident}</id>",
            f"<title>{escape(title)}</title>",
            f"<summary>{escape(summary)}</summary>",
            "<author><name>A. Author</name></author>",
            "</entry>",
        ]
    return join_lines(lines + ["</feed>"], ends, True)


def _damaged_feed(entries, ends, cut, noise, where):
    text = feed(entries, ends)
    return {
        "cut": text[:cut],
        "noise": text[:cut] + noise + text[cut:],
        "doctype": text.replace("<feed", '<!DOCTYPE feed [<!ENTITY x "y">]><feed', 1)
        if where == "doctype"
        else text,
    }[where]


feeds = st.one_of(
    st.builds(feed, st.lists(entry, max_size=6), line_ends),
    st.builds(
        _damaged_feed,
        st.lists(entry, max_size=6),
        line_ends,
        st.integers(0, 3_000),
        hostile_text,
        st.sampled_from(["cut", "noise", "doctype"]),
    ),
    mixed_lines.map(lambda t: "<feed " + t),
)


@FUZZ
@given(text=feeds)
def test_fuzz_atom_reader(tried, text):
    """Valid, truncated, noisy and DOCTYPE feeds, and text that only starts like one."""
    tried[0] += 1
    read_checked("atom", text)


@given(st.lists(entry, min_size=1, max_size=6), line_ends)
@settings(FUZZ, max_examples=300)
def test_atom_reads_back_every_titled_entry(entries, ends):
    records = read_checked("atom", feed(entries, ends))
    assert [(r.title, r.abstract) for r in records] == [
        (normalised(t), normalised(s)) for t, s, _ in entries if normalised(t)
    ]


# --- whole files: bytes in any encoding, through read_inputs ----------------------------
encoded = st.one_of(
    st.binary(max_size=3_000),
    st.tuples(
        st.one_of(jsonl_text, mixed_lines),
        st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]),
    ).map(lambda t: t[0].encode(t[1], errors="replace")),
    jsonl_text.map(lambda t: gzip.compress(t.encode(), mtime=0)),
)


@FUZZ
@given(
    data=encoded,
    fmt=st.sampled_from([None, *FORMATS]),
    suffix=st.sampled_from([".jsonl", ".txt", ".xml", ".gz"]),
)
def test_fuzz_files_through_read_inputs(tried, tmp_path, data, fmt, suffix):
    """Raw bytes in any encoding (or gzip'd) as a file, through the CLI's reading path."""
    tried[0] += 1
    path = tmp_path / f"listing{suffix}"
    path.write_bytes(data)
    try:
        for record in read_inputs([str(path)], fmt=fmt):
            assert record.title == normalised(record.title) != ""
    except InputError as error:
        check_error(error, str(path))


# --- the default extraction pipeline ----------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    return build_nlp()  # the default pipeline: components added later are fuzzed too


LINK_PIECES = SPECIALS + (
    "https://github.com/",
    "github.com/a/b",
    "https://huggingface.co/",
    "www.",
    "http://",
    "\\url{",
    ".git",
    ". ",
    "gitlab.com/x/y",
)
pipeline_text = hostile(LINK_PIECES, max_size=300)
record = st.builds(
    Record,
    title=st.builds(str.__add__, st.sampled_from("AQZéж"), pipeline_text),
    abstract=pipeline_text,
    source=st.just("fuzz.jsonl:1"),
)


@FUZZ
@given(records=st.lists(record, min_size=1, max_size=3))
def test_fuzz_default_pipeline_and_graph(tried, nlp, records):
    """Extraction by the default pipeline, then the graph model and the store."""
    if tried[0] == 0:
        record_figure(f"fuzzed pipeline components: {nlp.pipe_names}")
    tried[0] += 1
    extractions = list(extract(records, nlp))
    assert [e.paper for e in extractions] == records
    model = GraphModel()
    for extraction in extractions:
        for mention in extraction.mentions:
            assert mention.field in FIELDS
            seen = tokenisable(getattr(extraction.paper, mention.field))
            assert 0 <= mention.start <= mention.end <= len(seen)
            assert mention.text == seen[mention.start : mention.end]
        for relation in extraction.relations:
            assert 0 <= relation.head < len(extraction.mentions)
            assert 0 <= relation.tail < len(extraction.mentions)
        model.add_extraction(extraction)
    data = store.dumps(model.graph)
    assert store.dumps(store.from_document(orjson.loads(store.decompress(data)))) == data
