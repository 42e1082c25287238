"""What the README says works embedded does, and what it says does not, does not
(so the README's list stays true when grand-cypher changes)."""
import pytest

from graphs import full_schema_graph
from kg.errors import KGError
from kg.query_embedded import cypher_view, run

WORKS = {
    "labels and maps": "MATCH (p:Paper {id: 'arxiv:2401.00001'})-[:PROPOSES]->(m:Method) RETURN m.name",
    "incoming edge": "MATCH (m:Method {name: 'FastNet'})<-[r]-(p:Paper) RETURN p.id",
    "type alternation": "MATCH (p:Paper)-[:USES|EVALUATES_ON]->(d:Dataset) RETURN d.name",
    "variable length": "MATCH (p:Paper {id: 'arxiv:2401.00001'})-[*1..2]->(x) RETURN x.id",
    "several MATCH": "MATCH (p:Paper)-[:PROPOSES]->(m:Method) MATCH (p)-[:HAS_CODE]->(r:Repository) RETURN m.name, r.url",
    "WHERE ops": "MATCH (m:Method) WHERE (m.name STARTS WITH 'Fast' OR m.name CONTAINS 'Slow') AND NOT m.name = 'x' RETURN m.name",
    "IN list": "MATCH (m:Method) WHERE m.name IN ['FastNet', 'ResNet'] RETURN m.name",
    "IS NULL": "MATCH (p:Paper)-[h:HAS_CODE]->(r) WHERE h.subpath IS NULL RETURN p.id",
    "EXISTS": "MATCH (p:Paper) WHERE EXISTS { MATCH (p)-[:HAS_CODE]->(r:Repository) } RETURN p.id",
    "functions": "MATCH (p:Paper)-[r]->(x) RETURN type(r), toLower(x.name), size(p.authors), coalesce(r.subpath, 'none')",
    "aggregates": "MATCH (p:Paper)-[r:REPORTS]->(b) RETURN b.id AS b, COUNT(p) AS n, SUM(r.value) AS s, AVG(r.value) AS a, MIN(r.value) AS lo, MAX(r.value) AS hi, COLLECT(p.id) AS ps ORDER BY n DESC, b",
    "DISTINCT SKIP LIMIT": "MATCH (p:Paper)-[]->(d:Dataset) RETURN DISTINCT d.name ORDER BY d.name SKIP 1 LIMIT 1",
}
FAILS = {
    "undirected edge": "MATCH (m:Method {name: 'FastNet'})-[r]-(p:Paper) RETURN p.id",
    "undirected edge, short": "MATCH (m:Method)--(p:Paper) RETURN p.id",
    "OPTIONAL MATCH": "OPTIONAL MATCH (m:Method) RETURN m.name",
    "WITH": "MATCH (m:Method) WITH m RETURN m.name",
    "UNWIND": "UNWIND [1, 2] AS x RETURN x",
    "count(*)": "MATCH (m:Method) RETURN COUNT(*) AS n",
    "comma patterns": "MATCH (p:Paper), (m:Method) RETURN p.id, m.id",
    "value IN list property": "MATCH (p:Paper) WHERE 'A. Author' IN p.authors RETURN p.id",
    "count(DISTINCT x)": "MATCH (m:Method) RETURN m.label AS l, COUNT(DISTINCT m) AS n",
    "lower-case aggregate": "MATCH (m:Method) RETURN m.label AS l, count(m) AS n",
    "list expression in RETURN": "MATCH (m:Method) RETURN [m.name, m.id] AS pair",
    "DISTINCT with aliases": "MATCH (m:Method) RETURN DISTINCT m.name AS name ORDER BY name",
}


@pytest.fixture(scope="module")
def graph():
    return cypher_view(full_schema_graph())


@pytest.mark.parametrize("feature", WORKS)
def test_documented_feature_works_embedded(graph, feature):
    _, rows = run(graph, WORKS[feature])
    assert rows, feature


@pytest.mark.parametrize("feature", FAILS)
def test_documented_gap_is_a_one_line_error(graph, feature):
    with pytest.raises(KGError) as error:
        run(graph, FAILS[feature])
    assert "\n" not in str(error.value)
