"""One record's cost is bounded (#20 bar 2): the abstracts that once cost minutes,
gigabytes or a segfault extract within generous bounds, and >= 500 generated records
of those super-linear shapes keep every limit of kg.limits.  (Time per record is
measured by bench/record_cost.py, not here.)"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, REPO, record_figure
from hostile_text import SHAPES, shaped_text
from kg.limits import MAX_EXTRACTED_CHARS, MAX_RELATIONS, MAX_SENTENCE_CHARS
from extractors.pipeline import FIELDS, build_nlp, extract
from kg.records import Record

#: The reproductions of #20, at the sizes it gives: (shape, characters).
REPRODUCTIONS = {
    "abbreviation defined over and over, 31 KB (was 272 s, 1.1 GB)": ("abbreviation", 31_000),
    "comparison chain without full stops, 29 KB (was a SIGSEGV at 4.8 GB)": ("comparisons", 29_000),
    "comparison chain without full stops, 32 KB (was 641,601 relations, 1.08 GB)": ("comparisons", 32_000),
    "results without full stops, 125 KB (was 2.5 GB)": ("results", 125_000),
    "real prose, 132k tokens in one abstract (was 90 s)": ("prose", 800_000),
}
#: Bounds far above what the reproductions now cost (bench/record_cost.py prints the
#: figures) and far below what they cost before.
CPU_SECONDS, PEAK_MB = 60, 600

_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, sys.argv[1])
    resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
    from hostile_text import shaped_text
    from extractors.pipeline import build_nlp, extract
    from kg.records import Record
    nlp = build_nlp()
    prose = [json.loads(line)["abstract"] for line in open(sys.argv[2], encoding="utf-8")]
    for name, (shape, size) in json.loads(sys.argv[3]).items():
        if shape == "prose":  # the example abstracts, their full stops dropped, on and on
            text = " ".join(prose).replace(". ", " ")
            text = (text * (size // len(text) + 1))[:size]
        else:
            text = shaped_text(shape, size)
        start = time.process_time()
        extraction = next(iter(extract([Record(title="T", abstract=text)], nlp)))
        print(json.dumps({{"name": name, "relations": len(extraction.relations),
                          "cpu": time.process_time() - start}}), flush=True)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big test
    # session would report the session's peak rather than its own
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({{"peak_mb": int(hwm.split()[1]) / 1024}}))
""")


def test_the_reproductions_extract_within_bounds(tmp_path):
    """Each reproduction of #20 in one child process capped at CPU_SECONDS: the
    abbreviation and prose shapes ran past the cap before, the comparison and
    result shapes past PEAK_MB."""
    script = _CHILD.format(cpu=CPU_SECONDS)
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(REPO / "tests"),
            str(EXAMPLES / "papers.jsonl"),
            json.dumps(REPRODUCTIONS),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=10 * CPU_SECONDS,
    )
    lines = [json.loads(line) for line in child.stdout.splitlines()]
    done = [line["name"] for line in lines if "name" in line]
    assert child.returncode == 0, f"killed (code {child.returncode}) after {done}: {child.stderr[-300:]}"
    assert done == list(REPRODUCTIONS)
    assert lines[-1]["peak_mb"] < PEAK_MB
    assert all(line["relations"] <= MAX_RELATIONS for line in lines if "name" in line)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _extract(nlp, abstract: str, title: str = "T"):
    return next(iter(extract([Record(title=title, abstract=abstract)], nlp)))


def _assert_within_limits(extraction) -> None:
    """What kg.limits promises of one paper's extraction."""
    paper = extraction.paper
    by_field = defaultdict(list)
    for m in extraction.mentions:
        assert getattr(paper, m.field)[m.start : m.end] == m.text
        assert m.end <= MAX_EXTRACTED_CHARS
        # a mention's sentence is at most two pieces (a name across a cut joins them)
        assert len(m.sentence) <= 2 * MAX_SENTENCE_CHARS + 1
        by_field[m.field].append(m)
    for field, mentions in by_field.items():
        # one string per sentence, not a copy per mention: the sentences held are at
        # most each piece alone and joined to its neighbours, linear in the text
        held = {id(m.sentence): len(m.sentence) for m in mentions}
        assert sum(held.values()) <= 3 * min(len(getattr(paper, field)), MAX_EXTRACTED_CHARS)
    for field in FIELDS:
        relations = [r for r in extraction.relations if r.field == field]
        assert len(relations) <= MAX_RELATIONS
        text = getattr(paper, field)
        assert (len(text) > MAX_EXTRACTED_CHARS) == any(
            c.startswith(f"{field}: ") and "characters" in c for c in extraction.cut
        )
    for item in extraction.relations + extraction.results:
        assert len(item.sentence) <= MAX_SENTENCE_CHARS


@pytest.mark.parametrize("shape", ["comparisons", "comparisons-bare"])
def test_a_chain_of_comparisons_gives_a_bounded_number_of_relations(nlp, shape):
    """32 KB of "MiNet outperforms Mi+1Net on ImageNet" gave 641,601 relations; the
    chain without "on ImageNet" (each cue beats every name after it) still pairs
    names within a sentence piece, past the limit, which is said."""
    extraction = _extract(nlp, shaped_text(shape, 32_000))
    _assert_within_limits(extraction)
    if shape == "comparisons":  # each cue's beaten names end at "on": about one each
        assert len(extraction.relations) <= 32_000 // len("M1Net outperforms M2Net on ImageNet ")
        return
    assert len(extraction.relations) == MAX_RELATIONS
    assert len(extraction.cut) == 1
    assert extraction.cut[0].startswith("abstract: ")
    assert extraction.cut[0].endswith(f" relations, the first {MAX_RELATIONS:,} kept")


def test_mentions_of_a_sentence_share_it(nlp):
    """ "84.2% top-1 accuracy on ImageNet, " x n: each mention copied the whole text."""
    extraction = _extract(nlp, shaped_text("results", 125_000))
    assert extraction.mentions and extraction.results
    _assert_within_limits(extraction)


def test_a_field_past_the_limit_is_extracted_up_to_it_and_said(nlp, run_kg, tmp_path):
    """The first MAX_EXTRACTED_CHARS are extracted, the record is kept whole, and
    `kg extract` warns naming the record."""
    abstract = "We evaluate SAM on ImageNet." + " Nothing to see here." * 20_000
    listing = tmp_path / "long.jsonl"
    listing.write_text(json.dumps({"title": "A long one", "abstract": abstract}) + "\n")
    result = run_kg("extract", listing, "--out", tmp_path / "m.jsonl")
    assert result.exit_code == 0
    assert f"kg: cut long.jsonl:1: abstract: {len(abstract):,} characters, the first" in result.output
    line = json.loads((tmp_path / "m.jsonl").read_text())
    assert line["paper"]["abstract"] == abstract
    assert any(m["text"] == "ImageNet" for m in line["mentions"])
    assert line["cut"] and line["cut"][0].startswith(f"abstract: {len(abstract):,} characters")
    merged = run_kg("merge", tmp_path / "m.jsonl", "--graph", tmp_path / "g.json.zst", "--json")
    assert merged.exit_code == 0, merged.output  # the mentions line, cut and all, merges
    assert json.loads(merged.stdout)["cut_reasons"] == [f"long.jsonl:1: {line['cut'][0]}"]


# --- generated records of the super-linear shapes ------------------------------------
EXAMPLES_PER_TEST = 500
_SEPARATORS = ("", " ", ", ", ". ", "; ", " (", ") ", " and ", "\n")


@st.composite
def hostile_abstracts(draw) -> str:
    """One to three shapes, each repeated to a drawn length, with or without full
    stops, joined by a drawn separator; now and then past MAX_EXTRACTED_CHARS."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(sorted(SHAPES)))
        size = draw(st.integers(0, 2_000))
        if draw(st.integers(0, 9)) == 0:  # one in ten long, some past the limit
            size *= draw(st.integers(1, 30))
        parts.append(shaped_text(shape, size, full_stops=draw(st.booleans())))
    return draw(st.sampled_from(_SEPARATORS)).join(parts)


@pytest.fixture
def tried(request):
    """Counts the records the test ran; afterwards records the figure and checks it."""
    count = [0]
    yield count
    record_figure(f"{request.node.name}: {count[0]} generated records extracted")
    assert count[0] >= EXAMPLES_PER_TEST


@settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(abstract=hostile_abstracts(), title=st.sampled_from(sorted(SHAPES)))
def test_generated_hostile_records_keep_every_limit(tried, nlp, abstract, title):
    tried[0] += 1
    _assert_within_limits(_extract(nlp, abstract, shaped_text(title, 300)))
