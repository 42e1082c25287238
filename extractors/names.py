"""The names of paperkg's spaCy components, in one place and without importing spaCy.

A name is a factory's registered name, the `component` each mention keeps as its
provenance, and the first part of a confidence kind (extractors/data/confidence.tsv):
spelled once here, so that a rule testing where a mention came from cannot drift from
the factory that made it.
"""

CODE_LINKS = "paperkg_code_links"
ABBREVIATIONS = "paperkg_abbreviations"
LEXICON = "paperkg_lexicon"
PATTERNS = "paperkg_patterns"
CONCEPTS = "paperkg_concepts"
DATASET_SPANS = "paperkg_dataset_spans"
RESULTS = "paperkg_results"
COMPARISONS = "paperkg_comparisons"
CONFIDENCE = "paperkg_confidence"
#: Added last when the pipeline has a trained `ner`: its entities join the rules' mentions.
TRAINED_NER = "paperkg_trained_ner"
#: Not a component: the provenance of the tasks a paper's title states (extractors.topics).
TOPICS = "paperkg_topics"

#: Components added to every pipeline, in order.  Each is a registered spaCy factory.
DEFAULT_COMPONENTS = (
    CODE_LINKS,
    ABBREVIATIONS,
    LEXICON,
    PATTERNS,
    CONCEPTS,
    DATASET_SPANS,
    RESULTS,
    COMPARISONS,
    CONFIDENCE,
)
