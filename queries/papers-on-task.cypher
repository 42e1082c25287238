// name: papers-on-task
// answers: Which papers address a task, named by its name or any alias, newest first.
// param: task (string): the task's name or an alias, any case (e.g. image classification)
WITH toLower($task) AS wanted
MATCH (p:Paper)-[:ADDRESSES]->(t:Task)
WHERE toLower(t.name) = wanted OR any(a IN t.aliases WHERE toLower(a) = wanted)
RETURN p.id AS paper, p.date AS date, p.title AS title
ORDER BY date DESC, paper
