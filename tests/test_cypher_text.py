"""Parameter binding for the embedded engine: values are literals, never code."""
import pytest
from hypothesis import given, settings, strategies as st

from kg import cypher_text
from kg.errors import KGError


def test_parameters_inside_strings_comments_and_identifiers_are_not_parameters():
    query = "MATCH (n:`$a`) // $b\nWHERE n.x = '$c' AND n.y = $d /* $e */ RETURN n.z AS `$f`"
    assert cypher_text.parameters(query) == ["d"]


def test_bound_value_is_one_literal_whatever_it_contains():
    hostile = 'x"}) DETACH DELETE n RETURN 1 // `y` \\ \n \u2028'
    bound = cypher_text.bind_literals("MATCH (n {name: $v}) RETURN n.id", {"v": hostile})
    tokens = [t for t in cypher_text.tokenize(bound) if t.kind == "string"]
    assert len(tokens) == 1 and cypher_text.decode_string(tokens[0].text) == hostile
    assert "DETACH" not in bound.replace(tokens[0].text, "")


def test_missing_parameter_and_unterminated_string_are_one_line_errors():
    with pytest.raises(KGError, match=r"missing parameter \$v"):
        cypher_text.bind_literals("RETURN $v", {})
    with pytest.raises(KGError, match="unterminated"):
        cypher_text.tokenize("RETURN 'abc")


def test_write_keywords_ignore_properties_labels_and_strings():
    assert cypher_text.write_keywords("MATCH (n:Create {set: 'DELETE'}) RETURN n.merge") == []
    assert cypher_text.write_keywords("MATCH (n) DETACH DELETE n") == ["DETACH", "DELETE"]
    assert cypher_text.write_keywords("match (n) set n.x = 1") == ["SET"]


def test_return_columns_follow_neo4j_naming():
    query = "MATCH (p) RETURN DISTINCT p.id, type(r) AS t, COUNT(p) ORDER BY t LIMIT 3"
    assert cypher_text.return_columns(query) == ["p.id", "t", "COUNT(p)"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_string_literal_round_trips_through_cypher_decoding(value):
    literal = cypher_text.literal(value)
    tokens = cypher_text.tokenize(literal)
    assert len(tokens) == 1 and tokens[0].kind == "string"
    assert cypher_text.decode_string(literal) == value


def test_undirected_relationships_are_told_from_arrows_and_arithmetic():
    assert cypher_text.has_undirected_relationship("MATCH (a)-[r:X {k: '-'}]-(b) RETURN a")
    assert cypher_text.has_undirected_relationship("MATCH (a)--(b) RETURN a")
    for directed in ("MATCH (a)-[r]->(b) RETURN a", "MATCH (a)<-[*1..2]-(b) RETURN a",
                     "MATCH (a)-->(b) RETURN a", "MATCH (a) RETURN (a.x) - (a.y)",
                     "MATCH (a {n: '(x)--(y)'}) RETURN a"):
        assert not cypher_text.has_undirected_relationship(directed), directed


def test_server_properties_keep_primitives_and_refuse_what_neo4j_cannot_store():
    from kg.server_store import server_properties

    assert server_properties({"a": "x", "b": [1, 2.5], "c": None, "d": [], "__labels__": {"P"}}, "n") == \
        {"a": "x", "b": [1, 2.5], "d": []}
    for bad in ({"a": {"k": 1}}, {"a": [1, "x"]}, {"a": [[1]]}, {"a": [None]}):
        with pytest.raises(KGError, match="cannot store"):
            server_properties(bad, "node n")
