"""Quotes and their speakers on sentences of our own (loads the language model)."""
import pytest

from kg.extract.context import quote_spans

pytestmark = pytest.mark.model


def said(x):
    names = {e.key: e.label for e in x.entities}
    return [(names.get(q.speaker, q.speaker), q.text) for q in x.quotes]


def test_straight_quote_left_open_and_quote_within_quote():
    text = '"We stand firm. "We will not move," she said of the "so-called "deal"" today.'
    assert [text[a:b] for a, b in quote_spans(text)] == ["We stand firm.", "We will not move,", 'so-called "deal"']
    text = "\u201cFirst part.\n\n\u201cSecond part.\u201d"
    assert [text[a:b] for a, b in quote_spans(text)] == ["First part.", "Second part."]


def test_quote_with_speaker_after_it(read):
    x = read('"The port will reopen on Monday," said Tomas Berger, a spokesman for the Harbour Authority.\n\n'
             '"Ships are waiting," Berger said.')
    assert said(x) == [("Tomas Berger", "The port will reopen on Monday"), ("Tomas Berger", "Ships are waiting")]


def test_quote_paragraph_after_a_colon_and_a_lone_quote_after_a_quote(read):
    x = read("Lena Fischer, the mayor of Graz, told reporters:\n\n"
             "\u201cWe have done our part.\u201d\n\n"
             "\u201cNow it is up to the region.\u201d")
    assert said(x) == [("Lena Fischer", "We have done our part."), ("Lena Fischer", "Now it is up to the region.")]


def test_he_said_is_the_last_speaker_not_a_name_in_a_reported_clause(read):
    x = read("Senator Paul Okafor said the governor should insist that Viktor Lanz answer every question.\n\n"
             "\u201cI would not trust Lanz alone with the budget,\u201d he said.")
    assert said(x) == [("Paul Okafor", "I would not trust Lanz alone with the budget")]


def test_a_name_inside_the_quote_is_not_the_speaker(read):
    x = read("Maria Santos spoke in Lisbon on Monday.\n\n"
             "\u201cThe fact is that President Rui Costa is there for five years,\u201d she argued.")
    assert said(x) == [("Maria Santos", "The fact is that President Rui Costa is there for five years")]


def test_body_statement_and_it_said(read):
    x = read("\u201cVisa processing will resume next month,\u201d the Chilean foreign ministry said on Tuesday. "
             "It said the talks had been \u201cuseful and frank.\u201d")
    assert said(x) == [("Chilean foreign ministry", "Visa processing will resume next month"),
                       ("Chilean foreign ministry", "useful and frank.")]
    assert any(e.label == "Chilean foreign ministry" and e.kind == "GovernmentAgency" for e in x.entities)


def test_spokesperson_speaks_for_the_body(read):
    x = read('A spokeswoman for the World Health Organization said the new vaccines were "safe and effective".')
    assert said(x) == [("World Health Organization", "safe and effective")]


def test_scare_quotes_and_names_in_quotes_have_no_speaker(read):
    x = read('"We are ready," Daniel Kamau said. The council imposed sanctions for "flagrant" abuses. '
             'Ministers will attend the annual "Joint Review Meeting" in Rabat on Friday.')
    assert said(x) == [("Daniel Kamau", "We are ready")]


def test_quote_within_a_quote_belongs_to_the_outer_speaker(read):
    x = read("\u201cHe promised a \u201cnew start\u201d for all of us,\u201d Ines Moreau said.")
    assert said(x) == [("Ines Moreau", "He promised a \u201cnew start\u201d for all of us")]


def test_outermost_reporting_verb_but_not_an_adverbial_clause(read):
    x = read('Foreign Minister Karin Holm said the cabinet had concluded the measure was "fully lawful", adding that '
             'courts would decide.\n\n'
             '"We will see," Omar Reyes said when a reporter asked whether he feared "a long dispute".')
    assert said(x) == [("Karin Holm", "fully lawful"), ("Omar Reyes", "We will see")]


def test_title_subject_resolved_through_the_country(read):
    x = read("French President Luc Moreau met US President Dan Carver in Paris on Monday. "
             "The French president told reporters: \u201cWe need a stronger Europe.\u201d")
    assert said(x) == [("Luc Moreau", "We need a stronger Europe.")]


def test_title_ending_in_a_name_and_subject_then_quote(read):
    x = read("\u201cTrade will grow,\u201d Chile's deputy minister Rosa Ibarra said on Monday. "
             "Her counterpart Jorge Pinto \u201chas shown real courage.\u201d")
    assert said(x) == [("Rosa Ibarra", "Trade will grow"), ("Rosa Ibarra", "has shown real courage.")]


def test_according_to(read):
    x = read('"The talks were useful," according to Daniel Kamau, the Kenyan trade minister. '
             'According to the Kenyan trade ministry, the plan "will cut costs".')
    assert said(x) == [("Daniel Kamau", "The talks were useful"), ("Kenyan trade ministry", "will cut costs")]


def test_colon_without_a_speech_verb_is_no_attribution(read):
    x = read('"We are ready," Daniel Kamau said. '
             'A cartoon of the minister appeared in a weekly paper under the headline: "The Sleeping Giant."')
    assert said(x) == [("Daniel Kamau", "We are ready")]


def test_names_in_quotes_and_fragments_in_circumstances_are_no_ones_words(read):
    x = read('"The port is safe," said Daniel Kamau, standing on a pier near the old "Blue Harbour". '
             'He said the rebels, also known as "the Watchers," had left. Kamau warned of "grave risks".')
    assert said(x) == [("Daniel Kamau", "The port is safe"), ("Daniel Kamau", "grave risks")]


def test_he_told_after_his_own_reported_clause(read):
    x = read('Lina Berg met Omar Reyes on Monday. Daniel Kamau is "very close" to a decision, he told reporters.')
    assert said(x) == [("Daniel Kamau", "very close")]


def test_capitalised_title_in_quotes_inside_a_statement_is_a_name(read):
    x = read('Daniel Kamau said the "Green Harbour Plan" was "a costly mistake".')
    assert said(x) == [("Daniel Kamau", "a costly mistake")]


def test_quoted_as_saying_and_an_unnamed_last_subject(read):
    x = read('The Herald quoted Daniel Kamau as saying in an interview that the plan was "a costly mistake".\n\n'
             'Omar Reyes spoke first. He was introduced by his nephew, who praised his honesty. '
             '"He means what he says," he said.')
    assert said(x) == [("Daniel Kamau", "a costly mistake")]


def test_according_to_a_source_and_a_fragment_in_someone_elses_clause(read):
    x = read('Daniel Kamau, according to the indictment, "on several occasions" told the clerk to stay silent. '
             '"We won," he told supporters, according to a statement. '
             'Kamau described his talks with the rebels, who chanted "no surrender" all night, as useful.')
    assert said(x) == [("Daniel Kamau", "We won")]


def test_he_after_a_named_apposition_and_a_document_quoted_as_saying(read):
    x = read('The minister\'s lawyer, Daniel Kamau, declined to comment. "We will not comment on this," he said. '
             'Omar Reyes quoted the new plan as saying: "Every school will open on time."')
    assert said(x) == [("Daniel Kamau", "We will not comment on this"), ("Omar Reyes", "Every school will open on time.")]


def test_own_reported_subject_is_unclear_after_someone_else_spoke(read):
    x = read('Omar Reyes said the vote would be close. Daniel Kamau has "failed the country", he claimed.')
    assert said(x) == []
