// name: co-occurring-concepts
// answers: Concepts (methods, datasets, tasks, metrics) that appear in the same papers as a given one.
// param: concept (string): the concept's name, any case (e.g. ImageNet)
// param: limit (int, default 20): how many concepts
MATCH (a)<-[:PROPOSES|USES|INTRODUCES|EVALUATES_ON|ADDRESSES]-(p:Paper)-[:PROPOSES|USES|INTRODUCES|EVALUATES_ON|ADDRESSES]->(b)
WHERE toLower(a.name) = toLower($concept) AND a.id <> b.id
RETURN b.id AS concept_id, b.label AS label, b.name AS concept, COUNT(p) AS papers
ORDER BY papers DESC, concept_id
LIMIT $limit
