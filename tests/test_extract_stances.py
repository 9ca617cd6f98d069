"""Stances on sentences of our own: the kinds of sentence that report an evaluation, and those that do not."""
import pytest

from kg.extract.stances import valence
from kg.knowledge import opinion_lexicon


def stances(x):
    names = {e.key: e.label for e in x.entities} | {t.key: t.label for t in x.topics} | {a.key: a.label for a in x.agreements}
    return {(names.get(s.source, s.source), s.polarity, names.get(s.target, s.target)) for s in x.stances}


def test_opinion_lexicon_gives_polarity_and_negative_prefixes():
    assert len(opinion_lexicon()) > 3000
    assert valence("illegal") < 0 < valence("great")
    assert valence("unjustified") < 0          # not listed itself: the prefix turns "justified" negative
    assert valence("invaluable") is None       # "in-" is no safe negation
    assert valence("parliament") is None
    assert valence("baseless") < 0 < valence("game-changer")   # the lexicon's own supplement


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # an ascribed quality: called / described as / considers, polarity from the opinion lexicon
    ('Chilean Senator Marta Rojas called the mining levy "unjustified".', ("Marta Rojas", "negative", "mining levy")),
    ("Spain described the fishing treaty as a disaster.", ("Spain", "negative", "fishing treaty")),
    ("Spain described the new treaty as a great success.", ("Spain", "positive", "new treaty")),
    ("Peru considers the new tariffs illegal.", ("Peru", "negative", "new tariffs")),
    # a quality in what the source says, and a warning of harm
    ("Peru said the accusations were unfair.", ("Peru", "negative", "accusations")),
    ("Lina Park said the river police kept committing brutal abuses.", ("Lina Park", "negative", "river police")),
    ("Senator Lina Park warned that the port fees could hurt the fishing fleet.", ("Lina Park", "negative", "port fees")),
    ("Lina Park warned investors that the new tariffs could hurt exports.", ("Lina Park", "negative", "new tariffs")),
    ("Senator Lina Park said Kenji Sato should scrap the ferry tax.", ("Lina Park", "negative", "ferry tax")),
    ("Tom Hale restated his belief that the ferry tax was unjust.", ("Tom Hale", "negative", "ferry tax")),
    ("Peru said nobody could deny the truth that the fishing ban was unfair.", ("Peru", "negative", "fishing ban")),
    # "it" with nothing before it in its sentence: what the sentence before was about
    ("Senator John Smith discussed the canal plan on Monday. He said he supported it.", ("John Smith", "positive", "canal plan")),
    ("Marta Rojas wants to keep the fishing levy. She said it remained justified.", ("Marta Rojas", "positive", "fishing levy")),
    # a stance noun, reported or owned
    ("Lars Berg voiced deep concern over the detention of two reporters.", ("Lars Berg", "negative", "detention of two reporters")),
    ("Lars Berg expressed concern to Kenji Sato about the arrests.", ("Lars Berg", "negative", "arrests")),
    ("Rosa Vega stepped up her criticism of the fishing quota.", ("Rosa Vega", "negative", "fishing quota")),
    ("Marta Rojas threw her support behind the canal project.", ("Marta Rojas", "positive", "canal project")),
    ("Marta Rojas expressed her gratitude to Chile.", ("Marta Rojas", "positive", "Chile")),
    ("The canal plan drew sharp criticism from Peru.", ("Peru", "negative", "canal plan")),
    # feelings, whose polarity is the opinion lexicon's; for or against
    ("Marta Rojas was disappointed with the ruling.", ("Marta Rojas", "negative", "ruling")),
    ("Marta Rojas said she was grateful for the loan.", ("Marta Rojas", "positive", "loan")),
    ("Peru is firmly against the new tariffs.", ("Peru", "negative", "new tariffs")),
    ("Chile is in favour of the canal project.", ("Chile", "positive", "canal project")),
    # a person who is a stance
    ("Marta Rojas has long been an advocate of the free trade zone.", ("Marta Rojas", "positive", "free trade zone")),
    ("Senator Paul Dunn, a longtime critic of Kenji Sato, spoke on Monday.", ("Paul Dunn", "negative", "Kenji Sato")),
    # phrasal cues, a call to undo something, a warning against it, new cue verbs
    ("Norway pushed back on the smuggling charges.", ("Norway", "negative", "smuggling charges")),
    ("Lina Park lashed out at Peru.", ("Lina Park", "negative", "Peru")),
    ("Danish lawmakers urged Lars Holm to scrap the ferry tax.", ("Danish lawmakers", "negative", "ferry tax")),
    ("Senator Lina Park warned Peru against signing the pact.", ("Lina Park", "negative", "signing pact")),
    ("Marta Rojas defended the pension reform.", ("Marta Rojas", "positive", "pension reform")),
    ("Marta Rojas chastised Peru over its fishing policy.", ("Marta Rojas", "negative", "Peru")),
    # sources through a relative pronoun and through the object of 'prompted X to ...'
    ("Lina Park, who criticised the pension reform, resigned on Monday.", ("Lina Park", "negative", "pension reform")),
    ("Marta Rojas is said to be ill and has opposed the canal plan.", ("Marta Rojas", "negative", "canal plan")),
    ("The concert prompted Kenji Sato to praise the choir.", ("Kenji Sato", "positive", "choir")),
    # the target a relative clause hangs from, through an infinitive
    ("Lina Park mentioned the border plan, which Chile stands ready to back.", ("Chile", "positive", "border plan")),
    # judging words the opinion lexicon lacks, hyphenated ones too
    ('Lina Park called the harbour vote "a sham".', ("Lina Park", "negative", "harbour vote")),
    ("Peru said the smuggling charges were baseless.", ("Peru", "negative", "smuggling charges")),
    ('Marta Rojas described the new bridge as a "game-changer".', ("Marta Rojas", "positive", "new bridge")),
    ("Lina Park described the port ruling as inappropriate.", ("Lina Park", "negative", "port ruling")),
    # a cue verb's own preposition; a stance noun whose "to" is the target
    ("Peru objected to the fishing ban.", ("Peru", "negative", "fishing ban")),
    ("Peru protested against the fishing ban.", ("Peru", "negative", "fishing ban")),
    ("Peru voiced strong opposition to the fishing ban.", ("Peru", "negative", "fishing ban")),
    # a strong judging word the writer quotes from the one who acts on a policy or deal
    ('Marta Rojas said she was scrapping the "ruinous ferry deal" with Peru.', ("Marta Rojas", "negative", "ruinous ferry deal with Peru")),
    # under fire
    ("Senator Maria Lopez came under fire from Senator John Smith.", ("John Smith", "negative", "Maria Lopez")),
    ("The canal plan drew fire from Chile.", ("Chile", "negative", "canal plan")),
    # how something was received, the modifier giving the polarity ("cool" is no praise here)
    ("Peru's remarks found a cool reception from Chile.", ("Chile", "negative", "Peru's remarks")),
    ("The canal proposal received a warm welcome from Chile.", ("Chile", "positive", "canal proposal")),
    ('Peru slammed the fishing ban as a "grave mistake".', ("Peru", "negative", "fishing ban")),
    # a quality after the object the parser took for an adverb; more verbs that state a judgement
    ("Senator Maria Lopez branded the port decision a disgrace.", ("Maria Lopez", "negative", "port decision")),
    ("Senator Maria Lopez maintained that the port ruling was unfair.", ("Maria Lopez", "negative", "port ruling")),
    ("Senator Maria Lopez stressed that the canal plan was unworkable.", ("Maria Lopez", "negative", "canal plan")),
    # a call or a vow to end, scrap or overturn something; satisfaction and commitment
    ("Senator Maria Lopez called for an end to the blockade.", ("Maria Lopez", "negative", "blockade")),
    ("Senator Maria Lopez wants Peru to end the blockade.", ("Maria Lopez", "negative", "blockade")),
    ("Senator Maria Lopez pledged to overturn the port ruling.", ("Maria Lopez", "negative", "port ruling")),
    ("Senator Maria Lopez expressed satisfaction with the canal deal.", ("Maria Lopez", "positive", "canal deal")),
    ("Senator Maria Lopez reaffirmed her commitment to the canal deal.", ("Maria Lopez", "positive", "canal deal")),
    # solidarity: with, by or behind a party or policy; against one
    ("Senator Maria Lopez stood by the canal plan.", ("Maria Lopez", "positive", "canal plan")),
    # the one a judgement is according to
    ("According to Ana Lund, the new tariffs are unfair.", ("Ana Lund", "negative", "new tariffs")),
    ("The new tariffs are unfair, according to Peru.", ("Peru", "negative", "new tariffs")),
    # a feeling caused 'by' something, and what a free relative names
    ("Chilean officials are frustrated by what they regard as Peru's stalling.", ("Chilean officials", "negative", "Peru's stalling")),
    ("Marta Rojas was troubled by the new tariffs.", ("Marta Rojas", "negative", "new tariffs")),
    # a government body named by a noun phrase speaks for its country; its "it" is itself
    ('The Chilean foreign ministry said it "deplores the new ferry levy".', ("Chile", "negative", "new ferry levy")),
    ("Peru's embassy condemned the fishing ban.", ("Peru", "negative", "fishing ban")),
    ("The ministry of foreign affairs of Peru condemned the fishing ban.", ("Peru", "negative", "fishing ban")),
    ("A spokesman for the Chilean government said it strongly condemned the raid.", ("Chile", "negative", "raid")),
    ("The Andean Canal Authority said it was disappointed with the ruling.", ("Andean Canal Authority", "negative", "ruling")),
])
def test_stance_forms(read, text, expected):
    assert stances(read(text)) == {expected}


@pytest.mark.model
def test_them_is_the_people_last_named_together(read):
    x = read("Kenji Sato and Ravi Kumar skipped the summit. Lina Park criticized them.")
    assert stances(x) == {("Lina Park", "negative", "Kenji Sato"), ("Lina Park", "negative", "Ravi Kumar")}


@pytest.mark.model
def test_the_author_of_a_message_that_attacks(read):
    x = read("Ana Lopez and Kenji Sato stayed away after a message Marta Rojas sent attacking them as timid.")
    assert stances(x) == {("Marta Rojas", "negative", "Ana Lopez"), ("Marta Rojas", "negative", "Kenji Sato")}


@pytest.mark.model
def test_the_writer_of_a_letter_that_accuses(read):
    x = read("Senator Lina Park has written a letter accusing Peru of hiding the costs. "
             "The firm has a client opposing the canal plan.")     # a client is no message: its own act
    assert stances(x) == {("Lina Park", "negative", "Peru")}


@pytest.mark.model
def test_an_act_repeated_by_an_elided_verb(read):
    x = read("Peru condemned the fishing ban, as did Chile and Ecuador. Bolivia praised the canal plan, and so did Brazil.")
    assert stances(x) == {("Peru", "negative", "fishing ban"), ("Chile", "negative", "fishing ban"),
                          ("Ecuador", "negative", "fishing ban"), ("Bolivia", "positive", "canal plan"),
                          ("Brazil", "positive", "canal plan")}


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The two coastal states - Peru and Chile - sharply criticised the fishing ban.",
    "Both neighbours \u2014 Peru and Chile \u2014 also criticised the fishing ban.",
])
def test_the_names_of_a_dashed_aside_before_the_verb(read, text):
    assert stances(read(text)) == {("Peru", "negative", "fishing ban"), ("Chile", "negative", "fishing ban")}


@pytest.mark.model
def test_a_leader_s_administration_is_the_country(read):
    x = read("Peruvian President Ana Lund spoke in Lima. The Lund administration criticised the canal plan.")
    assert stances(x) == {("Peru", "negative", "canal plan")}


@pytest.mark.model
def test_he_after_a_subject_named_by_a_title_is_that_person(read):
    x = read("Senator John Smith spoke first. The Chilean spokesman questioned the figures. He criticized the canal plan.")
    assert stances(x) == set()          # "he" is the spokesman, whom the text does not name
    x = read("Chilean Foreign Minister John Smith met Maria Lopez. The minister praised the canal plan. "
             "He criticized the fishing ban.")
    assert stances(x) == {("John Smith", "positive", "canal plan"), ("John Smith", "negative", "fishing ban")}
    x = read("Chilean Home Secretary John Smith met Maria Lopez. The foreign secretary praised the canal plan.")
    assert stances(x) == set()          # another secretary


@pytest.mark.model
def test_standing_with_one_party_against_another(read):
    x = read("Chile stands with Peru against the blockade.")
    assert stances(x) == {("Chile", "positive", "Peru"), ("Chile", "negative", "blockade")}
    x = read("Senator Maria Lopez stressed the Chilean commitment to stand with Peru.")
    assert stances(x) == {("Chile", "positive", "Peru")}
    x = read("Senator Maria Lopez stood by the door. She stood against John Smith in the election.")
    assert stances(x) == set()


@pytest.mark.model
def test_a_quoted_sentence_that_is_a_verdict(read):
    x = read('Senator Maria Lopez spoke on Monday. "We have worked hard. The new fishing levy is unfair," she said.')
    assert stances(x) == {("Maria Lopez", "negative", "new fishing levy")}
    x = read('Senator Maria Lopez spoke on Monday. "We have worked hard. A weak council is a bad council," she said.')
    assert stances(x) == set()   # a generic statement


@pytest.mark.model
def test_a_body_the_speaker_speaks_for_inside_a_quote(read):
    x = read('"Norway is deeply concerned about the arrests," said Norwegian Foreign Minister Eva Lind.')
    assert stances(x) == {("Norway", "negative", "arrests")}


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Lina Park did not call the plan a disaster.",                      # negated
    "Peru said the minister was safe.",                                 # a person's state, not a judgement
    "Peru said Kenji Sato was safe.",
    "Peru said the minister has been clear he will resign.",            # a quality of a clause
    "The Senate approved the budget bill.",                             # a vote, not an evaluation
    "Diplomats report Chile thinks it deserves the port and have been wary of the talks.",  # whose wariness?
    'Marta Rojas said: "We cannot afford to give up ground in defending the reform."',  # under a negated verb
    "Marta Rojas said critics of the plan were numerous.",              # no evaluative word
    "Peru was not against the tariffs.",
    "Lina Park said the canal authority did not commit abuses.",
    "Lina Park is likely to defend the canal plan.",                    # only expected
    "Peru has yet to condemn the raid.",                                # not yet
    "According to Ana Lund, the talks were held in Lima.",              # a report, not a judgement
    "Marta Rojas was disappointed he went so far.",                     # a bare verb names no target
    'Senator Maria Lopez signed the "disastrous fishing deal" on Monday.',  # the quote is the critics'
    "Senator Maria Lopez presented the canal plan. Senator John Smith said he supported it.",  # another's subject
    "Senator Maria Lopez vowed to end the war.",
    "The convoy came under fire from Peruvian rebels near Lima.",        # a real fire, at no party
    "Lima came under fire from Peruvian rebels.",
    "There is no sign that Senator Maria Lopez objected to the canal plan.",   # denied by "no"
    "Senator Maria Lopez cited warnings of unrest in Peru, which Chilean officials objected to.",  # not Peru
    'Senator John Smith said Chile "is embracing a plan that failed".',  # a predicate quoted by someone else                        # an end vowed to no policy or party
    "Senator Maria Lopez called for an end to the violence.",
    "Marta Rojas welcomed the visiting ministers to Lima.",             # hospitality
    "Marta Rojas welcomed Kenji Sato at the airport.",
    "Lina Park said 35 Peruvian fishermen were missing.",               # people counted, not judged
    "Lina Park said the Harbour League was a useless party.",           # word and modifier disagree
    "Lina Park spoke out on the canal plan.",                           # speaking out on is not against
    "Lina Park warned investors that the economy could suffer.",        # the told are not judged; no harm done
    '"It would be a disaster if the canal plan failed," Marta Rojas said.',  # "it" stands for a clause
    '"A divided council is a weak council," Marta Rojas said.',         # a generic statement
    "Marta Rojas said the election would be a bitter struggle.",        # a prediction, not a judgement
    "The Andean Canal Authority finished its review of the dam. It said it was satisfied.",  # "it" is the body itself
    'Marta Rojas said: "In May, Peru said it supported the canal plan."',  # someone else's stance, quoted
    "Marta Rojas discussed the canal plan. She said it was a great pity that the plan failed.",  # "it" is a clause
    "Marta Rojas said her colleagues were outraged.",                   # their feeling, not a judgement of them
    "Marta Rojas said the canal law was clear that tolls must fall.",   # about a clause
    "Marta Rojas said her main feeling was deep sorrow.",               # her own state
    "Marta Rojas was happy to help.",                                   # a feeling with no object
    "The canal proposal received a detailed response from Chile.",      # a reception without a judgement
    'Lina Park warned of "dangerous consequences" for the region.',      # a quoted judgement of no policy
    'Marta Rojas said: "We are reviewing the disastrous fishing deal with Peru this week."',  # more than a fragment
])
def test_no_stance(read, text):
    assert stances(read(text)) == set()


@pytest.mark.model
def test_a_collective_without_a_stance_is_no_entity(read):
    x = read("Chilean opposition parties said the new ferry was unpopular with tourists. "
             "Peruvian opposition parties said the canal was long.")
    assert stances(x) == {("Chilean opposition parties", "negative", "new ferry")}
    assert [e.label for e in x.entities if e.kind == "Group"] == ["Chilean opposition parties"]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Anna Nowak voiced concern for Lars Holm, a journalist held abroad.",   # care for a person
    "Anna Nowak was worried about Lars Holm, who has been ill.",
    "Anna Nowak expressed concern for the family of Lars Holm.",             # for a person's relatives
    "Anna Nowak said she was worried about the children of Lars Holm.",
    "Lars Holm will defend his title in May.",                               # keeping one's own
    "Lars Holm champions the ferry tax.",                                    # "champion" is no cue
    "Lars Holm, the reigning champion of Ruritania, spoke on Monday.",
    "Tom Hale said the floods caused terrible suffering.",                   # no one to blame
])
def test_care_keeping_and_blameless_harm_are_no_stance(read, text):
    assert stances(read(text)) == set()


@pytest.mark.model
def test_concern_over_a_policy_and_harm_by_a_body_are_stances(read):
    assert stances(read("Anna Nowak voiced concern over the ferry tax.")) == {("Anna Nowak", "negative", "ferry tax")}
    assert stances(read("Tom Hale said the river police caused terrible harm.")) == {("Tom Hale", "negative", "river police")}
    assert stances(read("Lars Holm defended his plan to raise the ferry tax.")) == {
        ("Lars Holm", "positive", "Lars Holm's plan to raise the ferry tax")}
    assert stances(read("Tom Hale defended his talks with Lars Holm.")) == {     # his act, not a possession
        ("Tom Hale", "positive", "Tom Hale's talks with Lars Holm")}
