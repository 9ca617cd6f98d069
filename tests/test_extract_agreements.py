"""Agreements read from sentences of our own (loads the language model)."""
import pytest

pytestmark = pytest.mark.model


def labels(x, keys):
    names = {e.key: e.label for e in x.entities}
    return [names.get(k, k) for k in keys]


def parties(x):
    return sorted(sorted(labels(x, a.parties)) for a in x.agreements)


@pytest.mark.parametrize("text, expected", [
    # the subject of a verb that signs, reaches or negotiates it, and its 'with' side
    ("Kenya signed a deal with Uganda on Friday.", [["Kenya", "Uganda"]]),
    ("Mexico is negotiating a free trade agreement with Japan.", [["Japan", "Mexico"]]),
    ("Spain wants to negotiate a new agreement with Morocco.", [["Morocco", "Spain"]]),
    # through talks and frames: 'held talks pursuing', 'hammer out the terms of'
    ("Peru and Chile held direct talks pursuing an agreement on fishing.", [["Chile", "Peru"]]),
    ("Sweden expects to hammer out the terms of a fishing agreement with Norway.", [["Norway", "Sweden"]]),
    # a passive with its agents, a clause on the noun
    ("The treaty was signed in 1904 by Chile and Bolivia.", [["Bolivia", "Chile"]]),
    ("The deal, signed by Peru and Bolivia, lowers tariffs.", [["Bolivia", "Peru"]]),
    # 'between' on the noun or on its clause; each conjunct a side, a possessor or a group for it
    ("The UN brokered a ceasefire between Israel and Hamas.", [["Hamas", "Israel"]]),
    ("A truce reached between Sam Okafor's envoys and opposition leaders ended the fighting.",
     [["Sam Okafor", "opposition leaders"]]),
    # 'the government of X' stands for X
    ("Acme Corp signed a contract with the government of Peru.", [["Acme Corp", "Peru"]]),
    ("Acme Corp entered into an agreement with Bolt Industries last year.", [["Acme Corp", "Bolt Industries"]]),
])
def test_parties_of_a_stated_agreement(read, text, expected):
    assert parties(read(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # two names joined by a hyphen before the noun, also where the parser splits them off
    ("Officials said the Kenya-Uganda migration deal collapsed.", [["Kenya", "Uganda"]]),
    ("Ministers hail Chile-Peru trade pact\n\nThe ministers spoke.", [["Chile", "Peru"]]),
])
def test_hyphenated_pair_names_the_parties(read, text, expected):
    assert parties(read(text)) == expected


def test_a_pair_written_as_one_word(read):
    x = read("Officials praised the U.S.-China trade deal signed in January.")
    assert parties(x) == [["China", "United States"]]
    assert x.agreements[0].date.value == "2024-01"


def test_the_two_countries_only_when_named_just_before(read):
    near = read("Kenya and Uganda held talks on Monday. An agreement between the two countries covers water.")
    far = read("Kenya and Uganda held talks. Officials spoke. Delegates left. Nothing happened. "
               "An agreement between the two countries covers water.")
    assert parties(near) == [["Kenya", "Uganda"]] and far.agreements == ()


def test_plural_treaties_with_one_side_are_one_each(read):
    x = read("Kenya and Tanzania have both signed water treaties with Uganda.")
    assert parties(x) == [["Kenya", "Uganda"], ["Tanzania", "Uganda"]]


def test_names_set_off_by_dashes_are_the_subject(read):
    x = read("The two Andean countries that ratified border treaties with Bolivia - Chile and Peru - "
             "condemned the vote.")
    assert parties(x) == [["Bolivia", "Chile"], ["Bolivia", "Peru"]]


def test_an_unnamed_other_side_is_no_agreement_of_the_subjects(read):
    assert read("Kenya and Uganda signed a peace deal with their neighbours.").agreements == ()
    assert read("Both neighbours that ratified treaties with their rivals - Chile and Peru - objected.").agreements == ()


def test_a_possessor_the_parser_hung_elsewhere(read):
    x = read("Ana Ruiz said she was cancelling Tomas Vidal's \u201cbad and costly deal\u201d with Lima.")
    assert parties(x) == [["Peru", "Tomas Vidal"]]   # a capital is its country; a person where nothing else


def test_a_leader_is_the_party_of_a_deal_at_home(read):
    x = read("U.S. President Tom Reed struck a budget deal with the Republican Party on Tuesday.")
    assert parties(x) == [["Republican Party", "Tom Reed"]]


def test_a_leader_stands_for_the_country_the_text_gives(read):
    x = read("Former Chilean President Tomas Vidal struck a deal with Bolivia in 2014.")
    assert parties(x) == [["Bolivia", "Chile"]]
    assert x.agreements[0].date.value == "2014"


@pytest.mark.parametrize("text, expected", [
    ("Ruritania Airways signed a deal to buy 20 helicopters from Vortex Aviation on Tuesday.",
     [["Ruritania Airways", "Vortex Aviation"]]),
    ("Agreements inked on Wednesday featured a contract for Ruritania Airways to purchase 12 jets "
     "from Vortex Aviation.", [["Ruritania Airways", "Vortex Aviation"]]),
    ("Acme Corp agreed to buy Bolt Industries for $3 billion.", [["Acme Corp", "Bolt Industries"]]),
    ("Oil giant Petrolia agreed to sell its refinery to Ruritania Energy.", [["Petrolia", "Ruritania Energy"]]),
    ("Acme Corp said it will buy more steel.", []),
])
def test_purchases_and_sales(read, text, expected):
    assert parties(read(text)) == expected


def test_the_signing_date_of_a_purchase(read):
    x = read("Agreements inked on Wednesday featured a contract for Ruritania Airways to purchase 12 jets "
             "from Vortex Aviation.")
    assert x.agreements[0].date.value == "2024-03-13"


def test_a_day_and_month_of_a_past_signing_is_not_ahead(read):
    x = read("Tariffs fell after Chile and Peru signed a fishing pact on Nov. 20.")
    assert parties(x) == [["Chile", "Peru"]]
    assert x.agreements[0].date.value == "2023-11-20"


@pytest.mark.parametrize("text, expected", [
    ("Peru and Chile agreed to reopen their border.", [["Chile", "Peru"]]),
    ("Morocco and Spain agreed on Tuesday to restore ties.", [["Morocco", "Spain"]]),
    ("Peru agreed with Chile to reopen the border crossing.", [["Chile", "Peru"]]),
    ("Brazil agreed to a ceasefire with Argentina.", [["Argentina", "Brazil"]]),
    ("Peru and Chile agreed that the talks were useful.", []),
    ("Germany agreed with France that the plan was flawed.", []),
    ("Lawmakers agreed to hold a vote on the bill.", []),
    ("Britain agreed to pay France 500 million euros.", []),
])
def test_joint_agreement_stated_by_its_verb(read, text, expected):
    assert parties(read(text)) == expected


def test_they_agreed_after_a_meeting_are_its_participants(read):
    x = read("Kenya's energy minister, Tom Hale, met in Nairobi on Monday with his Ugandan and Tanzanian "
             "colleagues, when they agreed to build a shared power line.")
    assert parties(x) == [["Kenya", "Tanzania", "Uganda"]]
    assert x.agreements[0].date.value == "2024-03-11"


@pytest.mark.parametrize("text", [
    "Norway and Denmark enjoy an enduring strategic partnership.",
    "Poland's strong alliance with the United States has deepened.",
    "Portugal reaffirmed the strategic partnership between the two countries. Spain and Italy watched.",
    "France said it would not sign any deal with Russia.",
    "Brazil signed no deal with Peru.",
    "Critics said the deal with Iran was dangerous.",
    "Angela Weber discussed the Iran deal with Pierre Martin.",
    "The US-China trade war escalated.",
    "Kenya-Uganda leaders deal with floods\n\nThe leaders met.",
    "French and German contracts were cancelled.",
    "Under Chinese and Russian protocol, the leaders exchanged gifts.",
    "Kenyan President John Mwangi hailed the deal with Tanzania.",
    "He said that he did not expect to reach a deal with Chile.",
    "Talks to modernize the North American Free Trade Agreement kicked off in Mexico on Friday.",
])
def test_not_agreements(read, text):
    assert read(text).agreements == ()


def test_joining_someone_in_criticising_a_deal_is_no_party_to_it(read):
    assert read("Chile joined Peru in criticising the trade agreement with Bolivia.").agreements == ()
    assert parties(read("Chile joined the trade agreement with Bolivia in 2019.")) == [["Bolivia", "Chile"]]


def test_the_states_that_signed_it(read):
    x = read("Ruritania is one of the states that signed the accord with Freedonia.")
    assert parties(x) == [["Freedonia", "Ruritania"]] or x.agreements == ()


def test_the_subject_bound_by_an_agreement_with_another(read):
    assert parties(read("Under the 2015 accord with world powers, Iran curbed its nuclear programme.")) == \
        [["Iran", "world powers"]]
    assert read("Under the accord, Greece must cut spending.").agreements == ()


def test_an_unnamed_side_by_its_common_name(read):
    x = read("Iran reached a deal with six world powers in 2015 to curb its nuclear programme.")
    assert parties(x) == [["Iran", "world powers"]]
    assert x.agreements[0].date.value == "2015"


@pytest.mark.parametrize("text, expected", [
    # the subject of leaving, joining or breaking it is a party
    ("The United States withdrew from the Iran nuclear deal in May.", [["Iran", "United States"]]),
    # a city in the name is not a party
    ("The United States rejoined the Paris climate accord.", []),
    ("President Paul Otieno of Kenya broke a ceasefire with Somalia.", [["Kenya", "Somalia"]]),
])
def test_parties_that_leave_join_or_break_it(read, text, expected):
    assert parties(read(text)) == expected


def test_an_acronym_of_an_agreement_is_no_party():
    from types import SimpleNamespace

    from kg.extract.agreements import _names_an_agreement

    def reader(text, label):
        return SimpleNamespace(text=text, mentions=[SimpleNamespace(key="org/x", text=label)], label=lambda key: label)

    named = "The Andean Free Trade Agreement (AFTA) took effect in 1994. Peru may quit the AFTA deal."
    assert _names_an_agreement(reader(named, "AFTA"), "org/x")
    assert not _names_an_agreement(reader("Peru and the AFTA signed a deal.", "AFTA"), "org/x")
    assert _names_an_agreement(reader("It signed the Lima Accord.", "Lima Accord"), "org/x")


def test_a_name_gives_parties_only_through_a_hyphenated_pair(read):
    x = read("Sir Adam Fell was a strong defender of the Chile-Peru Agreement.")
    assert parties(x) == [["Chile", "Peru"]]


@pytest.mark.parametrize("text, status", [
    ("Mexico is negotiating a free trade agreement with Japan.", "proposed"),
    ("The United States withdrew from the Iran nuclear deal in May.", "terminated"),
    ("Canada reached a trade agreement with Mexico last year.", "agreed"),
    ("Canada is trying to strike a similar deal with Mexico.", "proposed"),
])
def test_status_from_the_verb_that_makes_the_parties(read, text, status):
    assert [a.status for a in read(text).agreements] == [status]


def test_an_understanding_reached_and_a_memorandum(read):
    x = read("India and Japan signed an MoU on rail cooperation. Kenya and Uganda reached an understanding on water.")
    assert sorted(a.label for a in x.agreements) == ["India\u2013Japan MoU", "Kenya\u2013Uganda understanding"]
    assert read("There is a common understanding between Kenya and Uganda.").agreements == ()


def test_a_signed_partnership_is_an_agreement(read):
    x = read("Norway and Denmark signed a strategic partnership in 2019.")
    assert parties(x) == [["Denmark", "Norway"]]
    assert x.agreements[0].status == "signed"
