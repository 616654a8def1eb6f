"""Figures: counts, percentages and money, and the numbers that are not figures.

Every behaviour is checked with the small English model and with the rules-only pipeline
(`PREVENT_DOCS_NLP=blank`), since the model is an optional install.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import nlp as nlp_module
from extractors.figures import extract_figures, sentence_to_candidates
from extractors.metadata import extract_metadata
from extractors.readers import read_document
from schemas.records import DocumentMeta
from tests.documents import gold_cases, make_document, paragraph, table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


@pytest.fixture(params=["model", "blank"])
def nlp_mode(request, monkeypatch):
    """Run a test with the model pipeline and with the rules-only one."""
    monkeypatch.setenv(nlp_module.ENV_VAR, request.param)
    if request.param == "model":
        pytest.importorskip(nlp_module.MODEL, reason="the spaCy model package is not installed")
    return request.param


def figures_of(*texts: str):
    """The figures of a text paper with one paragraph a page."""
    blocks = (paragraph(text, page=index + 1) for index, text in enumerate(texts))
    return extract_figures(make_document(*blocks, fmt="txt", id_char="a"), DocumentMeta())


def values(*texts: str) -> list[float]:
    return [figure.value for figure in figures_of(*texts)]


@pytest.mark.parametrize("text,expected", [
    ("Over the past year over 3,000 front line staff were trained in Bradford.", [(3000, "front line staff", "over")]),
    ("Thirty local authority areas are classed as Prevent priority areas.", [(30, "local authority areas", None)]),
    ("Each district council has at least two WRAP trained officers.", [(2, "WRAP trained officers", "at least")]),
    ("Around 85% had actioned all of the requirements.", [(85, "%", "around")]),
    ("The Luton programme received £137m of capital funding.", [(137_000_000, "£", None)]),
    ("A £2.5 million bid and a £40k grant were agreed.", [(2_500_000, "£", None), (40_000, "£", None)]),
    ("Birmingham recorded fewer than 20 referrals from faith settings.", [(20, "referrals", "fewer than")]),
    ("The target is 95% of staff completing the e-learning.", [(95, "%", "target")]),
    ("A dozen schools in Rutland took part.", [(12, "schools", None)]),
])
def test_figures_counts_percentages_and_money(nlp_mode, text, expected):
    found = [(f.value, f.unit, f.qualifier) for f in figures_of(text)]
    assert found == expected


def test_figures_out_of_gives_both_numbers_the_same_unit(nlp_mode):
    found = figures_of("In 2018, 399 schools out of 411 completed the survey, a completion rate of 97%.")
    assert [(f.value, f.unit) for f in found] == [(399, "schools"), (411, "schools"), (97, "%")]


@pytest.mark.parametrize("text", [
    "Section 26 of the Counter-Terrorism and Security Act 2015 places a duty on specified authorities.",
    "Guidance is issued under s29 of the Act.",
    "Contest 3.0 excerpt from June 2018 paper.",
    "The Warning Zone sees the majority of year 6 students.",
    "See page 3 and Appendix B, paragraph 4.2.",
    "Tel: 0116 305 6056 or 01785 278163.",
    "The meeting starts at 10.00 am on 30th January 2025.",
    "Decision no 24/00109 was taken on 13/03/2018.",
    "Referrals were of individuals between 14-17 years of age.",
    "Alter Ego shall deliver further sessions for two weeks in October.",
    "The Prevent Officer was recruited in 2015; in year one it was jointly funded.",
    "Schools were written to about two-way communication.",
    "Bids were made to Waves 13 and 14 of the Free Schools programme.",
    "Minutes of the Meeting held on 9th January 2025 (Pages 1 - 10)",
    "Call +443000412483 to book.",
    "Four Oaks Ladies and Leyhill Bowling Club",
])
def test_figures_references_dates_and_durations_are_not_figures(nlp_mode, text):
    assert values(text) == []


def test_figures_list_numbering_and_footnote_markers_are_not_figures(nlp_mode):
    assert values("1. To keep a record of compliance\n2 Counter Terrorism Local Profile (CTLP) - a document") == []


def test_figures_a_number_ending_a_line_does_not_count_the_next_line(nlp_mode):
    assert values("Prevent Local authorities, 115\nDelivery of Prevent is locally led.") == []


def test_figures_wrapped_units_are_read_across_lines(nlp_mode):
    found = figures_of("Each local authority has at least two WRAP trained\nofficers within the organisation.")
    assert [(f.value, f.unit) for f in found] == [(2, "WRAP trained officers")]


def test_figures_same_value_and_unit_once_per_document(nlp_mode):
    assert values("Leicester is one of 30 priority areas.", "Of the 30 priority areas, Leicester is one.") == [30]


def test_figures_keep_page_and_sentence(nlp_mode):
    found = figures_of("Background text.", "Prevent is a priority. Over 50 champions were recruited in Kent. More follow.")
    assert [(f.page, f.text) for f in found] == [(2, "Over 50 champions were recruited in Kent.")]


def test_figures_table_cells_count_only_when_they_are_prose(nlp_mode):
    cells = (("Year", "Risk Assessment", "Training"), ("2023", "4", "3"),
             ("Outcome", "100% new starters have safeguarding training", "ongoing"))
    document = make_document(table(*cells), fmt="docx", id_char="b")
    assert [f.value for f in extract_figures(document, DocumentMeta())] == [100]


def test_figures_nlp_pipeline_paths():
    model = nlp_module.load_nlp("model")
    blank = nlp_module.load_nlp("blank")
    assert blank.pipe_names == ["sentencizer"] and not nlp_module.has_tags(blank)
    assert nlp_module.load_nlp("blank") is blank  # loaded once per process
    text = "Insp. Knopp presented. Over 50 champions were trained."
    assert nlp_module.sentences(text, blank)[-1] == "Over 50 champions were trained."
    if "tagger" in model.pipe_names:
        assert "parser" not in model.pipe_names and "ner" not in model.pipe_names
        assert nlp_module.sentences(text, model)[-1] == "Over 50 champions were trained."


@pytest.mark.parametrize("path,gold", list(gold_cases(CORPUS)))
def test_figures_corpus_matches_gold(nlp_mode, path, gold):
    expected = json.loads(gold.read_text())
    required = sorted(f["value"] for f in expected["figures"])
    optional = {f["value"] for f in expected["optional"]["figures"]}
    document = read_document(path)
    found = [f.value for f in extract_figures(document, extract_metadata(document))]
    assert sorted(value for value in found if value not in optional) == required


@pytest.mark.slow
def test_figures_realworld_papers_are_plausible():
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: the real-world papers live beside the repository, not in it")
    document = read_document(REALWORLD / "kcc_cabinet_2025-01-30_24-00096_education-commissioning_report.pdf")
    found = {f.value: f for f in extract_figures(document, extract_metadata(document))}
    assert found[15613].unit == "live births"
    assert found[5_046_624].unit == "£"
    assert not any(2000 <= value <= 2100 and figure.unit != "£" for value, figure in found.items())
    minutes = read_document(REALWORLD / "kcc_cabinet_2025-01-30_printed-minutes.pdf")
    found = {f.value: f for f in extract_figures(minutes, extract_metadata(minutes))}
    assert found[1_900_000].unit == "£" and found[22866].unit == "young people"
    assert 3000 not in {v for v, f in found.items() if f.unit and "tel" in f.unit.lower()}


def test_figures_share_of_a_group_counts_both_numbers(nlp_mode):
    values = {(f.value, f.unit) for f in figures_of("Venue hire remains weakest: 5 of the 8 authorities score 2 or below.")}
    assert values == {(5, "authorities"), (8, "authorities")}


def test_figures_dotted_item_numbers_in_action_cells_are_not_figures(nlp_mode):
    assert figures_of("1.1 Review the Bradford Prevent risk assessment against the 2023 CTLP") == []


def test_figures_tags_made_when_asked_are_the_whole_pipelines():
    model = nlp_module.load_nlp("model")
    if not nlp_module.has_tags(model):
        pytest.skip("the spaCy model package is not installed")
    assert nlp_module.tag_context(model) is not None  # else every text is tagged whole
    texts = [
        "Over the past year over 3,000 front line staff were trained in Bradford, and 93% of schools "
        "took part; two WRAP trained officers and 5 of the 8 authorities scored 2 or below.\n"
        "Insp. Knopp presented. Thirty local authority areas are Prevent priority areas.",
        "1.1 Review the risk assessment\n2 Agree the plan. 15,613 live births; £1.9 million grant.",
        "Four",
    ]
    whole = list(model.pipe(texts))
    split = list(nlp_module.split_sentences(texts, model))
    assert [[s.text for s in doc.sents] for doc in split] == [[s.text for s in doc.sents] for doc in whole]
    for doc, expected in zip(split, whole):
        tags = nlp_module.Tags(doc, model)
        for i in sorted(range(len(doc)), key=lambda i: (i * 7) % len(doc)):  # asked for in any order
            assert tags(i) == (expected[i].pos_, expected[i].tag_)
    split = list(nlp_module.split_sentences(texts, model))
    many = [nlp_module.Tags(doc, model) for doc in split]
    nlp_module.tag_ahead((tags, range(0, len(tags.doc), 5)) for tags in many)
    assert [[tags(i) for i in range(len(tags.doc))] for tags in many] == \
        [[(token.pos_, token.tag_) for token in doc] for doc in whole]


@pytest.mark.parametrize("sentence, expected", [
    ("71 referrals had been made during 2016, 9 of which had been discussed at the Channel Panel.",
     [(71, "referrals"), (9, "referrals")]),
    ("32 people had been referred in 2017/18, and 5 of them had received support.", [(32, "people"), (5, "people")]),
    ("The council made 52 referrals in 2021/22, compared with 44 in the previous year.",
     [(52, "referrals"), (44, "referrals")]),
    ("There were 120 referrals, of which 41 were adopted.", [(120, "referrals"), (41, "referrals")]),
])
def test_figures_a_number_that_counts_what_the_count_before_it_counted(sentence, expected):
    assert [(c.value, c.unit) for c in sentence_to_candidates(sentence)] == expected


@pytest.mark.parametrize("line", ["701 Apologies and Welcome", "56 Prevent Duty - Update", "NI 35 annual return"])
def test_figures_agenda_item_numbers_and_indicator_numbers_are_no_figures(line):
    assert sentence_to_candidates(line) == []
