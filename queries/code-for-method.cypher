// name: code-for-method
// answers: Code repositories linked by the papers that propose a method.
// param: method (string): the method's name, any case (e.g. FlatFormer)
MATCH (m:Method)<-[:PROPOSES]-(p:Paper)-[h:HAS_CODE]->(r:Repository)
WHERE toLower(m.name) = toLower($method)
RETURN m.name AS method, p.id AS paper, r.url AS repository, r.kind AS kind
ORDER BY paper, repository
