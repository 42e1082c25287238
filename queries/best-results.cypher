// name: best-results
// answers: The best (highest) reported value per dataset and metric, with how many results were reported there.
// param: limit (int, default 20): how many dataset and metric pairs, most reported first
MATCH (p:Paper)-[r:REPORTS]->(b:Benchmark)
WHERE r.value IS NOT NULL AND b.metric IS NOT NULL
RETURN b.dataset AS dataset, b.metric AS metric, max(r.value) AS best, count(r) AS results
ORDER BY results DESC, dataset, metric
LIMIT $limit
