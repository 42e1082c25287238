// name: outperforms
// answers: Who outperforms whom: method pairs as papers state them, with dataset and metric when stated.
// param: limit (int, default 100): how many pairs
MATCH (a:Method)-[o:OUTPERFORMS]->(b:Method)
RETURN a.name AS winner, b.name AS loser, o.dataset AS dataset, o.metric AS metric, o.paper AS paper
ORDER BY winner, loser, paper
LIMIT $limit
