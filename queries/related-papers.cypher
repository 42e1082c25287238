// name: related-papers
// answers: Papers that share concepts or code with a paper (two hops), most shared first.
// param: paper (paper): the paper's id, an id it had before its arXiv id, or its arXiv id (e.g. arxiv:2301.01234 or 2301.01234v2; see `kg show`)
// param: limit (int, default 20): how many papers
MATCH (p:Paper {id: $paper})-[]->(x)<-[]-(q:Paper)
WHERE q.id <> p.id
RETURN q.id AS paper, q.title AS title, COUNT(x) AS shared
ORDER BY shared DESC, paper
LIMIT $limit
