from kg.graph.resolve import (best_label, cluster_persons, demonym_country, is_acronym_of, is_short_form,
                        person_key, person_tokens, place_or_body)


def test_short_names_join_their_full_name():
    names = ["Keir Starmer", "Starmer", "Giorgia Meloni", "Meloni", "Mr. Starmer"]
    assert cluster_persons(names) == ["Keir Starmer", "Keir Starmer", "Giorgia Meloni", "Giorgia Meloni", "Keir Starmer"]


def test_a_surname_shared_by_two_people_goes_to_the_nearest_before():
    assert cluster_persons(["Bill Clinton", "Hillary Clinton", "Clinton"])[2] == "Hillary Clinton"


def test_each_mention_of_a_surname_is_resolved_where_it_stands():
    # "Mr Howard" after each full name is the one just named; the headline's "Howard", before any
    # full name, is the Howard the article names most
    names = ["Howard", "Michael Howard", "Mr Howard", "Mr Howard", "John Howard", "Mr Howard"]
    assert cluster_persons(names) == ["Michael Howard", "Michael Howard", "Michael Howard", "Michael Howard",
                                      "John Howard", "John Howard"]


def test_a_surname_before_two_people_named_as_often_stays_alone():
    assert cluster_persons(["Miliband", "David Miliband", "Ed Miliband"])[0] == "Miliband"
    assert cluster_persons(["Clinton", "Bill Clinton", "Hillary Clinton"])[0] == "Clinton"


def test_a_surname_with_no_full_name_stands_alone():
    assert cluster_persons(["Clinton", "Obama"]) == ["Clinton", "Obama"]


def test_particles_and_multiword_surnames():
    assert is_short_form("Mr. Bashir", "Omar Hassan al-Bashir")
    assert is_short_form("Bin Laden", "Osama bin Laden")
    assert not is_short_form("Laden Osama", "Osama bin Laden")


def test_person_key_ignores_middle_names_and_honorifics():
    assert person_key("Tom J. Hale") == person_key("Mr Tom Hale") == "person/tom-hale"


def test_best_label_prefers_the_full_frequent_form():
    assert best_label(["Mr. Reeves", "Eric Reeves"]) == "Eric Reeves"


def test_gazetteer_names_aliases_and_demonyms():
    assert place_or_body("Britain") == place_or_body("the United Kingdom") == ("place/Q145", "United Kingdom", "Country")
    assert place_or_body("IMF")[1] == "International Monetary Fund"
    assert demonym_country("Sudanese")[1] == "Sudan"
    assert demonym_country("Martian") is None
    assert place_or_body("Atlantis") is None


def test_acronyms():
    assert is_acronym_of("ICMR", "Indian Council of Medical Research")
    assert not is_acronym_of("NATO", "Food and Drug Administration")
    assert not is_acronym_of("Fda", "Food and Drug Administration")


def test_a_rank_is_dropped_only_before_a_name():
    assert person_key("Lt Col Anna Berg") == person_key("Anna Berg")
    assert person_key("Mr Major") == "person/major"
    assert is_short_form("Mr Major", "Tom Major")
    assert is_short_form("General", "Ana General")
    assert all(person_tokens(n) for n in ("Mr", "Mr.", "Major", "Lt Col"))
