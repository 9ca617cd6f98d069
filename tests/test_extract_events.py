"""Meetings and visits on sentences of our own (loads the language model)."""
import pytest

pytestmark = pytest.mark.model


def labels(x, keys):
    names = {e.key: e.label for e in x.entities}
    return [names.get(k, k) for k in keys]


def meetings(x):
    return [sorted(labels(x, m.participants)) for m in x.meetings]


def visits(x):
    return sorted((labels(x, [v.person])[0], labels(x, [v.place])[0]) for v in x.visits)


def test_between_names_the_whole_meeting_not_the_reporter(read):
    x = read("Swedish Foreign Minister Erik Berg said on Wednesday that talks between Danish Prime Minister "
             "Lars Holm and Polish President Anna Nowak in Warsaw this month will cover energy.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert labels(x, x.meetings[0].places) == ["Warsaw"]


def test_meeting_in_a_phrase_of_a_modal_clause_still_happened(read):
    x = read("The pact, first floated at a January news conference between Lars Holm "
             "and Anna Nowak, could be shelved.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert x.meetings[0].date.value == "2024-01"


def test_modal_meeting_itself_is_still_not_a_fact(read):
    x = read("Lars Holm could meet Anna Nowak in Warsaw next week.")
    assert x.meetings == ()


def test_possessive_pronoun_looks_ahead_to_the_subject(read):
    x = read("Lars Holm arrived on Monday. In his discussion with Holm, Polish President Anna Nowak stressed "
             "energy security.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]


def test_place_of_a_where_clause_and_of_a_compound(read):
    x = read("Lars Holm has been to Chile and Peru, where he met with President Rosa Vega. "
             "Erik Berg raised the issue in a Buckingham Palace meeting with Anna Nowak.")
    by_people = {tuple(sorted(labels(x, m.participants))): labels(x, m.places) for m in x.meetings}
    assert by_people[("Lars Holm", "Rosa Vega")] == ["Peru"]
    assert by_people[("Anna Nowak", "Erik Berg")] == ["Buckingham Palace"]


def test_due_to_meet_takes_the_date_ahead(read):
    x = read("Lars Holm arrived in Warsaw. On Friday he is due to meet with Polish President Anna Nowak.")
    m = next(m for m in x.meetings if "Anna Nowak" in labels(x, m.participants))
    assert m.status == "scheduled" and m.date.value == "2024-03-15"


def test_talks_of_countries_or_bodies_when_no_person_is_named(read):
    x = read("Chile and the World Bank had been holding direct talks on a loan.")
    assert meetings(x) == [["Chile", "World Bank"]]


def test_talks_with_an_unnamed_group_are_not_a_meeting_of_bodies(read):
    x = read("Chile held talks with several creditors on Monday.")
    assert x.meetings == ()


def test_visit_destination_through_modifiers_and_location(read):
    x = read("Lars Holm visited the grave of a poet in Krakow on Tuesday. "
             "Anna Nowak visited the Mazury lake district.")
    assert ("Lars Holm", "Krakow") in visits(x)
    assert all(p != "Lars Holm" or place == "Krakow" for p, place in visits(x))


def test_leaving_for_a_place(read):
    x = read("Lars Holm spoke to reporters before leaving for Brazil.")
    assert visits(x) == [("Lars Holm", "Brazil")]


def test_trip_that_took_someone_to_places(read):
    x = read("The tour, which has taken Anna Nowak to Sweden and Finland, ends in Oslo on Friday.")
    assert {("Anna Nowak", "Sweden"), ("Anna Nowak", "Finland")} <= set(visits(x))


def test_owned_trip_with_a_place_compound_and_a_departure(read):
    x = read("Anna Nowak's week-long Africa tour ends on Friday. "
             "The summit comes before Lars Holm's departure on May 3 to Chile, Peru and Brazil.")
    assert ("Anna Nowak", "Africa") in visits(x)
    assert {("Lars Holm", "Chile"), ("Lars Holm", "Peru"), ("Lars Holm", "Brazil")} <= set(visits(x))
    assert all(v.date.value == "2024-05-03" for v in x.visits if labels(x, [v.person]) == ["Lars Holm"])


def test_guest_welcomed_at_a_place(read):
    x = read("Polish President Anna Nowak gave a lavish reception for Lars Holm at Wawel Castle on Wednesday.")
    assert visits(x) == [("Lars Holm", "Wawel Castle")]
    assert x.visits[0].date.value == "2024-03-13"


def test_mission_needs_an_owner(read):
    x = read("Lars Holm came home from his long mission to Brazil. "
             "A United Nations mission to Chile began on Monday.")
    assert visits(x) == [("Lars Holm", "Brazil")]


def test_call_with_someone_is_a_phone_call(read):
    x = read("Lars Holm's call with Anna Nowak on 3 May covered energy. Erik Berg's call for reforms was rejected.")
    assert [(m.kind, sorted(labels(x, m.participants))) for m in x.meetings] == [("phone call", ["Anna Nowak", "Lars Holm"])]
    assert x.meetings[0].date.value == "2024-05-03"


def test_testimony_before_a_named_committee(read):
    x = read("Lars Holm testified before the Senate Intelligence Committee on Tuesday.")
    assert [(m.kind, sorted(labels(x, m.participants))) for m in x.meetings] == [("hearing", ["Lars Holm", "Senate Intelligence Committee"])]


def test_debate_between_two_people(read):
    x = read("A debate between Lars Holm and Anna Nowak was held in Oslo on Tuesday.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert labels(x, x.meetings[0].places) == ["Oslo"]


def test_officials_stand_for_their_country_and_delegations_for_their_leaders(read):
    x = read("U.S. officials held talks with the Taliban in Doha. "
             "Two delegations led by Lars Holm and Anna Nowak met in Geneva.")
    assert sorted(meetings(x)) == [["Anna Nowak", "Lars Holm"], ["Taliban", "United States"]]


def test_people_merely_named_together_did_not_meet(read):
    x = read("Anna Nowak said Lars Holm and Erik Berg disagreed on trade.")
    assert x.meetings == ()


@pytest.mark.parametrize("text, place", [
    ("Lars Holm is in London this week.", "London"),
    ("During a stop in Lisbon, Lars Holm said the talks were useful.", "Lisbon"),
    ("Lars Holm, speaking in Madrid on Tuesday, said the deal was close.", "Madrid"),
    ("Lars Holm led a march to Berlin on Sunday.", "Berlin"),
    ("Lars Holm took his campaign to Ohio on Monday.", "Ohio"),
    ("Lars Holm, who flew to Rome on Monday, said he was tired.", "Rome"),
])
def test_presence_and_journey_forms(read, text, place):
    assert visits(read(text)) == [("Lars Holm", place)]


@pytest.mark.parametrize("text", [
    "Lars Holm was born in London in 1960.",
    "Lars Holm, who is based in Geneva, declined to comment.",
    "Lars Holm spoke in English on Tuesday.",
    "Lars Holm took the matter to court.",
    "Lars Holm is popular in France.",
])
def test_not_visits(read, text):
    assert read(text).visits == ()


def test_willingness_to_meet_is_not_a_meeting(read):
    x = read("Lars Holm said he would be glad to meet Anna Nowak. Erik Berg is ready to meet Anna Nowak in Oslo.")
    assert x.meetings == ()


def test_planned_meeting_reads_its_weekday_forward(read):
    x = read("Lars Holm is due to meet Anna Nowak in Oslo on Friday.")
    assert [(m.status, m.date.value) for m in x.meetings] == [("scheduled", "2024-03-15")]


def test_welcome_for_a_guest_is_a_meeting_where_it_was_given(read):
    x = read("Polish President Anna Nowak gave a lavish reception for Lars Holm at Wawel Castle on Wednesday.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert labels(x, x.meetings[0].places) == ["Wawel Castle"] and x.meetings[0].date.value == "2024-03-13"


def test_sentence_opening_plural_noun_with_place_and_week(read):
    x = read("Meetings between Lars Holm and Anna Nowak in Oslo this week will be tense, aides said.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    m = x.meetings[0]
    assert labels(x, m.places) == ["Oslo"] and m.date.value == "2024-03" and m.status == "scheduled"


def test_visited_something_in_a_place(read):
    x = read("Lars Holm visited the grave of a poet in Krakow on Sunday.")
    assert visits(x) == [("Lars Holm", "Krakow")]


def test_the_city_refers_back_to_the_city_just_named(read):
    x = read("Lars Holm toured Peru and gave a lecture in Lima on his second journey to the city. "
             "British Prime Minister Erik Berg's trip to the country was cancelled.")
    assert ("Lars Holm", "Lima") in visits(x)
    assert not [v for v in visits(x) if v[0] == "Erik Berg"]


@pytest.mark.parametrize("text", [
    "Lars Holm cancelled his trip to Paris.",
    "Lars Holm postponed a visit to Berlin.",
    "Critics urged Lars Holm to cancel his visit to Madrid.",
])
def test_called_off_journeys_are_not_visits(read, text):
    assert read(text).visits == ()


def test_a_journey_as_subject_of_a_negated_verb_still_happened(read):
    x = read("Lars Holm's trip to Chile in 2019 was not a success.")
    assert visits(x) == [("Lars Holm", "Chile")]


def test_cues_inside_a_plan_are_not_facts(read):
    x = read("Aides said Lars Holm drew up a plan to visit Chile in May and meet Anna Nowak there.")
    assert x.meetings == () and x.visits == ()


def test_undated_phrase_under_a_modal_is_not_presupposed(read):
    x = read("Erik Berg told Anna Nowak that she should mention it in her testimony before the Senate Intelligence Committee.")
    assert x.meetings == ()


def test_a_gerund_of_going_inside_a_noun_phrase_has_no_traveller(read):
    x = read('"We will end the tie between arriving in Spain and getting benefits," Lars Holm said.')
    assert x.visits == ()


def test_they_meet_in_a_temporal_clause_is_the_pair_of_its_clause(read):
    x = read("Lars Holm will press Anna Nowak on trade when they meet in Oslo next week.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert labels(x, x.meetings[0].places) == ["Oslo"] and x.meetings[0].status == "scheduled"


def test_they_meet_takes_the_one_asked_not_the_one_asking(read):
    x = read("Erik Berg asked Lars Holm to be tough with Anna Nowak when they meet in Oslo on Monday.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert x.meetings[0].date.value == "2024-03-18"


def test_counterparts_stand_for_their_countries(read):
    x = read("Lars Holm met his Chilean and Peruvian counterparts in Manila on Monday.")
    assert meetings(x) == [["Chile", "Lars Holm", "Peru"]]
    assert labels(x, x.meetings[0].places) == ["Manila"] and x.meetings[0].date.value == "2024-03-11"


def test_meeting_abroad_is_a_visit_of_the_guest_not_the_host(read):
    x = read("Chilean President Lars Holm met Peruvian President Anna Nowak in Lima on Tuesday.")
    assert visits(x) == [("Lars Holm", "Lima")]
    assert x.visits[0].date.value == "2024-03-12"


def test_bare_infinitive_joined_to_a_finite_verb_is_part_of_the_plan(read):
    x = read("Aides said Lars Holm supported a plan, drafted by his staff, to tour Chile in May, "
             "meet President Anna Nowak in Santiago and sign a pact.")
    assert x.meetings == () and x.visits == ()


@pytest.mark.parametrize("text, kind, place", [
    ("Lars Holm welcomed Anna Nowak to Downing Street on Monday.", "meeting", ["Downing Street"]),
    ("Lars Holm sat down with Anna Nowak in Oslo on Monday.", "meeting", ["Oslo"]),
    ("Lars Holm held a video conference with Anna Nowak on Monday.", "video conference", []),
    ("Lars Holm hosted a dinner for Anna Nowak in Oslo on Monday.", "dinner", ["Oslo"]),
])
def test_more_meeting_forms(read, text, kind, place):
    x = read(text)
    assert [(m.kind, sorted(labels(x, m.participants)), labels(x, m.places)) for m in x.meetings] == \
        [(kind, ["Anna Nowak", "Lars Holm"], place)]
    assert x.meetings[0].date.value == "2024-03-11"


def test_welcoming_a_decision_is_no_meeting(read):
    assert read("Lars Holm welcomed Anna Nowak's decision on Monday.").meetings == ()


def test_purpose_infinitive_shares_the_time_of_its_journey(read):
    x = read("Lars Holm will travel to Chile next week to meet President Anna Nowak.")
    assert [(m.status, m.date.value) for m in x.meetings] == [("scheduled", "2024-03")]
    assert visits(x) == [("Lars Holm", "Chile")]


@pytest.mark.parametrize("text, person, place", [
    ("Lars Holm landed in Santiago on Tuesday.", "Lars Holm", "Santiago"),
    ("Lars Holm, who is on a tour of Asia, praised the deal.", "Lars Holm", "Asia"),
    ("Lars Holm's arrival in Lima was delayed by fog.", "Lars Holm", "Lima"),
    ("Lars Holm gave Anna Nowak a tour of Oslo on Tuesday.", "Anna Nowak", "Oslo"),
])
def test_more_visit_forms(read, text, person, place):
    assert visits(read(text)) == [(person, place)]


def test_who_judges_a_meeting_did_not_attend_it(read):
    x = read("Erik Berg criticised the meeting with Anna Nowak. After talks with Lars Holm, Anna Nowak left.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]


def test_hearing_of_a_named_committee_and_a_debate_verb(read):
    x = read("At a hearing of the Senate Judiciary Committee on Tuesday, Lars Holm defended the plan. "
             "Anna Nowak debated Erik Berg in Oslo. The senators debated the bill.")
    assert sorted((m.kind, tuple(sorted(labels(x, m.participants)))) for m in x.meetings) == [
        ("debate", ("Anna Nowak", "Erik Berg")), ("hearing", ("Lars Holm", "Senate Judiciary Committee"))]


def test_possessive_in_an_opening_phrase_refers_to_the_subject(read):
    x = read("President Mary Stone met Karl Weber on Monday. "
             "During his three-day visit to Nigeria, Karl Weber met President Ade Bello.")
    assert ("Karl Weber", "Nigeria") in visits(x)
    assert not [v for v in visits(x) if v[0] == "Mary Stone"]


def test_planned_visit_reads_its_month_forward(read):
    x = read("President Mary Stone met Karl Weber on Monday. Stone is scheduled to visit Berlin in June.")
    assert [(labels(x, [v.person, v.place]), v.date.value) for v in x.visits if labels(x, [v.place]) == ["Berlin"]] == \
        [(["Mary Stone", "Berlin"], "2024-06")]


def test_officials_from_two_countries(read):
    x = read("Officials from Chile and Peru met in Lima on Monday.")
    assert meetings(x) == [["Chile", "Peru"]]


def test_who_met_in_a_relative_clause(read):
    x = read("Lars Holm, who met Anna Nowak last year, criticised Erik Berg.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]] and x.meetings[0].date.value == "2023"


def test_an_accused_meeting_is_not_a_fact(read):
    assert read("Erik Berg accused Lars Holm of secretly meeting Anna Nowak.").meetings == ()


def test_subjects_of_the_verb_an_infinitive_completes(read):
    x = read("Lars Holm and Anna Nowak are expected to meet next month.")
    assert meetings(x) == [["Anna Nowak", "Lars Holm"]]
    assert (x.meetings[0].status, x.meetings[0].date.value) == ("scheduled", "2024-04")


def test_the_one_invited_is_the_one_to_go(read):
    assert visits(read("Lars Holm invited Anna Nowak to visit Chile.")) == [("Anna Nowak", "Chile")]


@pytest.mark.parametrize("text", [
    "Lars Holm and Erik Berg pressed the opposition to meet in the middle.",
    "Both the House and the Senate will have to sit down and resolve the issues.",
])
def test_demands_and_sitting_down_alone_are_no_meetings(read, text):
    assert read(text).meetings == ()


def test_no_host_from_outside_a_relative_clause_or_for_plural_hearings(read):
    x = read("Lars Holm has taken tougher stances than his colleagues, who have softened their views on "
             "how to handle the talks with Anna Nowak. As he often has in Senate Judiciary Committee hearings, "
             "Erik Berg criticised the plan.")
    assert x.meetings == ()


def test_negotiating_with_someone_is_a_meeting_placed_by_the_presence(read):
    x = read("Finnish Foreign Minister Aino Virtanen was in Lima on Monday negotiating with Peruvian "
             "President Jorge Salas.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert labels(x, x.meetings[0].places) == ["Lima"] and x.meetings[0].date.value == "2024-03-11"


def test_negotiating_a_deal_is_no_meeting(read):
    x = read("Aino Virtanen negotiated a new copper deal last year.")
    assert x.meetings == ()


def test_taking_part_in_talks_with_a_government(read):
    x = read("Aino Virtanen will take part in fresh talks with the Peruvian government next week.")
    assert meetings(x) == [["Aino Virtanen", "Peru"]]
    assert x.meetings[0].status == "scheduled"


def test_sidelines_of_a_summit_give_the_place_of_one_meeting(read):
    x = read("Aino Virtanen met Jorge Salas and Rosa Vega on the sidelines of a summit in Lima on Monday.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas", "Rosa Vega"]]
    assert labels(x, x.meetings[0].places) == ["Lima"]


def test_meeting_of_the_ministers_of_two_countries(read):
    x = read("A meeting of the foreign ministers of Chile and Peru in Lima on Monday ended without a statement.")
    assert meetings(x) == [["Chile", "Peru"]]
    assert labels(x, x.meetings[0].places) == ["Lima"]


def test_passive_welcome_is_a_meeting_and_a_visit(read):
    x = read("Jorge Salas was welcomed by Aino Virtanen in Helsinki on Monday.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert visits(x) == [("Jorge Salas", "Helsinki")]


def test_spoke_by_phone(read):
    x = read("Aino Virtanen and Jorge Salas spoke by phone on Monday.")
    assert [m.kind for m in x.meetings] == ["phone call"]


def test_telling_someone_during_talks(read):
    x = read("Chile told Peruvian officials during talks on fishing in Lima on Monday that quotas must fall.")
    assert meetings(x) == [["Chile", "Peru"]]
    assert labels(x, x.meetings[0].places) == ["Lima"] and x.meetings[0].date.value == "2024-03-11"


def test_upcoming_meeting_under_a_demand_is_still_scheduled(read):
    x = read("Opposition leaders on Tuesday urged Aino Virtanen to cancel her upcoming meeting with Jorge Salas.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert x.meetings[0].status == "scheduled" and x.meetings[0].date is None


def test_called_off_meeting_is_no_meeting(read):
    x = read("Aino Virtanen's upcoming meeting with Jorge Salas was called off. "
             "Rosa Vega cancelled her talks with Jorge Salas.")
    assert x.meetings == ()


def test_the_title_two_people_share_is_the_one_not_already_a_party(read):
    x = read("President Aino Virtanen will meet President Jorge Salas on Monday. Senators urged the president "
             "to be firm with Salas when they meet in Lima.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert labels(x, x.meetings[0].places) == ["Lima"]


def test_companion_on_a_visit_travels_too(read):
    x = read("Finance Minister Jorge Salas is accompanying President Aino Virtanen on her visit to Chile this week.")
    assert visits(x) == [("Aino Virtanen", "Chile"), ("Jorge Salas", "Chile")]


def test_arrival_at_a_place_and_a_capital_of_a_place(read):
    x = read("The ceremony on Virtanen's arrival at Lima's airport on Monday was lavish. "
             "Jorge Salas took a train to return to the regional capital of Temuco.")
    assert visits(x) == [("Jorge Salas", "Temuco"), ("Virtanen", "Lima")]
    assert next(v for v in x.visits if v.cue == "arrival").date.value == "2024-03-11"


def test_visit_that_comes_now_and_a_duration_is_no_date(read):
    x = read("Aino Virtanen's visit to Lima comes a week after a storm hit the city. "
             "Jorge Salas ended a two-day visit to Chile on Monday.")
    dates = {labels(x, [v.place])[0]: v.date.value for v in x.visits}
    assert dates == {"Lima": "2024-03-14", "Chile": "2024-03-11"}


def test_joint_appearance_only_when_the_text_says_together(read):
    x = read("Aino Virtanen and Jorge Salas appeared together at a news conference in Lima on Monday. "
             "Rosa Vega and Lars Holm appeared at separate news conferences on Tuesday.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert x.meetings[0].kind == "joint appearance"


def test_meeting_separately_is_one_meeting_each(read):
    x = read("Aino Virtanen met separately with Jorge Salas and Rosa Vega on Monday.")
    assert sorted(meetings(x)) == [["Aino Virtanen", "Jorge Salas"], ["Aino Virtanen", "Rosa Vega"]]


def test_discussing_a_topic_with_someone(read):
    x = read("Aino Virtanen discussed trade with Jorge Salas on Monday.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]


def test_place_of_talks_a_guest_is_hosted_for_and_a_seat_of_government(read):
    x = read("Aino Virtanen will host Jorge Salas for talks in Helsinki next week. "
             "Rosa Vega raised the issue in a Buckingham Palace meeting with Lars Holm.")
    by_people = {tuple(sorted(labels(x, m.participants))): labels(x, m.places) for m in x.meetings}
    assert by_people[("Aino Virtanen", "Jorge Salas")] == ["Helsinki"]
    assert by_people[("Lars Holm", "Rosa Vega")] == ["Buckingham Palace"]


def test_undated_fact_in_the_simple_past_takes_the_lead_date(read):
    x = read("Finnish President Aino Virtanen praised Chile's growth on Tuesday, the palace said. "
             "In a palace meeting with Chilean President Rosa Vega, Virtanen raised copper prices. "
             "Virtanen had met Jorge Salas before. Virtanen previously met Lars Holm.")
    by_people = {tuple(sorted(labels(x, m.participants))): m for m in x.meetings}
    held = by_people[("Aino Virtanen", "Rosa Vega")]
    assert held.date.value == "2024-03-12" and len(held.evidence) == 2
    assert by_people[("Aino Virtanen", "Jorge Salas")].date is None
    assert by_people[("Aino Virtanen", "Lars Holm")].date is None


def test_talks_of_countries_are_the_meeting_of_the_people_who_stand_for_them(read):
    x = read("Chile told Peruvian officials during talks on fishing in Lima on Monday that quotas must fall. "
             "The statement came after delegations led by Chile's fisheries chief Rosa Vega and "
             "Peruvian Deputy Minister Jorge Salas met to discuss quotas.")
    assert meetings(x) == [["Jorge Salas", "Rosa Vega"]]
    assert labels(x, x.meetings[0].places) == ["Lima"] and x.meetings[0].date.value == "2024-03-11"


def test_talks_of_countries_stay_apart_from_people_of_other_countries(read):
    x = read("Chile told Peruvian officials during talks on fishing in Lima on Monday that quotas must fall. "
             "Separately, Finnish President Aino Virtanen met Swedish Prime Minister Lars Holm.")
    assert sorted(meetings(x)) == [["Aino Virtanen", "Lars Holm"], ["Chile", "Peru"]]


def test_people_a_delegation_includes_are_the_participants(read):
    x = read("Finnish President Aino Virtanen also met with senior officials from the Peruvian army, "
             "including General Jorge Salas and Admiral Rosa Vega.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas", "Rosa Vega"]]


def test_a_later_mention_dates_an_undated_visit(read):
    x = read("Aino Virtanen's visit to Lima focused on trade. Aino Virtanen flew into Lima on Tuesday, "
             "her first stop.")
    assert [(v.date.value, len(v.evidence)) for v in x.visits] == [("2024-03-12", 2)]


def test_lone_surname_the_tagger_misreads_is_the_person(read):
    x = read("Finnish President Aino Virtanen arrived in Lima on Tuesday. Virtanen met Peruvian President "
             "Jorge Salas. Virtanen, on a brief three-nation visit to Chile, said trade was growing.")
    assert ["Aino Virtanen", "Jorge Salas"] in meetings(x)
    assert ("Aino Virtanen", "Chile") in visits(x)


def test_discussed_on_the_sidelines_of_a_meeting_with_two_ministers(read):
    x = read("Finnish Foreign Minister Aino Virtanen praised the accord, which she said she had discussed with "
             "Peruvian Trade Minister Rosa Vega and Chilean Foreign Minister Julia Birch on the sidelines "
             "of a regional meeting in Manila in August.")
    assert meetings(x) == [["Aino Virtanen", "Julia Birch", "Rosa Vega"]]
    assert labels(x, x.meetings[0].places) == ["Manila"] and x.meetings[0].date.value == "2023-08"


def test_would_in_reported_speech_is_a_plan_unless_conditional(read):
    x = read("Secretary of State Tom Reed said Tuesday that he would be in Geneva negotiating with "
             "Iranian Foreign Minister Ali Karimi.")
    assert meetings(x) == [["Ali Karimi", "Tom Reed"]] and x.meetings[0].status == "scheduled"
    x = read("Aino Virtanen said she would meet Jorge Salas if the talks resumed. "
             "Rosa Vega said she would not meet Lars Holm.")
    assert x.meetings == ()


def test_whether_they_talked_and_an_offered_opportunity_are_no_meetings(read):
    x = read("Tom Reed said he did not know whether Aino Virtanen and Jorge Salas had talked before the vote. "
             "\"We offered the president an opportunity to balance the trip with a private meeting with us,\" "
             "Senator Rosa Vega said.")
    assert x.meetings == ()


def test_warning_a_country_at_a_summit_is_no_meeting_with_it(read):
    x = read("Aino Virtanen warned Russia at a summit in Lima on Monday.")
    assert x.meetings == ()


def test_hoping_to_meet_or_visit_is_no_fact_whatever_the_lemma(read):
    x = read("Aino Virtanen hopes to meet Jorge Salas next month. Rosa Vega hoped to visit Chile.")
    assert x.meetings == () and x.visits == ()


def test_a_meeting_a_journey_is_for_takes_its_destination(read):
    x = read("Aino Virtanen arrived in Lima on Monday to meet Jorge Salas. "
             "Rosa Vega traveled to Quito on Tuesday for a meeting with Lars Holm.")
    by_people = {tuple(sorted(labels(x, m.participants))): labels(x, m.places) for m in x.meetings}
    assert by_people == {("Aino Virtanen", "Jorge Salas"): ["Lima"], ("Lars Holm", "Rosa Vega"): ["Quito"]}


def test_a_participle_meeting_shares_its_clause_date(read):
    x = read("Aino Virtanen began a state visit to Peru on Monday, meeting Jorge Salas in Lima.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]] and x.meetings[0].date.value == "2024-03-11"


def test_a_pair_acting_after_talks_held_them(read):
    x = read("Peruvian President Jorge Salas and his Finnish counterpart Aino Virtanen signed a trade pact "
             "after talks in Lima on Monday.")
    assert meetings(x) == [["Aino Virtanen", "Jorge Salas"]]
    assert labels(x, x.meetings[0].places) == ["Lima"]


def test_addressing_an_audience_in_a_place_is_no_visit_there(read):
    x = read("Lars Holm addressed reporters in Paris by video link from Lima. "
             "Anna Nowak addressed the parliament in Berlin on Tuesday.")
    assert visits(x) == []
