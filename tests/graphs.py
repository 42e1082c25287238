"""A small graph holding every label and edge type of kg/schema.py, made through the
real GraphModel API from hand-written extractions (the extractors' output contract),
so that query tests do not depend on what the extractors find today.

Names are invented from general knowledge; some are hostile on purpose (quotes,
backticks, braces, Cypher keywords) so that every store must treat them as data.
"""

from __future__ import annotations

from kg import schema
from extractors.mentions import Mention, PaperExtraction, Relation, Result
from kg.model.graph_model import GraphModel
from kg.records import Record

HOSTILE_METHOD = "Net\"}) DETACH DELETE n //`x`'s"


def _extraction(
    arxiv_id: str,
    title: str,
    concepts: list[tuple[str, str, str | None]],
    relations=(),
    results=(),
    repo: str | None = None,
) -> PaperExtraction:
    """concepts: (label, name, role) in order; relations: (type, head, tail, attrs);
    results: (dataset, task, metric, method, value, unit) as indexes into concepts."""
    sentence = f"{title}."
    record = Record(
        title=title,
        abstract=f"We study {title}.",
        arxiv_id=arxiv_id,
        source=f"hand:{arxiv_id}",
        authors=["A. Author", "B. Author"],
        author_count=2,
    )
    mentions = [
        Mention(
            label=label,
            text=name,
            start=0,
            end=len(name),
            field="abstract",
            sentence=sentence,
            component="hand",
            confidence=0.9,
            role=role,
        )
        for label, name, role in concepts
    ]
    if repo:
        mentions.append(
            Mention(
                label=schema.REPOSITORY,
                text=repo,
                start=0,
                end=len(repo),
                field="abstract",
                sentence=sentence,
                component="hand",
                confidence=1.0,
                role="HAS_CODE",
                attrs={"url": repo, "host": "github.com", "kind": "code"},
            )
        )
    return PaperExtraction(
        paper=record,
        mentions=mentions,
        relations=[
            Relation(
                type=t,
                head=h,
                tail=tl,
                start=0,
                end=5,
                field="abstract",
                sentence=sentence,
                component="hand",
                confidence=0.8,
                attrs=attrs,
            )
            for t, h, tl, attrs in relations
        ],
        results=[
            Result(
                dataset=d,
                task=t,
                metric=m,
                method=me,
                value=v,
                unit=u,
                start=0,
                end=5,
                field="abstract",
                sentence=sentence,
                component="hand",
                confidence=0.7,
            )
            for d, t, m, me, v, u in results
        ],
    )


def full_schema_graph(model: GraphModel | None = None):
    """The hand-written papers (added to `model`'s graph when given)."""
    model = model or GraphModel()
    model.add_extraction(
        _extraction(
            "2401.00001",
            "FastNet for image classification",
            [
                ("Method", "FastNet", "PROPOSES"),
                ("Dataset", "ImageNet", "EVALUATES_ON"),
                ("Task", "image classification", "ADDRESSES"),
                ("Metric", "top-1 accuracy", "USES"),
                ("Method", "ResNet", "USES"),
            ],
            relations=[
                ("OUTPERFORMS", 0, 4, {"dataset": "ImageNet", "metric": "top-1 accuracy"}),
                ("EXTENDS", 0, 4, {}),
            ],
            results=[(1, 2, 3, 0, 81.5, "%"), (1, 2, 3, 4, 76.1, "%")],
            repo="https://github.com/example/fastnet",
        )
    )
    model.add_extraction(
        _extraction(
            "2401.00002",
            "SlowNet revisited",
            [
                ("Method", "SlowNet", "PROPOSES"),
                ("Dataset", "ImageNet", "EVALUATES_ON"),
                ("Dataset", "CIFAR-10", "EVALUATES_ON"),
                ("Task", "image classification", "ADDRESSES"),
                ("Metric", "top-1 accuracy", "USES"),
                ("Method", "FastNet", "USES"),
            ],
            relations=[("OUTPERFORMS", 0, 5, {"dataset": "CIFAR-10"})],
            results=[(2, 3, 4, 0, 93.2, "%"), (1, 3, 4, 0, 74.0, "%")],
            repo="https://github.com/example/slownet",
        )
    )
    model.add_extraction(
        _extraction(
            "2401.00003",
            "A benchmark for hostile names",
            [
                ("Method", HOSTILE_METHOD, "PROPOSES"),
                ("Dataset", "Data`set} MATCH", "INTRODUCES"),
                ("Task", "question answering", "ADDRESSES"),
                ("Metric", "F1", "USES"),
                ("Method", "ResNet", "USES"),
            ],
            relations=[("OUTPERFORMS", 0, 4, {"metric": "F1", "factor": "2x faster"})],
            results=[(1, 2, 3, 0, 55.0, None)],
            repo="https://github.com/example/hostile",
        )
    )
    model.add_extraction(
        _extraction(
            "2401.00004",
            "Code only",
            [("Dataset", "CIFAR-10", "USES")],
            repo="https://github.com/example/fastnet",
        )
    )
    return model.graph


def saved_with_index(graph, path):
    """The graph saved as a graph file with its query index, as `kg build` leaves it;
    returns the path."""
    from kg.store import query_index, store
    from kg.model.graph_model import GraphModel

    digest = store.save(graph, path)
    query_index.write(graph, path, digest.hex(), GraphModel(graph).stats())
    return path
