"""Cypher text as tokens: parameters, write clauses and column names."""

import pytest

from kg import cypher_text
from kg.errors import KGError


def test_parameters_inside_strings_comments_and_identifiers_are_not_parameters():
    query = "MATCH (n:`$a`) // $b\nWHERE n.x = '$c' AND n.y = $d /* $e */ RETURN n.z AS `$f`"
    assert cypher_text.parameters(query) == ["d"]


def test_unterminated_string_is_a_one_line_error():
    with pytest.raises(KGError, match="unterminated"):
        cypher_text.tokenize("RETURN 'abc")


def test_write_keywords_ignore_properties_labels_and_strings():
    assert cypher_text.write_keywords("MATCH (n:Create {set: 'DELETE'}) RETURN n.merge") == []
    assert cypher_text.write_keywords("MATCH (n) DETACH DELETE n") == ["DETACH", "DELETE"]
    assert cypher_text.write_keywords("match (n) set n.x = 1") == ["SET"]


def test_return_columns_follow_neo4j_naming():
    query = "MATCH (p) RETURN DISTINCT p.id, type(r) AS t, COUNT(p) ORDER BY t LIMIT 3"
    assert cypher_text.return_columns(query) == ["p.id", "t", "COUNT(p)"]


def test_server_properties_keep_primitives_and_refuse_what_neo4j_cannot_store():
    from kg.store.server_store import server_properties

    assert server_properties({"a": "x", "b": [1, 2.5], "c": None, "d": [], "__labels__": {"P"}}, "n") == {
        "a": "x",
        "b": [1, 2.5],
        "d": [],
    }
    for bad in ({"a": {"k": 1}}, {"a": [1, "x"]}, {"a": [[1]]}, {"a": [None]}):
        with pytest.raises(KGError, match="cannot store"):
            server_properties(bad, "node n")
