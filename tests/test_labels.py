"""The correction files' formats and strict readers (pipeline/labels.py, the ground floor):
the committed files are valid, malformed ones are refused with the file and line, and the
analysts' redaction terms match whole words in any case."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import labels as lab

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "data" / "labels"


def test_committed_label_files_are_valid_and_empty():
    for name in (lab.OVERRIDES, lab.REDACTIONS, lab.PROPOSAL_FLAGS):
        comments, header, rows = lab.read_csv_rows(LABELS / name)
        assert header == list(lab.COLUMNS[name]) and rows == [], name
    assert lab.read_redactions(LABELS / lab.REDACTIONS) == []
    assert lab.read_proposal_flags(LABELS / lab.PROPOSAL_FLAGS) == {}
    assert lab.read_topic_entries(LABELS / lab.TOPICS) == {k: [] for k in lab.TOPIC_KEYS}


def test_missing_files_mean_no_corrections(tmp_path):
    assert lab.read_redactions(tmp_path / lab.REDACTIONS) == []
    assert lab.read_proposal_flags(tmp_path / lab.PROPOSAL_FLAGS) == {}
    assert lab.read_theme_rows(tmp_path / lab.OVERRIDES) == []
    assert lab.read_topic_entries(tmp_path / lab.TOPICS)["move"] == []


@pytest.mark.parametrize("name, content, message", [
    (lab.REDACTIONS, "text,placeholder\nKari,[HEMMELIG]\n", "linje 2: ukjent plassholder"),
    (lab.REDACTIONS, "text,placeholder\n ,[NAVN]\n", "linje 2: teksten er tom"),
    (lab.REDACTIONS, "tekst\nKari\n", "overskriftslinjen må inneholde text"),
    (lab.PROPOSAL_FLAGS, "segment_id,is_proposal\nabc,kanskje\n", "linje 2: trenger"),
    (lab.OVERRIDES, "id,theme_id,action\nx,ny_teknologi,bytt\n", "linje 2: trenger id"),
    (lab.OVERRIDES, "id,theme_id,action\nx,ny_teknologi\n", "linje 2: trenger id"),
    (lab.OVERRIDES, "id,theme_id,action\nx,ny_teknologi,add,a,b\n", "linje 2: 5 felt"),
    (lab.OVERRIDES, 'id,theme_id,action\n"x,ny_teknologi,add\n', "ugyldig CSV"),
    (lab.OVERRIDES, "id,id,action,theme_id\n", "én gang hver"),
    (lab.TOPICS, "rename: [unclosed\n", "ugyldig YAML"),
    (lab.TOPICS, "- rename\n", "samling av nøkler"),
    (lab.TOPICS, "renme: []\n", "ukjente nøkler"),
    (lab.TOPICS, "rename:\n  - 1\n", "liste av oppføringer"),
    (lab.TOPICS, "move:\n  - segments: abc\n    to: null\n", "'segments' må være en liste"),
    (lab.TOPICS, "move:\n  - segments: [abc]\n    to: [x]\n", "'to' må være en tekst"),
])
def test_malformed_files_are_refused_with_file_and_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    reader = {lab.REDACTIONS: lab.read_redactions, lab.PROPOSAL_FLAGS: lab.read_proposal_flags,
              lab.OVERRIDES: lab.read_theme_rows, lab.TOPICS: lab.read_topic_entries}[name]
    with pytest.raises(lab.LabelsError) as err:
        reader(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / lab.REDACTIONS
    path.write_bytes("text\nBjørn\n".encode("latin-1"))
    with pytest.raises(lab.LabelsError, match="UTF-8"):
        lab.read_redactions(path)


def test_a_hand_written_row_may_leave_out_trailing_columns(tmp_path):
    """The notebooks' example row (``id,theme_id,action,comment``) in the committed file."""
    path = tmp_path / lab.OVERRIDES
    path.write_text((LABELS / lab.OVERRIDES).read_text(encoding="utf-8")
                    + "abc-001,ny_teknologi,add,kontrollert manuelt\n", encoding="utf-8")
    assert lab.read_theme_rows(path) == [{"id": "abc-001", "theme_id": "ny_teknologi",
                                          "action": "add", "comment": "kontrollert manuelt",
                                          "by": "", "at": ""}]


def test_comments_and_quoted_hash_and_last_flag_wins(tmp_path):
    (tmp_path / lab.REDACTIONS).write_text(
        '# hand-written\ntext,placeholder\n"#kari_98",[NAVN]\n# a comment row\n'
        "tlf  9999 ,[TELEFON]\n", encoding="utf-8")
    assert lab.read_redactions(tmp_path / lab.REDACTIONS) == [
        ("#kari_98", "[NAVN]"), ("tlf 9999", "[TELEFON]")]
    (tmp_path / lab.PROPOSAL_FLAGS).write_text(
        "segment_id,is_proposal\na,ja\nb,true\na,nei\n", encoding="utf-8")
    assert lab.read_proposal_flags(tmp_path / lab.PROPOSAL_FLAGS) == {"a": False, "b": True}


def test_redaction_terms_match_whole_words_any_case_and_spacing():
    terms = [("Tobbe Pølsemaker", "[NAVN]"), ("Tobbe", "[NAVN]"), ("tlf 9999", "[TELEFON]")]
    text = "Hilsen TOBBE\npølsemaker, TLF 9999. Tobbeland og Tobbe."
    assert lab.redact_terms(text, terms) == "Hilsen [NAVN], [TELEFON]. Tobbeland og [NAVN]."
    assert lab.redact_terms("", terms) == "" and lab.redact_terms(None, terms) is None
    assert lab.redact_terms("Tobbe", []) == "Tobbe"
    assert lab.redaction_words(terms) == {"tobbe", "pølsemaker", "tlf"}
