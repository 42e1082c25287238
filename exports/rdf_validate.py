"""`kg validate`: check an RDF export against paperkg's SHACL shapes.

pyshacl is the reference, but it checked 894k triples (a 5k-paper export) in 12.5
minutes and 1.3 GB; the 75k export holds 12.9 M.  So by default the checking is done
by pyshacl-turbo, a Rust SHACL engine with pyshacl's API and report (it passes
pyshacl's own test suite), and the export is handed to it in chunks of subjects: each
chunk is validated for its own focus nodes only (`focus_nodes`), so memory stays
bounded and two processes share the work.

A chunk gives the same verdict for its subjects as the whole graph does only when the
shapes read nothing beyond what the chunk carries: each subject's own triples, the
rdf:type of every node they point at (for sh:class; only the classes sh:class names and
those rdfs:subClassOf triples name), every rdfs:subClassOf triple, and for a reified
statement (rdf:subject/predicate/object) the triple it states.  `unchunkable_reason`
walks the shapes and names the first construct that reads further (a path that is not
one predicate, a property shape on value nodes, an unknown SPARQL constraint, a target
that is not a subject, ...); such shapes, and data with blank nodes, are validated
whole instead, never silently in part.  The tests hold the result to pyshacl's on the
seed export and on graphs with planted violations of every constraint kind.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from itertools import product
from contextlib import contextmanager
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib import RDF, RDFS, SH, BNode, Literal, URIRef
from rdflib.collection import Collection

from exports import rdf
from exports.rdf_ontology import _DIRECT_TRIPLE_STATED, SHAPES_FILE
from exports.rdf_read import check_input, parse_with_rdflib
from kg.errors import KGError
from kg.progress import Progress

try:  # wheels for Python 3.11 and later only
    import pyshacl_turbo
except ModuleNotFoundError:
    pyshacl_turbo = None

ENGINES = ("turbo", "pyshacl")
#: Canonical N-Triples per chunk: ~25k triples.  pyshacl-turbo's cost per triple
#: grows with the chunk (its focus-node selection compares the given focus nodes with
#: the targets one by one), so small chunks are cheaper (bench/README.md).
CHUNK_BYTES = 4 * 2**20


#: Constraint parameters that read the node they apply to and nothing else.
_NODE_LOCAL = {
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH.languageIn,
}
#: Parameters that read the focus node's own values (sh:path is one predicate).
_FOCUS_VALUES = {
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.equals,
    SH.disjoint,
    SH.closed,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
}
#: Descriptions that change no verdict.
_NOT_CONSTRAINTS = {
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.path,
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    RDFS.label,
    RDFS.comment,
}
_LISTS_OF_SHAPES = (SH["or"], SH["and"], SH.xone)


@dataclass(frozen=True)
class ValidationResult:
    """One result of the report, as pyshacl's report graph states it."""

    focus: str
    path: str | None
    component: str
    value: str | None
    severity: str
    message: str | None


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    text: str
    results: list[ValidationResult] = field(default_factory=list)
    engine: str = "turbo"
    #: How the data were handed to the engine: "chunks of N subjects" or "whole (why)".
    mode: str = "whole"

    def as_json(self) -> dict:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "engine": self.engine,
            "mode": self.mode,
            "results": [asdict(result) for result in self.results],
        }


def validate(
    path: str,
    fmt: str | None = None,
    allow_remote: bool = False,
    engine: str = "turbo",
    shapes: str | Path = SHAPES_FILE,
    chunks: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the RDF file at `path` against `shapes` with `engine` (see the module)."""
    if engine not in ENGINES:
        raise KGError(f"unknown SHACL engine {engine!r} (one of: {', '.join(ENGINES)})")
    progress = progress or Progress(enabled=False)
    fmt = rdf.format_for(path, fmt)
    check_input(path, fmt, allow_remote)
    if engine == "pyshacl":
        progress.phase("reading the RDF (rdflib)")
        data = parse_with_rdflib(path, fmt, allow_remote)
        progress.phase("validating (pyshacl)")
        with _quiet_ill_formed_literals():
            conforms, graph, text = pyshacl.validate(
                data, shacl_graph=str(shapes), inference="none", advanced=True, inplace=True
            )
        return ValidationReport(
            bool(conforms), len(data), text, report_results(graph), engine="pyshacl", mode="whole"
        )

    if pyshacl_turbo is None:
        raise KGError(
            "pyshacl-turbo is not installed (it needs Python 3.11+): pip install "
            "'paperkg[rdf]', or give --engine pyshacl"
        )
    shapes_graph = rdflib.Graph().parse(str(shapes), format="turtle")
    reason = unchunkable_reason(shapes_graph)
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as folder:
        progress.phase("reading the RDF (Oxigraph)")
        canonical = Path(folder) / "data.nt"
        _write_canonical(path, fmt, canonical)
        if reason is None:
            try:
                return _validate_chunks(canonical, shapes, _classes(shapes_graph), chunks, workers, progress)
            except _BlankNode:
                reason = "the data hold blank nodes, which cannot be named across chunks"
        progress.phase(f"validating whole (pyshacl-turbo; {reason})")
        with open(canonical, encoding="utf-8", newline="\n") as handle:
            text = handle.read()
    conforms, results, body = _TurboChunk(str(shapes))(text, None)
    return ValidationReport(
        conforms, _distinct(text), _report_text(conforms, results, [body]), results, mode=f"whole ({reason})"
    )


def _write_canonical(path: str, fmt: str, out: Path) -> None:
    """The RDF file as N-Triples in Oxigraph's form: one triple a line, its three terms
    apart by one space (no space inside an IRI or blank node label), so lines can be
    cut and routed as text."""
    try:
        with open(out, "wb") as handle:
            ox.serialize(ox.parse(path=path, format=rdf.FORMATS[fmt]), handle, format=ox.RdfFormat.N_TRIPLES)
    except ValueError as exc:
        if "named graphs" in str(exc):
            raise KGError(f"{path}: holds named graphs; kg validate checks one graph") from None
        raise KGError(f"{path}: not readable as {fmt} ({str(exc).splitlines()[0]})") from None
    except (SyntaxError, OSError) as exc:
        raise KGError(f"{path}: not readable as {fmt} ({str(exc).splitlines()[0]})") from None


# which shapes can be checked chunk by chunk --------------------------------------
def unchunkable_reason(shapes: rdflib.Graph) -> str | None:
    """Why a chunk (see the module) may not decide these shapes as the whole graph
    would, or None when it always does."""
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.targetClass))):
        for target in (SH.targetNode, SH.targetObjectsOf, SH.target):
            if (shape, target, None) in shapes:
                return f"{_name(shapes, shape)} has {_name(shapes, target)}: its focus nodes need not be subjects"
        reason = _shape_reason(shapes, shape, on_focus=True)
        if reason:
            return reason
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)) - set(shapes.objects(None, SH.property)):
        return f"{_name(shapes, shape)}: a property shape of its own (not under a node shape)"
    return None


def _shape_reason(
    shapes: rdflib.Graph, shape, on_focus: bool, is_property: bool = False, depth: int = 0
) -> str | None:
    """Why `shape` reads beyond a chunk, or None.  `on_focus`: it applies to a chunk's
    subject (whose triples the chunk holds) rather than to a value node (whose rdf:type
    alone it holds); `is_property`: a property shape under such a node shape."""
    if depth > 20:
        return f"{_name(shapes, shape)}: shapes nested deeper than 20"
    for parameter, value in sorted(shapes.predicate_objects(shape)):
        where = f"{_name(shapes, shape)} {_name(shapes, parameter)}"
        if parameter in _NODE_LOCAL or parameter in _NOT_CONSTRAINTS or parameter == SH["class"]:
            continue  # the node itself, or its rdf:type triples, which travel with the chunk
        if parameter in _FOCUS_VALUES:
            if not (is_property or on_focus):
                return f"{where}: reads the triples of a value node"
            continue
        members = []
        if parameter in _LISTS_OF_SHAPES:
            members = list(Collection(shapes, value))
        elif parameter in (SH.node, SH["not"], SH.qualifiedValueShape):
            members = [value]
        elif parameter == SH.property:
            if is_property or not on_focus:
                return f"{where}: reads the triples of a value node"
            if not isinstance(shapes.value(value, SH.path), URIRef):
                return f"{_name(shapes, value)}: its sh:path is not one predicate"
            reason = _shape_reason(shapes, value, on_focus=False, is_property=True, depth=depth + 1)
            if reason:
                return reason
            continue
        elif parameter == SH.sparql:
            query = shapes.value(value, SH.select)
            if (
                is_property
                or not on_focus
                or query is None
                or str(query).strip() != _DIRECT_TRIPLE_STATED.strip()
            ):
                return f"{where}: a SPARQL constraint other than the direct-triple check"
            continue
        elif str(parameter).startswith(str(SH)):
            return f"{where}: not known to read only the chunk"
        # a property shape's members apply to each value node; a node shape's to its node
        for member in members:
            reason = _shape_reason(shapes, member, on_focus=on_focus and not is_property, depth=depth + 1)
            if reason:
                return reason
    return None


def _classes(shapes: rdflib.Graph) -> set[str]:
    """The classes the shapes' sh:class constraints name, as N-Triples terms: with the
    classes the data's rdfs:subClassOf triples name, the only rdf:type triples of a
    value node that a chunkable shape reads."""
    return {f"<{cls}>" for cls in shapes.objects(None, SH["class"]) if isinstance(cls, URIRef)}


def _name(shapes: rdflib.Graph, node) -> str:
    return node.n3(shapes.namespace_manager) if not isinstance(node, BNode) else "a blank shape"


# chunks --------------------------------------------------------------------------
class _BlankNode(Exception):
    """The data hold a blank node: chunks cannot name it as a focus node."""


_TYPE = f"<{RDF.type}>"
_SUBCLASS_OF = f"<{RDFS.subClassOf}>"
_STATEMENT_PARTS = (f"<{RDF.subject}>", f"<{RDF.predicate}>", f"<{RDF.object}>")


@dataclass
class _Context:
    """What the shapes read beside a chunk's own triples (see the module), gathered in
    one pass over the whole file: every node's rdf:type among the classes sh:class
    reads, the rdfs:subClassOf triples, and the triples that reified statements may
    state (those whose predicate some statement names), as N-Triples lines."""

    types: dict[str, list[str]] = field(default_factory=dict)
    subclass: list[str] = field(default_factory=list)
    stated: set[str] = field(default_factory=set)


def _route(canonical: Path, folder: Path, chunks: int, classes: set[str]) -> tuple[list[Path], _Context]:
    """Split the canonical N-Triples into `chunks` files by subject (every triple of a
    subject in one file) and gather the context, with the rdf:type triples of the
    `classes` that sh:class reads and of any class an rdfs:subClassOf triple names;
    returns the files and the context."""
    context, predicates, names = _Context(), set(), {}
    paths = [folder / f"chunk-{number}.nt" for number in range(chunks)]
    outs = [open(chunk, "w", encoding="utf-8") for chunk in paths]
    try:
        with open(canonical, encoding="utf-8", newline="\n") as lines:
            for line in lines:
                subject, predicate, rest = line.split(" ", 2)
                if subject[0] == "_" or rest[0] == "_":
                    raise _BlankNode()
                outs[hash(subject) % chunks].write(line)
                if predicate == _TYPE:
                    cls = rest[:-3]
                    context.types.setdefault(subject, []).append(names.setdefault(cls, cls))
                elif predicate == _SUBCLASS_OF:
                    context.subclass.append(line)
                elif predicate == _STATEMENT_PARTS[1]:
                    predicates.add(rest[:-3])
    finally:
        for out in outs:
            out.close()
    read = classes | {term for line in context.subclass for term in _terms(line)}
    context.types = {
        node: kept for node, types in context.types.items() if (kept := [cls for cls in types if cls in read])
    }
    if predicates:
        with open(canonical, encoding="utf-8", newline="\n") as lines:
            context.stated = {line for line in lines if line.split(" ", 2)[1] in predicates}
    return paths, context


def _terms(line: str) -> tuple[str, str]:
    """The subject and object of a canonical N-Triples line."""
    subject, _, rest = line.split(" ", 2)
    return subject, rest[:-3]


def _chunk(path: Path, context: _Context) -> tuple[str, list[str], int]:
    """(N-Triples text, focus IRIs, distinct triples of its own) of one chunk: its
    subjects' triples, the rdf:type of every node they point at (as the context holds
    them), the rdfs:subClassOf triples, and the triples its statements state where the
    data hold them."""
    with open(path, encoding="utf-8", newline="\n") as handle:
        text = handle.read()
    subjects: dict[str, tuple[list, list, list]] = {}
    pointed_at = set()
    lines = text.split("\n")[:-1]  # a literal's line breaks are escaped in N-Triples
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        obj = rest[:-2]
        parts = subjects.get(subject)
        if parts is None:
            parts = subjects[subject] = ([], [], [])
        if obj[0] == "<":
            pointed_at.add(obj)
        if predicate in _STATEMENT_PARTS:
            parts[_STATEMENT_PARTS.index(predicate)].append(obj)
    extra = list(context.subclass)
    for node in pointed_at:
        if node not in subjects:
            extra.extend(f"{node} {_TYPE} {cls} .\n" for cls in context.types.get(node, ()))
    for parts in subjects.values():
        extra.extend(
            line for line in (f"{s} {p} {o} .\n" for s, p, o in product(*parts)) if line in context.stated
        )
    return text + "".join(extra), [subject[1:-1] for subject in subjects], len(set(lines))


def _distinct(text: str) -> int:
    """The triples of canonical N-Triples text, each once (a file may state a triple
    twice; a graph holds it once, as pyshacl counts)."""
    return len(set(text.split("\n")) - {""})


def _validate_chunks(
    canonical: Path, shapes, classes: set[str], chunks: int | None, workers: int | None, progress: Progress
) -> ValidationReport:
    chunks = chunks or max(1, math.ceil(canonical.stat().st_size / CHUNK_BYTES))
    workers = workers or min(2, os.cpu_count() or 1)
    progress.phase("splitting by subject")
    paths, context = _route(canonical, canonical.parent, chunks, classes)
    canonical.unlink()
    progress.phase("validating (pyshacl-turbo)", total=len(paths), unit="chunk")
    conforms, results, bodies, triples = True, [], [], 0
    engines = threading.local()

    def check(path: Path):
        if not hasattr(engines, "turbo"):  # one compiled program per thread
            engines.turbo = _TurboChunk(str(shapes))
        text, focus, distinct = _chunk(path, context)
        path.unlink()
        return *engines.turbo(text, focus), distinct

    # Threads, not processes: the engine runs in Rust without the GIL, while another
    # thread cuts the next chunk.
    with ThreadPoolExecutor(workers, thread_name_prefix="kg-validate") as pool:
        for chunk_conforms, chunk_results, body, distinct in pool.map(check, paths):
            conforms &= chunk_conforms
            triples += distinct
            results.extend(chunk_results)
            bodies.append(body)
            progress.update()
    return ValidationReport(
        conforms,
        triples,
        _report_text(conforms, results, bodies),
        sorted(results, key=_result_order),
        mode=f"{chunks} chunks by subject",
    )


class _TurboChunk:
    """pyshacl-turbo with the shapes compiled once, validating N-Triples text (parsed
    in Rust, never as an rdflib Graph) for the given focus nodes (None: all)."""

    def __init__(self, shapes: str):
        self._input = pyshacl_turbo.Input
        self._program = pyshacl_turbo.compile_shapes(shapes, shacl_graph_format="turtle", advanced=True)

    def __call__(self, text: str, focus: list[str] | None):
        # rdflib logs a traceback for each ill-formed literal it reads back from the
        # report (an "x"^^xsd:integer); the report states them as results already.
        with _quiet_ill_formed_literals():
            conforms, graph, report = self._program.validate(
                self._input(text, "nt", None, {}), focus_nodes=focus
            )
        return bool(conforms), report_results(graph), _report_body(report)


@contextmanager
def _quiet_ill_formed_literals():
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


# the report ----------------------------------------------------------------------
def report_results(graph: rdflib.Graph) -> list[ValidationResult]:
    """The results of a SHACL report graph, sorted."""

    def text(node):
        return None if node is None else node.n3() if not isinstance(node, Literal) else str(node)

    results = []
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        value = graph.value(result, SH.value)
        results.append(
            ValidationResult(
                focus=graph.value(result, SH.focusNode).n3(),
                path=text(graph.value(result, SH.resultPath)),
                component=str(graph.value(result, SH.sourceConstraintComponent)),
                value=None if value is None else value.n3(),
                severity=str(graph.value(result, SH.resultSeverity)),
                message=text(graph.value(result, SH.resultMessage)),
            )
        )
    return sorted(results, key=_result_order)


def _result_order(result: ValidationResult) -> tuple:
    return tuple(str(value) for value in asdict(result).values())


def _report_body(report: str) -> str:
    """A chunk's text report without its three header lines (pyshacl's layout:
    "Validation Report", "Conforms: ...", "Results (N):")."""
    lines = report.splitlines(keepends=True)
    return "".join(lines[3:]) if len(lines) > 2 and lines[2].startswith("Results (") else ""


def _report_text(conforms: bool, results: list, bodies: list[str]) -> str:
    """One text report in pyshacl's layout from the chunks' results."""
    head = f"Validation Report\nConforms: {conforms}\n"
    if conforms:
        return head
    return head + f"Results ({len(results)}):\n" + "".join(bodies)
