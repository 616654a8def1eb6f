"""The public copy (`serve --public`): no protectively marked paper and no contact detail.

Papers are real files ingested for real and served by Datasette through its ASGI client: the
marked papers of `tests/marked_papers.py`, and papers whose text and file names hold phone
numbers in every shape people write them and e-mail addresses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prevent_docs import pipeline, serving
from prevent_docs.public import redact, redact_file_name
from tests.marked_papers import write_papers

#: UK numbers as written in papers, each with the text it must become.
PHONES = {
    "(0116) 305 7000": "[phone removed]",
    "0116.305.7002": "[phone removed]",
    "116 305 7005": "[phone removed]",
    "0044 116 305 7001": "[phone removed]",
    "+44 (0)116 305 6056": "[phone removed]",
    "+441163057003": "[phone removed]",
    "01785 278163": "[phone removed]",
    "07700 900123": "[phone removed]",
    "020 7946 0000": "[phone removed]",
    "0116 - 305 - 7004": "[phone removed]",
}
#: Numbers that are not phone numbers: years, spans, dates, money, counts, paragraph numbers, figures, codes.
NOT_PHONES = ("In 2021-22 we trained 1,234 staff; see para 4.1 of the 2019 report",
              "Spend of £137,000,000 (£1.5m in 2023/24) on 30.06.2023 and 2023-06-30, up 12.5% since 2019 2020 2021",
              "Paragraphs 4.1.2 and 17; 100-200-300 leaflets; E10000018 decision 24-00096 at 08:30-17:00 on 01/06/2023",
              "Referrals: 116 in 2022 and 305 in 2023; 7005 contacts")
EMAIL = "jane.doe@leics.gov.uk"


@pytest.mark.parametrize("phone", sorted(PHONES))
def test_public_redact_every_shape_of_uk_number(phone):
    assert redact(f"Tel: {phone}.") == f"Tel: {PHONES[phone]}."
    assert redact(f"Call {phone} or {EMAIL} in 2023") == "Call [phone removed] or [email removed] in 2023"


@pytest.mark.parametrize("text", NOT_PHONES)
def test_public_redact_leaves_other_numbers_alone(text):
    assert redact(text) == text


@pytest.mark.parametrize("name, expected", [
    (f"minutes {EMAIL}.pdf", "minutes [email removed].pdf"),
    (f"{EMAIL}_notes.docx", "[email removed]_notes.docx"),
    ("contact_0116_305_7000.txt", "contact_[phone removed].txt"),
    ("tel01163057000.pdf", "tel[phone removed].pdf"),
    ("(0116) 305 7000 minutes.txt", "[phone removed] minutes.txt"),
    ("papers/0116-305-7002/report.pdf", "papers/[phone removed]/report.pdf"),
    ("kcc_cabinet_2025-01-30_24-00096_report.pdf", None),
    ("000_293d27028f82d5b8.pptx", None),
    ("h17_salford_prevent_action_plan_2017-18.docx", None),
    ("report 2023.06.30.pdf", None),
])
def test_public_redact_file_names_keeping_their_extension(name, expected):
    assert redact_file_name(name) == (expected or name)


async def rows(datasette, path: str) -> list[dict]:
    response = await datasette.client.get(path + ("&" if "?" in path else "?") + "_shape=array&_size=max")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.asyncio
async def test_public_serves_no_marked_paper_and_says_how_many_were_left_out(tmp_path):
    markings = write_papers(tmp_path / "papers")
    report = pipeline.ingest([tmp_path / "papers"], tmp_path / "prevent.db")
    assert report.failed == 0, report.errors
    public = serving.make_datasette(tmp_path / "prevent.db", public=True, work_dir=tmp_path)
    served = {row["file_name"]: row["protective_marking"] for row in await rows(public, "/prevent/documents.json")}
    published = {name: marking for name, marking in markings.items() if marking in (None, "OFFICIAL", "UNRESTRICTED")}
    assert served == published
    assert serving.withheld_documents(public) == len(markings) - len(published) == 15
    assert "15 documents marked OFFICIAL-SENSITIVE or above left out" in (await public.client.get("/")).text
    assert not await rows(public, "/prevent/passages.json?_search=Annex")  # text of a left-out paper
    private = serving.make_datasette(tmp_path / "prevent.db", work_dir=tmp_path)
    assert len(await rows(private, "/prevent/documents.json")) == len(markings)


@pytest.mark.asyncio
async def test_public_removes_contact_details_from_text_and_file_names(tmp_path):
    folder = tmp_path / "papers" / "0116 305 7005"
    folder.mkdir(parents=True)
    contacts = f"Contact: Jane Doe, {EMAIL}, " + ", ".join(PHONES)
    (folder / f"prevent update {EMAIL} 0116.305.7002.txt").write_text(
        f"Prevent Partnership Update\n\n{contacts}\n\n" + "\n\n".join(NOT_PHONES) + "\n", encoding="utf-8")
    (folder / "contact_0116_305_7000.txt").write_text("Channel Panel Report\n\nThe panel met 12 times.\n",
                                                      encoding="utf-8")
    report = pipeline.ingest([tmp_path / "papers"], tmp_path / "prevent.db")
    assert report.failed == 0, report.errors
    public = serving.make_datasette(tmp_path / "prevent.db", public=True, work_dir=tmp_path)
    documents = await rows(public, "/prevent/documents.json")
    assert sorted(row["file_name"] for row in documents) == [
        "contact_[phone removed].txt", "prevent update [email removed] [phone removed].txt"]
    assert all(row["path"] == row["file_name"] for row in documents)
    texts = [row["text"] for row in await rows(public, "/prevent/passages.json")]
    (contact,) = [text for text in texts if text.startswith("Contact")]
    assert contact == "Contact: Jane Doe, [email removed], " + ", ".join(PHONES.values())
    assert all(text in texts for text in NOT_PHONES)
    database = Path(public.databases["prevent"].path).read_bytes()
    for secret in [EMAIL, "305 7000", "305.7002", "305 7005", "305 7001", "305 6056", "1163057003", "278163",
                   "900123", "7946", "305_7000", "305 - 7004"]:
        assert secret.encode() not in database, secret
