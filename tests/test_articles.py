import pytest

from kg.inputs.articles import find_inputs, make_article, read_article
from kg.errors import InputError


def test_date_and_dateline_from_the_opening():
    a = make_article("Leaders meet\n\nROME (Reuters) - Two leaders met on Monday 16 September 2024 in Rome.")
    assert (a.title, a.published, a.dateline, a.publisher) == ("Leaders meet", "2024-09-16", "Rome", "Reuters")


def test_published_option_wins_and_unknown_stays_unknown():
    assert make_article("T\n\nOn 16 September 2024 ...", published="2020-01-02").published == "2020-01-02"
    assert make_article("T\n\nNo date in this one.").published is None


def test_bad_published_date_is_an_input_error():
    with pytest.raises(InputError, match="ISO date"):
        make_article("T\n\ntext", published="16/09/2024")


def test_same_text_same_id_anywhere():
    assert make_article("T\n\nbody", source="a.txt").id == make_article("T\n\nbody", source="b.txt").id
    assert make_article("T\n\nbody").id != make_article("T\n\nbody!").id


def test_input_errors(tmp_path):
    with pytest.raises(InputError, match="not found"):
        find_inputs([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="No articles"):
        find_inputs([tmp_path])
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(InputError, match="empty"):
        read_article(tmp_path / "empty.txt")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 \x93news\x94\n\ntext".encode("latin-1"))
    read = read_article(tmp_path / "latin.txt")
    assert read.article.title == "Caf\xe9 \u201cnews\u201d" and read.notes == ("not UTF-8: read as Windows-1252",)


def test_folders_are_searched_in_order(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text("T\n\nbody")
    assert [p.name for p in find_inputs([tmp_path])] == ["a.txt", "b.txt"]


def test_crlf_and_bom_are_normalised(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffTitle\r\n\r\nBody.".encode("utf-8"))
    a = read_article(path).article
    assert a.title == "Title" and "\r" not in a.text


def test_compact_dates_are_not_iso_dates_here():
    with pytest.raises(InputError, match="ISO date"):
        make_article("T\n\ntext", published="20240916")
