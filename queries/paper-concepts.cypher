// name: paper-concepts
// answers: What a paper proposes, uses, introduces, evaluates on and addresses; the paper named by its id or words of its title.
// param: paper (paper_or_title): the paper's id in any form (as for related-papers) or words of its title, any case (e.g. 2301.01234 or "sharpness-aware")
MATCH (p:Paper)-[r:PROPOSES|USES|INTRODUCES|EVALUATES_ON|ADDRESSES]->(x)
WHERE p.id = $paper OR toLower(p.title) CONTAINS toLower($paper)
RETURN p.id AS paper, type(r) AS role, x.label AS label, x.name AS concept
ORDER BY paper, role, label, concept
