// name: paper-neighbourhood
// answers: Everything a paper points to within two hops: its concepts, code and benchmarks, and what those link to (benchmark task/dataset/metric, methods a proposed method outperforms or extends).
// (paths: how many directed paths of one or two edges reach the node.)
// param: paper (paper): the paper's id, an id it had before its arXiv id, or its arXiv id (e.g. arxiv:2301.01234 or 2301.01234v2; see `kg show`)
MATCH (p:Paper {id: $paper})-[*1..2]->(x)
RETURN x.label AS label, x.id AS node, x.name AS name, COUNT(p) AS paths
ORDER BY label, node
