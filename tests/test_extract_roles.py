"""Roles on sentences of our own: the kinds of title phrases news uses (loads the language model)."""
import pytest

pytestmark = pytest.mark.model


def roles_of(x):
    names = {e.key: e.label for e in x.entities}
    return {(names.get(r.person, r.person), ("former " if r.former else "") + r.title.lower(),
             names.get(r.organisation) if r.organisation else None) for r in x.roles}


def test_us_legislators_sit_in_their_chamber_and_party(read):
    x = read("Sen. Carla Moreno (R-Ariz.) said the bill would fail. Rep. Tom Bexley, D-Calif., agreed. "
             "Senator Amy Kettle of Oregon abstained. Representative Dan Hollis, Republican of Utah, voted no.")
    roles = roles_of(x)
    assert ("Carla Moreno", "senator", "United States Senate") in roles
    assert ("Carla Moreno", "", "Republican Party") in roles
    assert ("Tom Bexley", "representative", "United States House of Representatives") in roles
    assert ("Tom Bexley", "", "Democratic Party") in roles
    assert ("Amy Kettle", "senator", "United States Senate") in roles
    assert ("Dan Hollis", "representative", "United States House of Representatives") in roles
    assert ("Dan Hollis", "", "Republican Party") in roles


def test_a_senator_without_a_us_tie_keeps_no_chamber(read):
    x = read("Senator Amy Kettle of Ruritania abstained.")
    assert ("Amy Kettle", "senator", None) in roles_of(x)


def test_committee_posts_and_leaders_in_apposition(read):
    x = read("Representative Ann Pike of Ohio, the ranking member on the House Budget Committee, objected. "
             "Senator Joe Marsh, a Republican from Idaho and the majority leader, was silent; an aide to "
             "Speaker Ida Lund gave no comment.")
    roles = roles_of(x)
    assert ("Ann Pike", "ranking member", "House Budget Committee") in roles
    assert ("Joe Marsh", "majority leader", "United States Senate") in roles
    assert ("Ida Lund", "speaker", "United States House of Representatives") in roles


def test_a_title_phrase_opening_the_sentence(read):
    x = read("The top Republican on the House Energy Committee, Representative Ray Dorn of Vermont, wants a vote.")
    assert ("Ray Dorn", "top republican", "House Energy Committee") in roles_of(x)


def test_a_party_word_in_the_title_phrase(read):
    x = read("Mexican officials invited Republican presidential candidate Mark Doyle to Mexico City on Monday,"
             " months before the U.S. election.")
    assert ("Mark Doyle", "candidate", "Republican Party") in roles_of(x)


def test_a_party_word_needs_the_partys_country(read):
    x = read("Mexican officials invited Republican presidential candidate Mark Doyle to Mexico City on Monday.")
    assert not any(org == "Republican Party" for _, _, org in roles_of(x))


@pytest.mark.parametrize("text, role", [
    ("White House press secretary Jane Holt said the talks went well.", ("Jane Holt", "press secretary", "White House")),
    ("US Trade Representative Carl Baines said the talks went well.", ("Carl Baines", "trade representative", "United States")),
    ("Chinese vice premier Li Wen said the talks went well.", ("Li Wen", "vice premier", "China")),
    ("Palestinian chief negotiator Omar Haddad said the talks went well.", ("Omar Haddad", "chief negotiator", "Palestine")),
])
def test_titles_are_kept_whole(read, text, role):
    assert role in roles_of(read(text))


def test_several_titles_in_one_apposition_and_a_posting(read):
    x = read("Paul Grant, senior vice president of the Ford Foundation and a former Canadian ambassador "
             "to Chile, praised the bill on Monday.")
    roles = roles_of(x)
    assert ("Paul Grant", "senior vice president", "Ford Foundation") in roles
    assert ("Paul Grant", "former ambassador", "Canada") in roles
    assert not any(org == "Chile" for _, _, org in roles)


def test_an_apposition_about_someone_else_gives_no_title(read):
    x = read("The court freed Omar Saleh, a cousin of the Taliban's spokesman, Hamid Saleh. "
             "Jane Holt, a senior member of Mayor Tom Crane's staff to travel abroad, arrived.")
    roles = roles_of(x)
    assert not any(person == "Omar Saleh" for person, _, _ in roles)
    assert ("Hamid Saleh", "spokesman", "Taliban") in roles
    assert not any(person == "Jane Holt" for person, _, _ in roles)


def test_a_name_before_the_comma_keeps_its_own_title(read):
    x = read("Praising House Speaker Ida Lund and Senate Majority Leader Joe Marsh, President Tom Crane said he would wait.")
    assert not any(person == "Tom Crane" and title == "speaker" for person, title, _ in roles_of(x))


def test_portfolios_and_parts_of_longer_names_are_no_organisation(read):
    x = read("The visitors met Brazil's Foreign Ministry director for U.S. Relations Rosa Vega. "
             "Shadow Asia minister Mr Hale said no. \u201cWe will see,\u201d said Dan Roe, a Japan scholar "
             "at the Lakeside Policy Institute in Denver.")
    roles = roles_of(x)
    assert {org for person, title, org in roles if person == "Rosa Vega"} <= {"Brazil", "Foreign Ministry"}
    assert any(person == "Rosa Vega" and title == "director" for person, title, _ in roles)
    assert ("Hale", "shadow asia minister", None) in roles
    assert not any(person == "Dan Roe" and org in ("United States", "Japan") for person, _, org in roles)


def test_a_shared_demonym_is_the_country_the_text_names(read):
    x = read("Congolese President Jean Mbala met aid workers in DR Congo on Friday.")
    assert ("Jean Mbala", "president", "Democratic Republic of the Congo") in roles_of(x)


def test_a_title_only_one_country_uses(read):
    x = read("Foreign Secretary Tom Hale said the UK would not pay. Secretary of State Ann Cole flew to Oslo.")
    roles = roles_of(x)
    assert ("Tom Hale", "foreign secretary", "United Kingdom") in roles
    assert ("Ann Cole", "secretary of state", None) in roles   # the text names no United States


def test_a_title_in_a_copula_complement(read):
    x = read("Kofi Mensah became the Ghanaian president in 2017. Ama Boateng would become prime minister.")
    roles = roles_of(x)
    assert ("Kofi Mensah", "president", "Ghana") in roles
    assert not any(person == "Ama Boateng" for person, _, _ in roles)


def test_a_counterpart_holds_the_possessors_title(read):
    x = read("Norwegian Prime Minister Erik Dahl held talks with his Danish counterpart, Lars Holm, in Oslo.")
    assert ("Lars Holm", "prime minister", "Denmark") in roles_of(x)


def test_an_untied_title_given_unnamed_to_one_country(read):
    x = read("Ghana's prime minister arrived in Washington on Monday. In a meeting with Prime Minister "
             "Kojo Asante, the vice president raised trade.")
    assert ("Kojo Asante", "prime minister", "Ghana") in roles_of(x)


def test_a_party_member_of_parliament_and_a_posting_before_a_comma(read):
    x = read("Conservative MP Ruth Ames disagreed. Britain's ambassador to the United Nations, Peter Lowe, said the vote was close.")
    roles = roles_of(x)
    assert ("Ruth Ames", "mp", "Conservative Party") in roles
    assert ("Peter Lowe", "ambassador", "United Kingdom") in roles


def test_a_legislative_title_tied_to_an_unknown_body_takes_no_us_chamber(read):
    x = read("Senator Amy Kettle of Oregon spoke first. Speaker Nora Hill of the Ruritanian parliament opened the session. "
             "Referring to Senate Majority Leader Joe Marsh, she said nothing.")
    roles = roles_of(x)
    assert ("Nora Hill", "speaker", None) in roles
    assert ("Joe Marsh", "majority leader", "Senate") in roles


def test_a_body_named_by_the_text_after_at_or_of(read):
    x = read("\u201cWe are watching closely,\u201d said Dan Roe, a trade scholar at the Lakeside Policy Institute in "
             "Denver. Representative Ann Pike of Iowa, a founder of the bipartisan House Prairie Caucus, agreed. "
             "UK Reform Party leader Tom Bale said no.")
    roles = roles_of(x)
    assert ("Dan Roe", "scholar", "Lakeside Policy Institute") in roles
    assert ("Ann Pike", "founder", "House Prairie Caucus") in roles
    assert ("Tom Bale", "leader", "UK Reform Party") in roles


def test_former_belongs_to_its_own_title(read):
    x = read("Jane Holt, a former adviser to President Tom Crane, said the deal was weak. "
             "Former Chilean President Rosa Vidal agreed.")
    roles = roles_of(x)
    assert ("Tom Crane", "president", None) in roles
    assert ("Rosa Vidal", "former president", "Chile") in roles


def test_a_title_and_the_body_after_the_name(read):
    x = read("Chief Justice Paul Reed of the Supreme Court dissented. Police arrested Omar Farid, a member of the opposition.")
    roles = roles_of(x)
    assert ("Paul Reed", "chief justice", "Supreme Court") in roles
    assert not any(person == "Omar Farid" for person, _, _ in roles)   # "member" of nothing named


def test_a_lower_case_representative_is_no_seat(read):
    x = read("Sen. Carl Penn, D-Mont., the representative for the farm lobby, spoke. Treasury Secretary Ann Wolfe "
             "said the United States would pay.")
    roles = roles_of(x)
    assert ("Carl Penn", "senator", "United States Senate") in roles
    assert not any(org == "United States House of Representatives" for _, _, org in roles)
    assert ("Ann Wolfe", "treasury secretary", "United States") in roles


def test_a_party_tag_anywhere_seats_a_bare_representative(read):
    x = read("Rep. Mary Collins spoke on Saturday. Collins, D-N.M., said the vote was close. Texas Rep. Bo Lane agreed.")
    roles = roles_of(x)
    assert ("Mary Collins", "representative", "United States House of Representatives") in roles
    assert ("Bo Lane", "representative", "United States House of Representatives") in roles


def test_prefixed_titles_and_a_spokesman_for_someone_else(read):
    x = read("Mark Dole, then the deputy director of the CIA, objected. Tim Buck, spokesman for House Speaker "
             "Ida Lund (R-Ohio), said nothing. Sen. Ann Lee, D-Va., the top Democrat on the committee, spoke.")
    roles = roles_of(x)
    assert ("Mark Dole", "former deputy director", "Central Intelligence Agency") in roles
    assert not any(person == "Tim Buck" for person, _, _ in roles)
    assert not any(person == "Ann Lee" and title == "top democrat" and org for person, title, org in roles)


def test_a_portfolio_before_a_secretary_is_part_of_the_title(read):
    x = read("Education Secretary Joan Pratt said schools would open. But fellow Tory Ian Marsh said they would not.")
    roles = roles_of(x)
    assert ("Joan Pratt", "education secretary", None) in roles
    assert not any(person == "Ian Marsh" for person, _, _ in roles)


def test_a_state_and_party_in_apposition(read):
    x = read("Senator Bob Hale, a Tennessee Republican who chairs the Foreign Relations Committee, criticized the plan.")
    roles = roles_of(x)
    assert ("Bob Hale", "senator", "United States Senate") in roles
    assert ("Bob Hale", "", "Republican Party") in roles
    assert ("Bob Hale", "head", "Foreign Relations Committee") in roles


def test_an_ex_title_written_as_one_word(read):
    x = read("But ex-foreign secretary Robin Hale says the advice should be published. Ex-Labour MP Tom Gall said Britain should wait.")
    roles = roles_of(x)
    assert ("Robin Hale", "former foreign secretary", "United Kingdom") in roles
    assert ("Tom Gall", "former mp", "Labour Party") in roles


def test_a_plural_title_shared_by_coordinated_names(read):
    x = read("Kenji Sato and Ravi Kumar, both professors at the Tokyo Institute of Economics, were freed.")
    roles = roles_of(x)
    assert ("Kenji Sato", "professor", "Tokyo Institute of Economics") in roles
    assert ("Ravi Kumar", "professor", "Tokyo Institute of Economics") in roles


def test_a_country_after_in_is_where_the_post_is(read):
    x = read("Admiral Ray Mott, the senior U.S. commander in Iraq, said the mission was not over. "
             "Tom Reed, the top Democrat in the House, disagreed.")
    roles = roles_of(x)
    assert ("Ray Mott", "commander", "United States") in roles
    assert ("Tom Reed", "top democrat", "United States House of Representatives") in roles


def test_a_title_before_the_next_name_or_after_for_is_not_this_ones(read):
    x = read("Asked about Prime Minister Erik Dahl, Finance Minister Lars Ek said nothing. "
             "A lawyer for Mr. Carl Penn said he was innocent.")
    roles = roles_of(x)
    assert ("Erik Dahl", "prime minister", None) in roles
    assert ("Lars Ek", "finance minister", None) in roles
    assert not any(person == "Erik Dahl" and title == "finance minister" for person, title, _ in roles)
    assert not any(person == "Carl Penn" for person, _, _ in roles)


def test_an_unnamed_holder_met_by_the_name_is_someone_else(read):
    x = read("Prime Minister Kenji Sato met Britain's prime minister on Monday in London.")
    assert ("Kenji Sato", "prime minister", None) in roles_of(x)


def test_a_portfolio_after_for_is_part_of_the_title(read):
    x = read("Secretary of State for Work and Pensions Alan Jones said the United States was wrong. "
             "Minister for Work Jane Kent agreed.")
    roles = roles_of(x)
    assert ("Alan Jones", "secretary of state for work and pensions", None) in roles
    assert ("Jane Kent", "minister for work", None) in roles


def test_a_title_for_a_named_campaign_is_not_the_names(read):
    x = read("\u201cIt is dishonest,\u201d said Lis Kerr, a spokeswoman for the Tom Crane campaign.")
    assert not any(person == "Tom Crane" for person, _, _ in roles_of(x))


def test_a_title_takes_the_body_of_the_phrase_it_stands_beside(read):
    x = read("Ministers later met the senior British military officer, General Tom Reeve, in Oslo. "
             "In a meeting with the president of Ghana, Prime Minister Erik Dahl said trade would grow.")
    roles = roles_of(x)
    assert ("Tom Reeve", "general", "United Kingdom") in roles
    assert ("Erik Dahl", "prime minister", None) in roles   # the subject is not the phrase before the comma


def test_a_where_clause_names_the_country_of_the_one_met(read):
    x = read("The tour also took him to Kenya and Malawi, where he met with President Peter Mwale. "
             "She flew to Germany, where President Luc Bernard greeted her.")
    roles = roles_of(x)
    assert ("Peter Mwale", "president", "Malawi") in roles
    assert ("Luc Bernard", "president", None) in roles   # the subject may be a visitor


def test_a_family_name_first_short_form_adds_no_untied_title(read):
    x = read("Chinese President Wen Lei met Kenyan President Daniel Otieno. Talks between President Otieno and President Wen went well.")
    roles = roles_of(x)
    assert ("Wen Lei", "president", "China") in roles
    assert not any(person == "Wen" for person, _, _ in roles)


def test_an_office_named_by_a_possessed_noun(read):
    x = read("Ties grew under Tom Crane's Chilean presidency. Critics said John Miller's premiership ended in chaos.")
    roles = roles_of(x)
    assert ("Tom Crane", "president", "Chile") in roles
    assert ("John Miller", "prime minister", None) in roles


@pytest.mark.parametrize("text", [
    "Irish Labour leader Ann Walsh said on Tuesday that the vote would be close.",
    "Australia's Tories lost two seats. Tory leader Mark Dunn blamed the weather.",
    "Australia's Tories lost two seats, and Tory leader Mark Dunn phoned Britain's prime minister.",
    "Christian Democrats leader Eva Brandt praised the budget, which the United States had welcomed.",
])
def test_a_party_word_said_of_another_country_is_not_that_party(read, text):
    parties = {"Labour Party", "Conservative Party", "Democratic Party"}
    assert not any(org in parties for _, _, org in roles_of(read(text)))


def test_a_british_party_word_where_britain_is_named(read):
    roles = roles_of(read("Tory leader Mark Dunn spoke in Manchester. Britain will vote in May."))
    assert ("Mark Dunn", "leader", "Conservative Party") in roles


def test_a_title_several_countries_use_needs_its_country_alone(read):
    shared = read("Foreign Secretary Ravi Menon met Japanese officials in Tokyo. "
                  "Nepal has also sought closer ties with Britain.")
    alone = read("Foreign Secretary Ann Walsh flew to Manchester on Monday. Britain wants a new trade deal.")
    assert ("Ravi Menon", "foreign secretary", None) in roles_of(shared)
    assert ("Ann Walsh", "foreign secretary", "United Kingdom") in roles_of(alone)
