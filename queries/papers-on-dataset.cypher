// name: papers-on-dataset
// answers: Which papers evaluate on a dataset, named by its name or any alias (COCO finds MS COCO), with the sentence that says so.
// param: dataset (string): the dataset's name or an alias, any case (e.g. ImageNet)
WITH toLower($dataset) AS wanted
MATCH (p:Paper)-[e:EVALUATES_ON]->(d:Dataset)
WHERE toLower(d.name) = wanted OR any(a IN d.aliases WHERE toLower(a) = wanted)
RETURN p.id AS paper, p.title AS title, e.sentence AS evidence
ORDER BY paper
