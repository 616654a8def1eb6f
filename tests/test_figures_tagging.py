"""The figures extractor tags the words after its numbers together, ahead of reading units.

Tagging costs mostly per pass of the model, not per word, so a word first asked about
while units are read (tagged alone, in a pass of its own) costs as much as the words of a
whole paper tagged together. These tests count passes, not time: the tags themselves are
the whole pipeline's (tests/test_figures.py).
"""

from __future__ import annotations

import pytest

from extractors import figures
from extractors import nlp as nlp_module
from extractors.readers import read_document
from tests.conftest import CORPUS, REALWORLD

PAPERS = sorted(CORPUS.glob("*.pdf")) + (sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else [])


@pytest.fixture
def model():
    model = nlp_module.load_nlp("model")
    if not nlp_module.has_tags(model):
        pytest.skip("the spaCy model package is not installed")
    return model


@pytest.fixture
def passes(monkeypatch):
    """The tagging passes made, each marked ahead (by `tag_ahead`) or not (a word asked about later)."""
    made: list[bool] = []
    ahead = [False]
    tag_pieces, tag_ahead = nlp_module._tag_pieces, nlp_module.tag_ahead

    def counted_pieces(nlp, stretches):
        made.append(ahead[0])
        return tag_pieces(nlp, stretches)

    def marked_ahead(*args, **kwargs):
        ahead[0] = True
        try:
            return tag_ahead(*args, **kwargs)
        finally:
            ahead[0] = False

    monkeypatch.setattr(nlp_module, "_tag_pieces", counted_pieces)
    monkeypatch.setattr(figures, "tag_ahead", marked_ahead)
    return made


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in PAPERS])
def test_figures_ask_only_about_words_tagged_ahead(model, passes, path, monkeypatch):
    """In the corpus and real-world papers, no word is tagged after the words tagged ahead:
    the numbers whose units are read are found by the same tests on the same sentences.
    (Before, the numbers opening a list item ("1. To keep ...", read as a sentence "1.")
    were each tagged in a pass of their own: 17 passes for the 35 PDFs.)"""
    monkeypatch.setenv(nlp_module.ENV_VAR, "model")
    document = read_document(path)
    figures.extract_figures(document, None)
    assert all(passes), f"{passes.count(False)} words tagged after the words tagged ahead"


def test_figures_stretches_whose_context_overlaps_are_tagged_as_one(model):
    """Two numbers a few words apart share their context: one cut is tagged, not two."""
    doc = next(nlp_module.split_sentences(["In 2023 there were 345 referrals to the panel, of which 41 were "
                                           "adopted and 12 closed, from 9 schools and 3 colleges in the area; "
                                           "over the year 120 staff and 30 volunteers were trained by the team."],
                                          model))
    tags = nlp_module.Tags(doc, model)
    context = nlp_module.tag_context(model)
    first, second = 4, 4 + nlp_module.TAG_STRETCH + context  # cuts [first - context, ...] meet
    assert tags._stretches([first, second]) == [(first, second + nlp_module.TAG_STRETCH)]
    far = second + nlp_module.TAG_STRETCH + 2 * context + 1
    assert far < len(doc)
    assert len(tags._stretches([first, far])) == 2


def test_figures_the_text_kept_for_each_doc_is_its_text(model):
    """Sentences are cut from the text a Doc was made from, which spaCy keeps character for character."""
    texts = ["Over 3,000  front line staff\twere trained.\n\n93% of schools; £1.9 million.  ", " 12 ", "a\u00a0b 4"]
    for text, doc in zip(texts, nlp_module.split_sentences(texts, model)):
        assert doc.text == text
        assert [text[s.start_char:s.end_char] for s in doc.sents] == [s.text for s in doc.sents]
