"""OUTPERFORMS on sentences written for these tests: hedges are not wins, and what
follows the beaten systems (the setting) is not beaten."""
from __future__ import annotations

import pytest

from kg.pipeline import build_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def wins(nlp, text):
    doc = nlp(text)
    mentions = doc._.kg_mentions
    return [(mentions[r.head].text, mentions[r.tail].text)
            for r in doc._.kg_relations if r.type == "OUTPERFORMS"]


@pytest.mark.parametrize("text", [
    "KiteNet is comparable to if not better than SwinV2 on ImageNet.",
    "KiteNet matches or exceeds ConvNeXt-L on every split.",
    "KiteNet performs on par with, or better than, SwinV2.",
    "KiteNet does not outperform DINOv2 on ADE20K.",
    "KiteNet may outperform DINOv2 when data is scarce.",
    "KiteNet helps GlowNet outperform or match DINOv2 on most tasks.",
])
def test_hedges_are_not_wins(nlp, text):
    assert wins(nlp, text) == []


def test_the_setting_after_the_beaten_systems_is_not_beaten(nlp):
    assert wins(nlp, "We propose KiteNet. KiteNet outperforms SwinV2 and ConvNeXt across a diverse "
                     "set of LLM architectures such as Mistral.") == [("KiteNet", "SwinV2"), ("KiteNet", "ConvNeXt")]
    assert wins(nlp, "KiteNet surpasses DETR by 4 AP on COCO with RT-DETR features.") == [("KiteNet", "DETR")]


def test_a_plain_win_over_a_list_is_each_a_win(nlp):
    assert wins(nlp, "KiteNet achieves better detection results than DETR, YOLOv8 and RT-DETR.") == \
        [("KiteNet", "DETR"), ("KiteNet", "YOLOv8"), ("KiteNet", "RT-DETR")]
