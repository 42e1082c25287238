"""Code links: repositories (GitHub, GitLab, Bitbucket, Hugging Face) and project pages
named in an abstract, normalised so that every way of writing one link meets.  A
project page (any other host, "*.github.io") is found but makes no HAS_CODE fact: it
shows the work, it is not its code.

Abstracts write links in many shapes: a trailing period, ".git", LaTeX braces
(`\\url{...}`, `x{https://...}`), `\\_` for `_`, "www.", text glued in front of
"https://", and sub-paths like `/tree/main/src` (kept as a property of the link to
the repository root).  Links to papers (arXiv, DOI) are references, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors import names
from extractors.base import RuleComponent, declare, mention, results, store, text_of
from extractors.scanning import case_blind_matches
from kg import schema

CODE_HOSTS = {
    "github.com": "code",
    "gitlab.com": "code",
    "bitbucket.org": "code",
    "huggingface.co": "model",
    "hf.co": "model",
}
#: Hugging Face path prefixes naming what kind of thing the link is.
HF_KINDS = {"datasets": "dataset", "spaces": "demo"}
#: Hosts whose links cite papers rather than code or project pages.
REFERENCE_HOSTS = {
    "arxiv.org",
    "doi.org",
    "dx.doi.org",
    "aclanthology.org",
    "openreview.net",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "ieeexplore.ieee.org",
    "dl.acm.org",
    "link.springer.com",
    "scholar.google.com",
    "creativecommons.org",
}

_URL_BODY = r"[^\s{}<>\"'`|\\^]*(?:\\_[^\s{}<>\"'`|\\^]*)*"
#: A scheme anywhere (text may be glued in front), or a bare "www." / code host.
URL = re.compile(
    rf"(?:https?://{_URL_BODY}"
    rf"|(?<![\w.@/])(?:www\.{_URL_BODY}"
    rf"|(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/{_URL_BODY}))",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\")]}*"


@dataclass(frozen=True)
class CodeLink:
    start: int  # character span of the link as written
    end: int
    url: str  # normalised root: https://github.com/owner/name
    host: str
    kind: str  # code | model | dataset | demo | page
    subpath: str | None  # e.g. "tree/main/src" below the root


def _trim(text: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL, keeping a ")" that
    closes a "(" inside it."""
    while text and text[-1] in _TRAILING:
        if text[-1] == ")" and text.count("(") >= text.count(")"):
            break
        text = text[:-1]
    return text


def normalise(raw: str) -> CodeLink | None:
    """A link as written -> its normalised form; None for references and non-links."""
    text = raw.replace("\\_", "_").replace("\\~", "~")
    text = re.sub(r"^[a-z]+://", "", text, flags=re.I)
    host, _, path = text.partition("/")
    host = host.lower().split(":")[0].rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or host in REFERENCE_HOSTS or not re.fullmatch(r"[a-z0-9.\-]+", host):
        return None
    parts = [p for p in path.split("?")[0].split("#")[0].split("/") if p]
    if host in CODE_HOSTS:
        kind = CODE_HOSTS[host]
        host = "huggingface.co" if host == "hf.co" else host
        if host == "huggingface.co" and parts and parts[0] in HF_KINDS:
            kind = HF_KINDS[parts[0]]
            prefix, parts = [parts[0]], parts[1:]
        else:
            prefix = []
        if len(parts) < 2 if host != "huggingface.co" else len(parts) < 1:
            return None
        keep = 2 if len(parts) >= 2 else 1
        owner_name = parts[:keep]
        owner_name[-1] = re.sub(r"\.git$", "", owner_name[-1], flags=re.I)
        root = "/".join([host] + prefix + owner_name)
        subpath = "/".join(parts[keep:]) or None
        return CodeLink(0, 0, f"https://{root}", host, kind, subpath)
    page = "/".join([host] + parts)
    return CodeLink(0, 0, f"https://{page}", host, "page", None)


#: Where a URL match can open, in lower case: a case-blind alternation with no literal to
#: skip to is tried at every position of a text, and nearly no text holds a link.
_URL_OPENINGS = ("http", "www.", "github.com/", "gitlab.com/", "bitbucket.org/", "huggingface.co/")


def find_links(text: str) -> list[CodeLink]:
    links = []
    for match in case_blind_matches(URL, text, _URL_OPENINGS):
        written = _trim(match.group(0))
        link = normalise(written)
        if link is None:
            continue
        start = match.start()
        links.append(CodeLink(start, start + len(written), link.url, link.host, link.kind, link.subpath))
    return links


declare("code_links")


class CodeLinkFinder(RuleComponent):
    """spaCy component: `doc._.code_links` and a Repository mention per link."""

    def match(self, doc: Doc) -> list[CodeLink]:
        return find_links(text_of(doc)) if "/" in text_of(doc) else []

    def set_annotations(self, doc: Doc, links: list[CodeLink]) -> None:
        store(doc, "code_links", links)
        mentions = results(doc, "kg_mentions")
        for link in links:
            mentions.append(
                mention(
                    doc,
                    schema.REPOSITORY,
                    link.start,
                    link.end,
                    self.name,
                    self.confidence,
                    # a project page is no code (the card guidelines): a mention, no fact
                    role=None if link.kind == "page" else "HAS_CODE",
                    attrs={"url": link.url, "host": link.host, "kind": link.kind, "subpath": link.subpath},
                )
            )


@Language.factory(names.CODE_LINKS, default_config={"confidence": 0.95})
def make_code_link_finder(nlp: Language, name: str, confidence: float) -> CodeLinkFinder:
    return CodeLinkFinder(nlp, name, confidence)
