// name: papers-on-dataset
// answers: Which papers evaluate on a dataset, with the sentence that says so.
// param: dataset (string): the dataset's name, any case (e.g. ImageNet)
MATCH (p:Paper)-[e:EVALUATES_ON]->(d:Dataset)
WHERE toLower(d.name) = toLower($dataset)
RETURN p.id AS paper, p.title AS title, e.sentence AS evidence
ORDER BY paper
