"""One e-mail with many near-identical attachments is one sender, not hundreds (issue 16,
case 12): the copies are folded into the first and the ledger says so."""

from __future__ import annotations

from pipeline.report.context import counted_mask
from tests.faults.helpers import row, run_inbox
from tests.ingest_fixtures import eml_bytes, write

RESOLUTION = (
    "Resolusjon fra {lag}: Vi krever at heltid skal være hovedregelen i kommunene, at innleie "
    "fra bemanningsbyrå begrenses kraftig, og at alle offentlige anbud stiller krav om "
    "lærlinger, faste ansettelser og tariffavtale. Tillitsvalgte må få tid til vervet sitt."
)


def test_near_identical_attachments_of_one_mail_count_once(tmp_path):
    lag = [f"lag nummer {i}" for i in range(40)]
    attachments = [(f"resolusjon-{i}.txt", RESOLUTION.format(lag=name).encode(), "text/plain")
                   for i, name in enumerate(lag)]
    write(tmp_path / "raw", "samlet.eml", eml_bytes("Se vedlegg.", attachments=attachments))
    result = run_inbox(tmp_path / "raw")
    subs = result.submissions
    mine = subs[subs.source_file == "samlet.eml"]
    assert len(mine) == 40  # every letter is still in the table …
    assert int(counted_mask(mine).sum()) == 1  # … but they count as one sender
    assert (mine.campaign_id == "").all()  # a campaign of one e-mail is no campaign
    assert "39 nesten like vedlegg i samme e-post regnet som ett innspill" in row(
        result, "samlet.eml").reason


def test_a_real_campaign_across_mails_still_counts_each_sender(tmp_path):
    raw = tmp_path / "raw"
    for i in range(3):
        write(raw, f"lag{i}.eml", eml_bytes(RESOLUTION.format(lag=f"lag {i}"),
                                             sender=f"Lag {i} <lag{i}@example.no>"))
    # … and one of them attached two near-identical copies.
    write(raw, "lag3.eml", eml_bytes("Se vedlegg.", attachments=[
        ("a.txt", RESOLUTION.format(lag="lag 3").encode(), "text/plain"),
        ("b.txt", RESOLUTION.format(lag="lag 3 (kopi)").encode(), "text/plain")]))
    result = run_inbox(raw)
    subs = result.submissions[~result.submissions.source_file.str.contains("/|god", regex=True)]
    in_campaign = subs[subs.campaign_id != ""]
    assert in_campaign.campaign_id.nunique() == 1
    assert sorted(in_campaign.source_file) == ["lag0.eml", "lag1.eml", "lag2.eml", "lag3.eml"]
    assert int(counted_mask(subs).sum()) == 4  # four senders, not five
