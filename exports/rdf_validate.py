"""`kg validate`: check an RDF export against paperkg's SHACL shapes with pyshacl."""
from __future__ import annotations

from dataclasses import dataclass

import pyshacl

from exports.rdf_ontology import SHAPES_FILE
from exports.rdf_read import parse_with_rdflib


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    text: str


def validate(path: str, fmt: str | None = None, allow_remote: bool = False) -> ValidationReport:
    data = parse_with_rdflib(path, fmt, allow_remote)
    triples = len(data)
    conforms, _, text = pyshacl.validate(data, shacl_graph=str(SHAPES_FILE), inference="none",
                                         advanced=True, inplace=True)
    return ValidationReport(conforms=bool(conforms), triples=triples, text=text)
