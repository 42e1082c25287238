// name: leaderboard
// answers: A leaderboard-like view of reported results on a dataset: benchmark (task, metric), method, value, paper.
// param: dataset (string): the dataset's name, any case (e.g. ImageNet)
MATCH (p:Paper)-[r:REPORTS]->(b:Benchmark)-[:ON_DATASET]->(d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
RETURN b.task AS task, b.metric AS metric, r.method AS method, r.value AS value, r.unit AS unit, p.id AS paper
ORDER BY task, metric, value DESC, paper
