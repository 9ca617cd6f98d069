"""Entity typing, trimming and merging on sentences of our own."""
import pytest

from kg import knowledge
from kg.graph.resolve import place_or_body

pytestmark = pytest.mark.model


def entities(x) -> dict[str, str]:
    return {e.label: e.kind for e in x.entities}


def test_parties_and_bodies_the_gazetteer_names():
    assert place_or_body("Tory Party")[1:] == ("Conservative Party", "PoliticalParty")
    assert place_or_body("Justice Department")[1] == "United States Department of Justice"
    assert place_or_body("Twitter")[0] == "org/Q918"
    assert place_or_body("Soviet Union")[2] == "Country"


def test_bare_names_need_their_country():
    senate = knowledge.short_names()["senate"]
    assert [(b.name, c) for b, c in senate] == [("United States Senate", "United States")]
    treasuries = {b.name for b, _ in knowledge.short_names()["treasury"]}
    assert treasuries == {"HM Treasury", "United States Department of the Treasury"}


def test_bare_legislature_and_party_in_a_us_text(read):
    x = read("The U.S. Senate voted on Tuesday. Democrats in the Senate said the bill would fail, "
             "and Republicans said Congress should wait.")
    found = entities(x)
    assert found.get("United States Senate") and found.get("United States Congress")
    assert found.get("Democratic Party") == "PoliticalParty" and found.get("Republican Party") == "PoliticalParty"
    assert "Senate" not in found and "Congress" not in found


def test_bare_legislature_elsewhere_stays_unlinked(read):
    x = read("The Senate of Ruritania voted on Tuesday. Its speaker, Ola Brandt, said Congress was next.")
    assert "United States Senate" not in entities(x) and "United States Congress" not in entities(x)


def test_short_form_of_a_body_named_in_full(read):
    x = read("The UN Security Council met on Monday. Diplomats said the Security Council would vote again.")
    assert [e.label for e in x.entities if "Council" in e.label] == ["UN Security Council"]


def test_hyphenated_pair_is_not_a_place(read):
    x = read("Kofi Amani met Jan Novak on Monday. The Amani-Novak talks were held in Accra on Thursday.")
    assert not any("-" in e.label for e in x.entities)
    assert {"Kofi Amani", "Jan Novak"} <= set(entities(x))


def test_name_cut_by_a_preposition(read):
    x = read("The leaders dined at the Great Hall of the Republic on Thursday.")
    assert "Great Hall of the Republic" in entities(x)


def test_possessive_fragment_is_trimmed(read):
    x = read("The Ruritanian army's Falcon Brigade was blamed for the attack, police said.")
    assert not any(e.label.startswith(("'s", "\u2019s")) for e in x.entities)
    assert entities(x).get("Falcon Brigade") == "Organisation"


def test_given_name_after_kin_word_is_a_person(read):
    x = read("Lars Berg and his wife Ilaria arrived in Oslo on Monday.")
    assert entities(x).get("Ilaria") == "Person"


def test_given_name_alone_is_the_person_named_in_full(read):
    x = read("Ruritanian President Kofi Amani met Jan Novak in Prague. Novak showed Kofi a video.")
    assert sum(1 for e in x.entities if "Kofi" in e.label) == 1


def test_surname_is_not_the_country(read):
    x = read("Representative Tom Jordan criticised the plan on Monday. Jordan said the vote was rushed.")
    found = entities(x)
    assert found.get("Tom Jordan") == "Person" and "Jordan" not in found


def test_place_after_capital_of(read):
    x = read("Sara Lind flew to the provincial capital of Mbeya on Tuesday.")
    assert entities(x).get("Mbeya") in ("Place", "City")


def test_secretary_of_state_is_not_a_body(read):
    x = read("Secretary of State Paul Weller met Anna Lund in Oslo.")
    assert "State" not in entities(x)


def test_aircraft_is_not_an_organisation(read):
    x = read("Paul Weller spoke to reporters aboard Air Force One on Friday.")
    assert entities(x).get("Air Force One", "Place") == "Place"


def test_heading_words_are_not_a_person(read):
    x = read("Mission Ruritania\n\nThe embassy in Ruritania will reopen, Lars Berg said on Monday.")
    assert not any(e.label.startswith("Mission") and e.kind == "Person" for e in x.entities)


def test_acronym_of_a_body_named_in_full(read):
    x = read("The International Criminal Court said on Monday that the ICC would open an inquiry.")
    assert [e.label for e in x.entities if e.kind != "Person"] == ["International Criminal Court"]


def test_short_name_of_a_country_named_in_full(read):
    x = read("Sara Lind visited the Democratic Republic of Congo on Monday. "
             "Congo must spend more on its schools, she said.")
    assert [e.label for e in x.entities if e.kind == "Country"] == ["Democratic Republic of the Congo"]


def test_party_name_before_a_title_or_name(read):
    x = read("Labour MP Anna Lund and Tory leader Paul Weller spoke in London on Monday.")
    parties = {e.label for e in x.entities if e.kind == "PoliticalParty"}
    assert parties == {"Labour Party", "Conservative Party"}


def test_party_adjective_needs_its_country(read):
    x = read("Democratic Senator Ann Cole met Tom Hale in Oslo on Monday.")
    assert "Democratic Party" not in entities(x)
    x = read("Democratic Senator Ann Cole of the United States met Tom Hale in Oslo on Monday.")
    assert entities(x).get("Democratic Party") == "PoliticalParty"


def test_rank_alone_and_heading_verb_are_not_names(nlp):
    from kg.extract.entities import RawMention, _not_a_name

    doc = nlp("Lt Col said the base was closed.")
    assert _not_a_name(RawMention(0, 2, "Lt Col", "PERSON"), doc, [])
    doc = nlp("Questioning Halvorsen\n\nThe committee met.")
    m = RawMention(0, 2, "Questioning Halvorsen", "PERSON")
    if doc[0].tag_ == "VBG":
        assert not _not_a_name(m, doc, []) and m.text == "Halvorsen"


def test_rank_is_not_part_of_a_persons_key():
    from kg.graph.resolve import person_key

    assert person_key("Lt Col Anna Berg") == person_key("Anna Berg")


def test_shared_party_name_of_another_country(read):
    x = read("South Korea's Democratic Party said on Monday it would vote against the plan.")
    assert "Democratic Party" not in entities(x)
    x = read("The Democratic Party of Japan lost seats on Sunday.")
    assert "Democratic Party" not in entities(x) and "Democratic Party of Japan" in entities(x)
    x = read("The U.S. Democratic Party met in Chicago on Monday.")
    assert entities(x).get("Democratic Party") == "PoliticalParty"


def test_name_split_before_its_country(read):
    x = read("Olena Kravets joined the National Academy of Sciences of Ukraine in 1990.")
    assert "National Academy of Sciences of Ukraine" in entities(x)


@pytest.mark.parametrize("text", [
    "Australia's Tories lost two seats on Sunday, and Britain's press took note.",
    "Irish Labour won a seat in Cork. Britain watched closely.",
    "Social Democrats in Oslo backed the plan, as the United States had hoped.",
])
def test_a_party_name_another_country_owns_here(read, text):
    parties = {e.label for e in read(text).entities if e.kind == "PoliticalParty"}
    assert not parties & {"Conservative Party", "Labour Party", "Democratic Party"}


def test_a_british_party_name_needs_britain_or_its_capital_named(read):
    assert not [e for e in read("The Tories lost two seats on Sunday.").entities if e.kind == "PoliticalParty"]
    x = read("The Tories lost two seats in London on Sunday.")
    assert [e.label for e in x.entities if e.kind == "PoliticalParty"] == ["Conservative Party"]
