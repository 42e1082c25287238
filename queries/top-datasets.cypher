// name: top-datasets
// answers: The most used datasets: papers that use, evaluate on or introduce each one.
// param: limit (int, default 20): how many datasets
MATCH (p:Paper)-[:USES|EVALUATES_ON|INTRODUCES]->(d:Dataset)
RETURN d.id AS dataset_id, d.name AS dataset, COUNT(p) AS papers
ORDER BY papers DESC, dataset_id
LIMIT $limit
