// name: methods-for-task
// answers: Which methods are proposed by papers that address a task.
// param: task (string): the task's name, any case (e.g. image classification)
MATCH (m:Method)<-[:PROPOSES]-(p:Paper)-[:ADDRESSES]->(t:Task)
WHERE toLower(t.name) = toLower($task)
RETURN m.name AS method, p.id AS paper, p.title AS title
ORDER BY method, paper
