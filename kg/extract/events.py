"""Meetings (met, held talks, hosted, phone calls, summits) and visits (visited, trips to, arrived in)."""
from __future__ import annotations

from functools import cache

from .. import knowledge
from ..knowledge import fold
from ..model import Meeting, TimeRef, Visit
from .context import Reader, headline_end_of
from .timex import resolve


def extract_meetings(r: Reader) -> list[Meeting]:
    """Interactions between named parties; mentions of one meeting with the same parties merge."""
    lex = knowledge.lexicon()["meeting"]
    cues = _meeting_cues()
    found = []
    for t in r.body():
        noun_kind = None
        if t.lemma_ not in cues:
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            noun_kind = _meeting_noun(t, lex)
            if not noun_kind:
                continue
        phrasal = lex["phrasal_verbs"].get(t.lemma_)
        if phrasal and t.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == phrasal for c in t.children):
            # "X sat down with Y"
            people = _objects(r, t, ("with",), direct=False)
            people = _subjects(r, t) + people if people else []
            kind = "meeting"
        elif t.lemma_ in lex["verbs"] and (t.pos_ == "VERB" or any(c.dep_ == "nsubj" for c in t.children)):
            guests = _objects(r, t, ("with",))
            hosts = _passive_agents(r, t)
            if hosts:  # "Y was welcomed by X in Z"
                guests = hosts + [k for c in t.children if c.dep_ == "nsubjpass" for k in _party(r, c)]
            if t.lemma_ in lex["guest_verbs"] and not guests:
                continue
            if t.lemma_ in lex["placed_guest_verbs"] and not r.places_for(t, ("in", "at", "to")):
                continue  # "welcomed Y to Z" is a reception; "welcomed Y's decision" is not
            if not guests and _temporal(t, lex) and any(c.dep_ == "nsubj" and c.lower_ == "they" for c in t.children):
                people = _pair_of_clause(r, t.head)  # "press Y on trade when they meet"
            else:
                people = _subjects(r, t) + guests
            people += [k for c in t.children if c.dep_ == "compound" and c.i < t.i for k in r.entities_of(c)]
            kind = "debate" if t.lemma_ == "debate" else "meeting"
        elif t.pos_ == "VERB" and (t.lemma_ in lex["conversation_verbs"] or t.lemma_ in lex["negotiation_verbs"]):
            if any(c.dep_ == "oprd" or c.lower_ in lex["not_together"] for c in t.children):
                continue  # "called him a disappointment": naming, not phoning
            if any(c.lower_ == "back" and any(g.lower_ == "to" for g in c.children) for c in t.children):
                continue  # "called the leader back to Downing Street": summoned, not phoned
            if t.dep_ in ("xcomp", "advcl") and t.head.lemma_ in lex["verbs"]:
                continue  # "met X and Y to talk about ...": the meeting is the fact
            phone = t.lemma_ in lex["phone_verbs"]
            bargain = t.lemma_ in lex["negotiation_verbs"]  # "X negotiated with Y", never "negotiated a deal"
            others = _objects(r, t, ("with",) if bargain else ("to", "with"), direct=phone)
            if bargain:  # "discussed trade with Y", where the parser hangs "with Y" on the topic
                others += [k for c in t.children if c.dep_ == "dobj" for k in _objects(r, c, ("with",), direct=False)]
            if phone and not others:
                continue  # "X and Y called for ...": a call needs someone called
            people = _subjects(r, t) + others
            by_phone = any(c.dep_ == "prep" and c.lower_ == "by" and any(o.lower_ in lex["phone_words"] for o in c.children)
                           for c in t.children)  # "X and Y spoke by phone"
            kind = "phone call" if phone or by_phone else "talks" if bargain else "conversation"
        elif t.pos_ == "VERB" and t.lemma_ in lex["appearance_verbs"] and _joint(t, lex):
            # "X and Y appeared together before the press", "X appeared alongside Y"
            people = _subjects(r, t) + _objects(r, t, tuple(lex["beside"]), direct=False)
            kind = "joint appearance"
        elif t.pos_ in ("NOUN", "PROPN") and (noun_kind or _meeting_noun(t, lex)):
            kind = noun_kind or _meeting_noun(t, lex)
            guests = _objects(r, t, ("with",))
            between = _between(r, t)
            owners = [k for c in t.children if c.dep_ == "poss" for k in r.entities_of(c)]
            host = _host(r, t) if t.dep_ not in ("nsubj", "nsubjpass") and not _judged(t) else None
            if host and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in t.children) and set(owners) <= set(guests):
                owners = [host]  # "in his talks with Y, X said": the pronoun looks ahead to X
            owners = _cataphoric(r, t) or owners
            people = owners + guests + between
            attender = _attender(t, lex)
            if attender is not None:  # "held talks with Y", "took part in talks with Y"
                people = _subjects(r, attender) + people + _objects(r, attender, ("with",))
            elif guests and not owners and not between and host:
                people = [host] + people
            elif not people and t.dep_ == "pobj" and t.head.lower_ in ("during", "at", "in") and \
                    t.head.head.lemma_ in lex["exchange_verbs"]:
                verb = t.head.head  # "X told Y during talks in Z"; Y a person or someone's officials, not a country
                told = [c for c in verb.children if c.dep_ in ("dobj", "dative")
                        and (r.is_person(r.entity_of(c)) or c.lemma_ in lex["delegates"])]
                people = _subjects(r, verb) + [k for c in told for k in _party(r, c)] if told else []
            elif not people:  # "a meeting of the foreign ministers of A and B"
                people = [k for o in _phrase_objects(t, "of") for k in _party(r, o, titles=True)]
            if not people and t.dep_ == "pobj" and t.head.head.pos_ == "VERB" and \
                    t.head.lower_ in (*lex["presupposing_preps"], "at", "in") and \
                    t.head.head.lemma_ not in lex["appearance_verbs"] and \
                    not any(c.lower_ in lex["not_together"] for c in t.children):
                # "X and Y signed a pact after talks in Z": a pair that acts after the talks held them
                pair = [k for k in _subjects(r, t.head.head) if r.is_person(k)]
                people = pair if len(pair) >= 2 else []
        elif (t.lemma_ in lex["hearing_verbs"] or (t.lemma_ in lex["hearing_nouns"] and t.tag_ == "NN")) and _before_body(r, t):
            # a plural ("as he often has in Senate hearings") is a habit, not one hearing
            # "X testified before the Senate committee", "at a hearing of the committee, X said"
            if t.pos_ == "VERB":
                witness = _subjects(r, t)
            else:
                witness = [k for c in t.children if c.dep_ == "poss" for k in r.entities_of(c)]
                told = t.dep_ == "dobj" and t.head.lemma_ in knowledge.words("speech", "verbs")  # "told a hearing"
                witness = witness or [k for k in [r.agent(t, person=True)] if k and (t.dep_ == "pobj" or told)]
            people = witness[:1] + _before_body(r, t) if witness and r.is_person(witness[0]) else []
            kind = "hearing"
        elif t.lemma_ in lex["welcome_nouns"] and t.dep_ == "dobj" and _guests(r, t):
            # "X laid on a banquet for Y at the palace": host and guest met there
            people = _subjects(r, t.head) + _guests(r, t)[:1]
            kind = t.lemma_
        else:
            continue
        planned = t.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in lex["planned_words"] for c in t.children)
        canceller = _canceller(t, lex)
        if canceller is not None and not (planned and r.is_hypothetical(canceller)):
            continue  # "the talks were called off"; but "asked X to drop the forthcoming talks" are still planned
        if _temporal(t, lex):  # "when they meet": the clause presupposes the meeting
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in knowledge.words("modality", "modals")) for c in t.children):
                continue
        elif (r.is_hypothetical(t) and not _presupposed(t, lex) and not planned and not _reported_plan(r, t, lex)) \
                or _only_willing(r, t, lex) or _only_planned(t, lex) or _doubted(t, lex) or _wished(t):
            continue
        people = _unique(people)
        if len(people) < 2 or not (any(r.is_person(p) for p in people) or all(_is_body(r, p) for p in people)):
            continue
        if kind in ("conversation", "phone call") and sum(map(r.is_person, people)) < 2:
            continue  # "speaking to Parliament" is an address, not a conversation between parties
        if any(r.is_person(p) for p in people) and kind != "hearing":
            people = [p for p in people if r.is_person(p)] if sum(map(r.is_person, people)) >= 2 else people
        groups = [people]
        if t.pos_ == "VERB" and any(c.lower_ in lex["not_together"] for c in t.children):
            # "X met separately with Y and Z": one meeting with each
            hosts = _subjects(r, t)
            groups = [[*hosts, g] for g in people if g not in hosts] if hosts else []
        status = "scheduled" if planned or _reported_plan(r, t, lex) or r.is_scheduled(t) or (_purpose(t) and r.is_scheduled(t.head)) else "held"
        if _temporal(t, lex) and t.tag_ in ("VBP", "VBZ"):
            status = "scheduled"  # "when they meet on Monday": a present tense here speaks of the future
        date, evidence = _date(r, t, status, own=planned), (r.evidence(t),)
        if date is None and status == "held":
            date, evidence = _lead_date(r, t, people, evidence)
        for group in groups:
            found.append(Meeting(tuple(group), kind, tuple(_places(r, t)), date, status, evidence))
    meetings = _merge_sides(r, _merge_meetings(found))
    return meetings


@cache
def _meeting_cues() -> frozenset[str]:
    """The lemmas of every meeting cue but the nouns (_meeting_noun reads those)."""
    lex = knowledge.lexicon()["meeting"]
    return frozenset([*lex["phrasal_verbs"], *lex["verbs"], *lex["conversation_verbs"], *lex["negotiation_verbs"],
                      *lex["appearance_verbs"], *lex["hearing_verbs"], *lex["hearing_nouns"], *lex["welcome_nouns"]])


@cache
def _noun_set(section: str) -> frozenset[str]:
    return frozenset(knowledge.lexicon()[section]["nouns"])


def _meeting_noun(t, lex) -> str | None:
    lemma = t.lemma_.lower()
    if lemma not in ("call", "conference", "talk"):
        nouns, lower = _noun_set("meeting"), t.lower_
        if lower in nouns or lemma in nouns or (t.tag_ in ("NNS", "NNP", "NNPS") and lower[:-1] in nouns):
            return lower  # "Meetings between X and Y" opening a sentence is tagged a proper noun
        return None
    words = {c.lower_ for c in t.children if c.dep_ in ("compound", "amod")}
    if lemma == "call":
        if words & {"phone", "telephone", "video"}:
            return "phone call"
        # "X's call with Y", "a call between X and Y"; not "a call for reforms"
        return "phone call" if any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in t.children) else None
    if lemma == "conference":
        if words & {"video", "telephone", "phone"}:
            return "video conference"
        return "press conference" if words & {"press", "news"} else None
    if lemma in ("talk",) and t.lower_ == "talks":
        return "talks"
    if t.lower_ in lex["nouns"] or lemma in lex["nouns"] or (t.tag_ in ("NNS", "NNP", "NNPS") and t.lower_[:-1] in lex["nouns"]):
        return t.lower_  # "Meetings between X and Y" opening a sentence is tagged a proper noun
    return None


def _joint(verb, lex) -> bool:
    """An appearance the text says two made together."""
    return any((c.dep_ == "advmod" and c.lower_ in lex["together"]) or (c.dep_ == "prep" and c.lower_ in lex["beside"])
               for c in verb.children)


def _attender(noun, lex):
    """The verb whose subject takes part in a meeting noun: 'held talks', 'took part in talks',
    'joined talks'."""
    if noun.dep_ == "dobj" and (noun.head.lemma_ in lex["support_verbs"] or lex["participation"].get(noun.head.lemma_) == ""):
        return noun.head
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    word = noun.head.head
    verb = word.head if word.dep_ == "dobj" else word
    phrase = verb.lemma_ if verb is word else f"{verb.lemma_} {word.lower_}"
    return verb if verb.pos_ == "VERB" and lex["participation"].get(phrase) == noun.head.lower_ else None


def _canceller(t, lex):
    """The verb that calls a meeting or journey off ('cancelled the talks', 'the visit was put off')."""
    verb = t.head
    if t.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
        return None
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    words = {verb.lemma_, *(f"{verb.lemma_} {p}" for p in particles)}
    return verb if words & set(lex["cancel_verbs"]) else None


def _passive_agents(r: Reader, verb) -> list[str]:
    """Who does a passive verb: the parties of its 'by' phrase ('was welcomed by X')."""
    if not any(c.dep_ == "nsubjpass" for c in verb.children):
        return []
    return [k for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj" for k in _party(r, o)]


def _between(r: Reader, noun) -> list[str]:
    """The named people of 'between X and Y' on a noun, however the parser split the pair."""
    out = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            inner = {t.i for c in prep.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
            for t in prep.subtree:
                key = r.entity_of(t) if t.i not in inner and t.i in r.by_token else None
                if key and key not in out:
                    out.append(key)
    return out


def _presupposed(noun, lex) -> bool:
    """A meeting named inside a phrase of another clause took place whatever that clause's
    modality: 'days after the talks with Y', 'a month before the June summit with Y'."""
    if noun.dep_ != "pobj" or noun.pos_ not in ("NOUN", "PROPN"):
        return False
    dated = any(c.ent_type_ == "DATE" for c in noun.children if c.dep_ in ("compound", "poss", "nmod", "amod"))
    return noun.head.lower_ in lex["presupposing_preps"] or (dated and noun.head.lower_ in lex["presupposing_if_dated"])


def _purpose(t) -> bool:
    """'will travel to Y next week to meet Z': an infinitive of purpose shares its verb's time."""
    return t.dep_ == "advcl" and t.tag_ == "VB" and t.head.pos_ == "VERB" and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def _chain(t, limit: int = 4) -> list:
    """The words a cue hangs from through complements and prepositions ('accused X of meeting')."""
    out = []
    for _ in range(limit):
        if t.dep_ not in ("xcomp", "pcomp", "prep", "pobj", "ccomp", "advcl") or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def _temporal(t, lex) -> bool:
    """A verb of a temporal clause ('when they meet', 'after they met')."""
    return t.pos_ in ("VERB", "AUX") and t.dep_ == "advcl" and any(
        c.dep_ == "advmod" and c.lower_ in lex["temporal_marks"] or c.dep_ == "mark" and c.lower_ in lex["temporal_marks"]
        for c in t.children)


def _pair_of_clause(r: Reader, verb) -> list[str]:
    """The two people a clause is about ('press Y on trade when they meet'), up through the clauses
    it completes: 'asked X to be firm with Y' gives X, the one asked, never the one asking."""
    out: list[str] = []
    top = True
    for _ in range(4):
        args = [*verb.children, *(g for a in verb.children if a.dep_ == "acomp" for g in a.children)]
        objects = [c for c in args if c.dep_ in ("dobj", "dative")]
        for c in args:
            if c.dep_ in ("dobj", "dative") or (c.dep_ == "nsubj" and (top or not objects)):
                keys = r.entities_of(c) or [k for k in [_title_holder(r, c, out)] if k]
                out += [k for k in keys if r.is_person(k) and k not in out]
            if c.dep_ == "prep" and c.lower_ in ("with", "to"):  # "be firm with Y"
                out += [k for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o) if r.is_person(k) and k not in out]
        if len(out) >= 2 or verb.dep_ != "xcomp":
            break
        verb, top = verb.head, False
    return out if len(out) == 2 else []


def _reported_plan(r: Reader, t, lex) -> bool:
    """'X said he would meet Y': a 'would' in a clause a verb of saying reports is a plan, unless
    the clause is otherwise hypothetical."""
    clause = t if t.pos_ in ("VERB", "AUX") else t.head
    if clause.dep_ == "advcl" and clause.head.dep_ == "ccomp":  # "would be in Z negotiating with Y"
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in knowledge.words("speech", "verbs"):
        return False
    auxes = [c.lower_ for c in clause.children if c.dep_ == "aux"]
    marks = [c for c in clause.children if c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ != "that")]
    conditions = [c for v in (t, clause) for a in v.children if a.dep_ == "advcl"
                  for c in a.children if c.dep_ == "mark" and c.lower_ in ("if", "unless")]
    return bool(auxes) and set(auxes) <= set(lex["reported_future"]) | {"be", "have"} and not marks and not conditions \
        and not any(c.dep_ == "neg" for c in t.children) and not r.is_hypothetical(clause.head)


def _wished(t) -> bool:
    """A cue under a verb of wishing whose lemma the tagger got wrong ('hopes' read as 'hop')."""
    forms = _wish_forms()
    return any(g.pos_ == "VERB" and g.lower_ in forms for g in _chain(t))


@cache
def _wish_forms() -> frozenset[str]:
    return frozenset(f for w in knowledge.words("modality", "not_facts")
                     for f in (w + "s", w + "d", w + "ed", w + "ing", w[:-1] + "ing"))


def _doubted(t, lex) -> bool:
    """A meeting in a 'whether' clause is only asked about."""
    clause = t if t.pos_ in ("VERB", "AUX") else t.head
    return any(c.dep_ == "mark" and c.lower_ in lex["doubt_marks"] for c in clause.children)


def _title_holder(r: Reader, token, others) -> str | None:
    """'the president' where the text gives that title to two people: the one who is not already a
    party ('begged the mayor to be tough with Y when they meet')."""
    if not any(c.lower_ == "the" for c in token.children) or token.pos_ != "NOUN":
        return None
    holders = {role.person for role in r.roles if role.title and role.title.lower().split()[-1] == token.lower_}
    holders -= set(others)
    return holders.pop() if len(holders) == 1 else None


def _only_planned(t, lex) -> bool:
    """A cue inside a plan, offer or invitation ('drew up a plan to visit Y and meet Z') or an
    accusation ('accused X of meeting Y') is no fact; nor is a bare infinitive that the parser
    joined to a finite verb ('drew up a plan to ..., meet Z')."""
    if any(g.lemma_ in lex["not_fact_verbs"] for g in _chain(t)):
        return True
    if t.tag_ == "VB" and t.dep_ == "conj" and t.head.tag_ in ("VBD", "VBZ", "VBP") and \
            not any(c.dep_ in ("nsubj", "aux") for c in t.children):
        return True
    for _ in range(6):  # "offered an opportunity to balance the invitation with a private meeting"
        if t.dep_ not in ("acl", "xcomp", "conj", "relcl", "advcl", "prep", "pobj", "dobj") or t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_ in lex["plan_nouns"]:
            return True
        if t.tag_ in ("VBD", "VBZ", "VBP") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return False  # a finite clause of its own
    return False


def _is_body(r: Reader, key: str) -> bool:
    """A country or a named organisation: a party to talks where no person is named."""
    return r.kind(key) == "Country" or key.startswith("org/") or (r.kind(key) == "City" and fold(r.label(key)) in knowledge.capitals())


def _places(r: Reader, t) -> list[str]:
    """Places on the cue or its clause; for a cue in a 'where' clause, the place it hangs from."""
    out = r.places_for(t)
    if t.pos_ in ("NOUN", "PROPN"):  # "a Buckingham Palace meeting", "talks between X and Y in Z"
        out += [k for c in t.children if c.dep_ == "compound" for k in [r.entity_of(c)] if r.is_place(k) and k not in out]
        out += [k for o in _phrase_objects(t, "in") + _phrase_objects(t, "at") for k in [r.entity_of(o)]
                if o.ent_type_ in ("GPE", "LOC", "FAC") and r.is_place(k) and k not in out]
    lex = knowledge.lexicon()["meeting"]
    if t.lemma_ in lex["welcome_nouns"]:
        out += [k for o in _guests_tokens(t) for k in r.places_for(o) if k not in out]
    if t.lemma_ in lex["placed_guest_verbs"]:  # "welcomed Y to Z"
        out += [k for k in r.places_for(t, ("to",)) if k not in out]
    if t.pos_ == "VERB":  # "met with Y in Z", where the parser hangs "in Z" on Y
        others = [o for c in t.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with")
                  for o in ([c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"])]
        out += [k for o in others for p in o.children if p.dep_ == "prep" and p.lower_ in ("in", "at")
                for g in p.children if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC")
                for k in [r.entity_of(g)] if r.is_place(k) and k not in out]
    if not out:  # "met Y on the sidelines of a summit in Z", "met Y during a visit to Z"
        venues = [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "at", "during", "for")
                  for o in c.children if o.dep_ == "pobj" and (o.lemma_ in lex["venue_nouns"] or o.lower_ in lex["venue_nouns"])]
        out += [k for v in venues for p in ("in", "to") for o in _phrase_objects(v, p) for k in r.entities_of(o)
                if r.is_place(k) and k not in out]
    if not out and _on_scene(t):  # "X was in Z negotiating with Y"
        out += r.places_for(t.head, ("in",))
    if not out:  # "arrived in Z to meet Y", "flew to Z for talks with Y": where the journey went
        journey = t.head if _purpose(t) or t.dep_ == "advcl" and t.tag_ == "VBG" else \
            t.head.head if t.dep_ == "pobj" and t.head.lower_ == "for" else None
        goes = knowledge.lexicon()["visit"]["verbs"].get(journey.lemma_) if journey is not None and journey.pos_ == "VERB" else None
        out += [k for c in journey.children if c.dep_ == "prep" and c.lower_ in goes for o in c.children
                if o.dep_ == "pobj" for k in r.entities_of(o) if r.is_place(k)] if goes else []
    clause = t if t.dep_ == "relcl" else t.head if t.head.dep_ == "relcl" and t.dep_ != "ROOT" else None
    if clause is not None and clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
        before = [c for c in (clause.head, *clause.head.conjuncts) if c.i < clause.i]
        key = r.entity_of(max(before, key=lambda c: c.i)) if before else None
        if r.is_place(key) and key not in out:
            out.append(key)
    if not out and t.pos_ in ("NOUN", "PROPN"):  # "a Marble Palace meeting": the body's building, when no place is named
        out += [k for c in t.children if c.dep_ == "compound" for k in [r.entity_of(c)] if k and k.startswith("org/")
                and fold(r.label(k)).split()[-1] in lex["seat_words"]][:1]
    return out


def _lead_date(r: Reader, t, people, evidence):
    """An undated fact told in the simple past about someone the lead sentence names happened on the
    lead's day: wire copy dates its story once, in the lead. The lead joins the evidence."""
    start = headline_end_of(r.article)
    lead = next((s for s in r.sentences if s.start_char >= start and any(w.pos_ == "VERB" for w in s)), None)
    if lead is None or r.sentences[r.sentence_index(t.i)].start <= lead.start or r.in_quote(t) or \
            any(e.label_ in ("DATE", "TIME") and resolve(e.text, r.anchor) for e in r.sentence_ents(t)):
        return None, evidence  # a sentence with a time of its own ("a three-nation visit" names none)
    verb = t
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    past = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and verb.dep_ == "acl")  # "X, traveled to Y" misread as a participle
    other = knowledge.lexicon()["meeting"]["other_time"]
    if not past or any(c.dep_ in ("aux", "auxpass") or (c.dep_ == "advmod" and c.lower_ in other) for c in verb.children):
        return None, evidence  # "had met", "has visited": another time
    named = {r.by_token[w.i].key for w in lead if w.i in r.by_token}
    if not any(p in named for p in people if r.is_person(p)):
        return None, evidence
    date = r.date_for(lead.root)
    return (date, evidence + (r.sentence_evidence(lead),)) if date else (None, evidence)


def _on_scene(t) -> bool:
    """A participle that says what its subject was doing where a presence verb puts them."""
    return t.tag_ == "VBG" and t.dep_ == "advcl" and t.head.lemma_ in knowledge.lexicon()["visit"]["presence_verbs"]


def _date(r: Reader, t, status: str, own: bool = False):
    """The date in the cue's own phrase ('an October summit'), else (unless own) its clause's; 'due
    to meet on Friday' reads the date of the governing clause, forward in time when planned."""
    tense = "future" if status == "scheduled" else "past"
    inner = {x.i for c in t.children if c.dep_ in ("relcl", "acl", "advcl", "ccomp") for x in c.subtree}
    if t.pos_ in ("NOUN", "PROPN"):
        for ent in r.sentence_ents(t):
            if ent.label_ == "DATE" and ent.root.i not in inner and ent.root.i != t.i and \
                    any(a.i == t.i for a in ent.root.ancestors) and r.quote_at(ent.start_char) == r.quote_at(t.idx):
                found = resolve(ent.text, r.anchor_for(t), tense)
                if found:
                    return found
    if own:
        return None
    found = r.date_for(t)
    participle = t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.pos_ == "VERB"  # "began a visit on Monday, meeting Y"
    if found is None and (t.dep_ == "xcomp" and t.head.pos_ in ("ADJ", "VERB") or _purpose(t) or _on_scene(t) or participle):
        found = r.date_for(t.head)
    if found and status == "scheduled":  # "is due to meet on Friday": the coming Friday
        found = resolve(found.text, r.anchor_for(t), tense) or found
    return found


def _host(r: Reader, noun) -> str | None:
    """The person whose clause holds a meeting noun ('after talks with Y, X said'): the nearest
    governing subject that is a person, never from outside a relative clause the noun is in
    ('colleagues who debate how to handle the talks with Y')."""
    token = noun
    for _ in range(8):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != noun.i:
                key = r.entity_of(child) or next((r.entity_of(c) for c in child.children if c.dep_ == "poss"), None)
                if r.is_person(key):
                    return key
        if token.dep_ == "relcl" or token.head.i == token.i:
            return None
        token = token.head
    return None


def _cataphoric(r: Reader, noun) -> list[str]:
    """'During his visit to Y, X met Z': a possessive pronoun in a phrase that opens the clause
    refers ahead to the clause's subject."""
    if not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children) or noun.dep_ != "pobj":
        return []
    verb = noun.head.head
    if noun.head.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i > noun.i]
    found = [k for c in subjects for k in r.entities_of(c) if r.is_person(k)]
    return found[:1]


def _judged(noun) -> bool:
    """A meeting that its verb judges ('criticised the talks with Y'): the judge did not take part."""
    stance = knowledge.lexicon()["stance"]
    return noun.dep_ == "dobj" and noun.head.lemma_ in stance["positive"] + stance["negative"]


def _guests_tokens(noun) -> list:
    return [o for h in (noun, noun.head) for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
            for o in c.children if o.dep_ == "pobj"]


def _guests(r: Reader, noun) -> list[str]:
    """The people a welcome or reception is for (the parser hangs 'for' on the noun or its verb)."""
    return [k for o in _guests_tokens(noun) for k in r.entities_of(o) if r.is_person(k)]


def _only_willing(r: Reader, t, lex) -> bool:
    """'is keen to sit down with', 'is ready to talk': a willingness, not a meeting."""
    if t.dep_ != "xcomp":
        return False
    return t.head.lemma_ in lex["willing"] or (t.head.pos_ == "ADJ" and r.is_hypothetical(t.head))


def _before_body(r: Reader, t) -> list[str]:
    """The named committee or body of a 'before' phrase ('testified before the Senate committee');
    for a hearing noun also of an 'of' phrase or a name before it ('a Senate committee hearing')."""
    preps = ("before",) if t.pos_ == "VERB" else ("before", "of")
    out = [k for c in t.children if c.dep_ == "prep" and c.lower_ in preps
           for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o) if k.startswith("org/")]
    if t.pos_ != "VERB":
        out += [k for c in t.children if c.dep_ == "compound" for k in [r.entity_of(c)] if k and k.startswith("org/")]
    return _unique(out)


def _party(r: Reader, token, titles: bool = False) -> list[str]:
    """Who a party phrase names: its entities; for 'delegations led by X and Y' the leaders; for
    'U.S. officials' or 'his Chilean and Peruvian counterparts' the countries; with titles, also
    for 'the foreign ministers of A and B'."""
    out = r.entities_of(token)
    # "with Secretary X and Minister Y", which the parser reads as a name modifying Y
    out += [k for c in token.children if c.dep_ == "nmod" and c.i < token.i and any(g.dep_ == "cc" for g in c.children)
            for k in [r.entity_of(c)] if r.is_person(k) and k not in out]
    delegates = set(knowledge.lexicon()["meeting"]["delegates"])
    if titles:
        delegates |= {t[-1] for t in knowledge.role_titles()}
    for t in (token, *token.conjuncts):
        if r.entity_of(t) or t.lemma_ not in delegates:
            continue
        end = t.head.i if t.head.i > t.i else r.sentences[r.sentence_index(t.i)].end
        # read the words up to the verb: the parser often splits "led by X and Y met"
        led = [r.entity_of(w) for c in t.children if c.dep_ == "acl" and c.lemma_ == "lead"
               for a in c.children if a.dep_ == "agent" for w in r.tokens[a.i + 1:end]
               if w.i in r.by_token and r.is_person(r.entity_of(w))]
        sides = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
        sides += [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("from", "of") for o in c.children if o.dep_ == "pobj"]
        # "envoys of Y, including X and Z": the people named (the parser may hang
        # "including" on a later word of the same clause)
        scope = (t.head.head if t.dep_ == "pobj" else t.head).subtree
        including = [w for w in scope if w.lower_ == "including" and w.dep_ == "prep" and w.i > t.i]
        named = _unique(r.entity_of(w) for c in including[:1] for w in c.subtree
                        if w.i in r.by_token and r.is_person(r.entity_of(w)))
        out += led or named or [k for c in sides for m in (c, *c.conjuncts) for k in [r.entity_of(m)] if k and r.kind(k) == "Country"]
    return _unique(out)


def _subjects(r: Reader, verb) -> list[str]:
    """Who does a verb: its subject; for 'X, who met Y' the person the clause hangs from; for an
    infinitive or gerund without one, the object of the verb it completes ('invited X to meet Y',
    'accused X of meeting Y'), else that verb's subjects ('X and Y are expected to meet')."""
    out = []
    for c in verb.children:
        if c.dep_ in ("nsubj",):
            out += _party(r, c)
    if not out and verb.dep_ == "relcl" and r.is_person(r.entity_of(verb.head)):
        out.append(r.entity_of(verb.head))
    governor = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else verb.head
    if not out and verb.dep_ in ("xcomp", "pcomp"):
        out += [k for c in governor.children if c.dep_ == "dobj" for k in r.entities_of(c)]
    if not out and verb.dep_ == "xcomp" and not any(c.dep_ == "dobj" for c in governor.children):
        out += [k for c in governor.children if c.dep_ in ("nsubj", "nsubjpass") for k in _party(r, c)]
    if not out and verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        agent = r.agent(verb.head)
        out += [agent] if agent else []
    return out


def _objects(r: Reader, head, preps, direct=True) -> list[str]:
    out = []
    for c in head.children:
        if direct and c.dep_ == "dobj":
            out += _party(r, c)
        if c.dep_ == "prep" and c.lower_ in preps:
            for obj in c.children:
                if obj.dep_ == "pobj":
                    out += _party(r, obj)
    return out


def _unique(keys):
    out = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return out


def _merge_meetings(found: list[Meeting]) -> list[Meeting]:
    merged: dict[frozenset, Meeting] = {}
    for m in found:
        key = frozenset(m.participants)
        old = merged.get(key)
        if old is None:
            merged[key] = m
            continue
        merged[key] = Meeting(old.participants, old.kind, tuple(dict.fromkeys(old.places + m.places)),
                              old.date or m.date, "held" if "held" in (old.status, m.status) else old.status,
                              old.evidence + tuple(e for e in m.evidence if e not in old.evidence))
    return list(merged.values())


def _merge_sides(r: Reader, meetings: list[Meeting]) -> list[Meeting]:
    """Talks of countries and a meeting of people who each stand for one of them are one meeting
    ('Cuba told U.S. officials during talks in Havana ...'; '... delegations led by X and Y met'):
    the people are its participants, and it keeps the place and date of both."""
    out = list(meetings)
    for sides in meetings:
        if not all(r.kind(p) == "Country" for p in sides.participants):
            continue
        for people in out:
            if people is sides or not all(map(r.is_person, people.participants)) or \
                    len(people.participants) != len(sides.participants) or (people.date and sides.date and people.date != sides.date):
                continue
            stands = [_countries_of(r, p) for p in people.participants]
            if all(len(c) == 1 for c in stands) and {next(iter(c)) for c in stands} == set(sides.participants):
                merged = Meeting(people.participants, people.kind, tuple(dict.fromkeys(people.places + sides.places)),
                                 people.date or sides.date, "held" if "held" in (people.status, sides.status) else people.status,
                                 people.evidence + tuple(e for e in sides.evidence if e not in people.evidence))
                out = [merged if m is people else m for m in out if m is not sides]
                break
    return out


def _countries_of(r: Reader, person: str) -> set[str]:
    """The countries a person stands for: of their roles, or named in the phrase that introduces
    them ("Ruritania's chief trade envoy X")."""
    out = {role.organisation for role in r.roles if role.person == person and role.organisation and not role.former
           and r.kind(role.organisation) == "Country"}
    for m in r.mentions:
        if m.key != person:
            continue
        t = r.root_of(m.start, m.end)
        for _ in range(3):
            out |= {r.entity_of(c) for c in t.children if c.dep_ in ("poss", "compound", "amod", "nmod")
                    and r.kind(r.entity_of(c) or "") == "Country"}
            if t.dep_ not in ("pobj", "prep", "appos", "compound") or t.head.i == t.i:
                break
            t = t.head
    return out


def extract_visits(r: Reader, meetings: list[Meeting]) -> list[Visit]:
    """A named person going to a named place; a trip to several places is several visits."""
    lex = knowledge.lexicon()["visit"]
    out: dict[tuple, Visit] = {}
    verb_cues, noun_cues = _visit_cues()
    for t in r.body():
        pos = t.pos_
        if not (t.lemma_ in verb_cues if pos in ("VERB", "AUX") else pos == "NOUN" and t.lemma_ in noun_cues):
            continue
        places, person = [], None
        if t.pos_ == "VERB" and (_only_planned(t, knowledge.lexicon()["meeting"]) or _wished(t)):
            continue
        if t.pos_ == "VERB" and t.lemma_ in lex["verbs"] and not r.is_hypothetical(t):
            preps = lex["verbs"][t.lemma_]
            for c in t.children:
                if c.dep_ == "dobj" and "" in preps:
                    places += _destinations(r, c)
                if c.dep_ == "prep" and c.lower_ in preps:
                    places += [k for o in c.children if o.dep_ == "pobj" for k in _destinations(r, o)]
            if "" in preps and any(c.dep_ == "dobj" for c in t.children):
                places += [k for k in r.places_for(t, ("in",)) if k not in places]  # "visited a school in Y"
            person = _traveller(r, t)
        elif t.lemma_ in lex["presence_verbs"] and t.pos_ in ("VERB", "AUX") and not r.is_hypothetical(t) \
                and not (t.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in t.children)):
            # "X is in Y this week", "X, speaking in Y on Tuesday": X is there
            places = [k for c in t.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children
                      if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC", "FAC") for k in r.entities_of(o)]
            person = _traveller(r, t)
        elif t.pos_ == "VERB" and t.lemma_ in lex["carry_verbs"] and not r.is_hypothetical(t):
            # "the tour took her to A and B": the one carried is the traveller;
            # "took his campaign to Y": the one who took it
            objects = [c for c in t.children if c.dep_ == "dobj"]
            carried = [k for c in objects for k in r.entities_of(c)]
            if not carried and any(c.lemma_ in lex["carried_nouns"] for c in objects):
                carried = [_traveller(r, t)]
            person = carried[0] if carried else None
            places = [k for c in t.children if c.dep_ == "prep" and c.lower_ == "to"
                      for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o)]
        elif t.pos_ == "VERB" and t.lemma_ in lex["host_verbs"] and not r.is_hypothetical(t):
            # "X hosted Y at the palace": the guest is the one who came
            guests = [k for c in t.children if c.dep_ == "dobj" for k in r.entities_of(c)]
            if _passive_agents(r, t):  # "Y was received by X in Z"
                guests = [k for c in t.children if c.dep_ == "nsubjpass" for k in r.entities_of(c)]
            person = guests[0] if guests else None
            places = r.places_for(t, ("in", "at", "to"))
        elif t.pos_ == "NOUN" and t.lemma_ in lex["host_nouns"] and t.dep_ == "dobj":
            # "laid on a reception for Y at the palace" (the parser hangs "for" on either word)
            guests = [o for h in (t, t.head) for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
                      for o in c.children if o.dep_ == "pobj"]
            person = next((k for o in guests for k in r.entities_of(o)), None)
            places = _unique(r.places_for(t, ("in", "at", "to")) + [k for o in guests[:1] for k in r.places_for(o)])
        elif t.pos_ == "NOUN" and (t.lemma_ in lex["nouns"] or t.lemma_ in lex["owned_nouns"]) and not _called_off(r, t):
            heads = [t.head] if t.dep_ == "dobj" else []
            places = [k for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "to"
                      for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o)]
            places += [k for o in _phrase_objects(t, "to") for k in _destinations(r, o) if k not in places]
            if t.lemma_ in lex["of_nouns"]:  # "a tour of Asia"
                places += [k for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                           if o.dep_ == "pobj" for k in r.entities_of(o) if r.is_place(k) and k not in places]
            places += [k for o in _phrase_objects(t, "in") for k in r.entities_of(o)  # "a stop in Y"
                       if o.ent_type_ in ("GPE", "LOC", "FAC") and r.is_place(k) and k not in places]
            if t.lemma_ in lex["at_nouns"]:  # "his arrival at the airport of Y"
                places += [k for o in _phrase_objects(t, "at") for k in _destinations(r, o) if k not in places]
            owners = _cataphoric(r, t) or [k for c in t.children if c.dep_ in ("poss", "nmod") and c.i < t.i
                                           for k in r.entities_of(c) if c.dep_ == "poss" or r.is_person(k)]
            if owners:  # "her Asia tour"
                places += [k for c in t.children if c.dep_ == "compound" for k in [r.entity_of(c)]
                           if r.is_place(k) and k not in places]
            if not owners and places and t.dep_ == "pobj" and t.head.lower_ in ("on", "during") and t.head.head.pos_ in ("VERB", "AUX"):
                owners = [k for k in [_traveller(r, t.head.head)] if k]  # "X, who is on a tour of Y"
            given = [c for c in t.head.children if c.dep_ == "dative"] if t.dep_ == "dobj" else []
            if given:  # "X gave the guests a tour of Y": the guests went round
                owners = [k for c in given for k in r.entities_of(c)] or [None]
            person = owners[0] if owners else (r.agent(t) if places and t.lemma_ in lex["nouns"] else None)
            escort = t.head.head if t.dep_ == "pobj" else None
            if escort is not None and escort.lemma_ in lex["escort_verbs"] and r.is_person(person):
                # "X, accompanying Y on a visit to Z": both went
                companions = [k for c in escort.children if c.dep_ == "dobj" for k in r.entities_of(c) if r.is_person(k)]
                for other, place in ((o, p) for o in companions for p in places if r.is_place(p)):
                    out.setdefault((other, place), Visit(other, place, _date(r, t, "held"), t.lemma_, (r.evidence(t),)))
        if not places or not r.is_person(person):
            continue
        for place in places:
            if r.is_place(place) or (place.startswith("org/") and t.lemma_ in ("visit",)):
                status = "scheduled" if r.is_scheduled(t) else "held"
                date, evidence = _date(r, t, status) or _now(r, t, lex), (r.evidence(t),)
                if date is None and status == "held":
                    date, evidence = _lead_date(r, t, [person], evidence)
                old = out.get((person, place))
                if old is None:
                    out[(person, place)] = Visit(person, place, date, t.lemma_, evidence)
                elif old.date is None and date:  # a later mention dates the journey ("X visits Y" ... "flew into Y on Friday")
                    out[(person, place)] = Visit(person, place, date, old.cue, old.evidence + evidence)
    for visit in _visits_abroad(r, meetings):
        out.setdefault((visit.person, visit.place), visit)
    return list(out.values())


@cache
def _visit_cues() -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas of the verbs and of the nouns that can say someone went somewhere."""
    lex = knowledge.lexicon()["visit"]
    return (frozenset([*lex["verbs"], *lex["presence_verbs"], *lex["carry_verbs"], *lex["host_verbs"]]),
            frozenset([*lex["host_nouns"], *lex["nouns"], *lex["owned_nouns"]]))


def _visits_abroad(r: Reader, meetings: list[Meeting]) -> list[Visit]:
    """A person whose role ties them to one country, meeting in a place of another country, went
    there ('Chilean President X met Y in Lima'); the host stays at home."""
    homes: dict[str, set] = {}
    for role in r.roles:
        if role.organisation and not role.former and r.kind(role.organisation) == "Country":
            homes.setdefault(role.person, set()).add(role.organisation)
    out = []
    for meeting in meetings:
        # the most specific place whose country is known ("in Lima, Peru": Lima)
        place, country = next(((p, c) for p in meeting.places for c in [_country_of(r, p)] if c), (None, None))
        for person in meeting.participants:
            if country and len(homes.get(person, ())) == 1 and country not in homes[person]:
                out.append(Visit(person, place, meeting.date, meeting.kind, meeting.evidence[:1]))
    return out


def _now(r: Reader, noun, lex):
    """A journey noun that is the subject of 'comes' ('X's visit to Y comes as ...') is under way
    on the article's day."""
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.lemma_ in lex["now_verbs"] and verb.tag_ == "VBZ" and r.anchor and not r.in_quote(noun):
        return TimeRef(r.anchor.isoformat(), "date", verb.text)
    return None


def _country_of(r: Reader, place: str) -> str | None:
    """The country a place is, or whose capital it is."""
    if r.kind(place) == "Country":
        return place
    country = knowledge.capitals().get(fold(r.label(place))) if r.kind(place) == "City" else None
    return country.key if country else None


def _called_off(r: Reader, noun) -> bool:
    """A journey that its verb cancels, negates or only wishes ('cancelled his trip', 'the visit
    was postponed', 'may make a trip'); a journey that is a verb's subject is not touched by it."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return False
    return verb.lemma_ in knowledge.words("modality", "not_facts") or r.is_hypothetical(verb)


def _traveller(r: Reader, verb) -> str | None:
    """Who does a verb of going: its subject; for 'X, who flew to Y' or 'X, speaking in Y' the
    person the clause hangs from; else the subject of the governing clause."""
    subjects = [k for c in verb.children if c.dep_ == "nsubj" for k in r.entities_of(c)]
    if subjects:
        return subjects[0]
    if verb.dep_ in ("relcl", "acl") and r.is_person(r.entity_of(verb.head)):
        return r.entity_of(verb.head)
    if verb.dep_ == "xcomp":  # "invited X to visit Y": X is the one to go
        invited = [k for c in verb.head.children if c.dep_ == "dobj" for k in r.entities_of(c) if r.is_person(k)]
        if invited:
            return invited[0]
    if verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "pobj", "conj") and verb.head.dep_ == "prep" \
            and verb.head.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the right to stay after arriving in Y": no one in particular
    return r.agent(verb.head) if verb.dep_ != "ROOT" else None


def _phrase_objects(noun, prep: str) -> list:
    """Objects of a preposition inside a noun's own phrase, also where the parser hung it on a
    nearer word ('his departure on 3 May for Y')."""
    out = []
    for p in noun.subtree:
        if p.dep_ != "prep" or p.lower_ != prep:
            continue
        t = p
        while t.i != noun.i and t.dep_ in ("prep", "pobj", "nummod", "npadvmod", "compound", "conj"):
            t = t.head
        if t.i == noun.i:
            out += [o for o in p.children if o.dep_ == "pobj"]
    return out


def _place_named_before(r: Reader, token) -> str | None:
    """'the city', 'the country': the last place of that kind named earlier in the sentence."""
    kinds = knowledge.lexicon()["visit"]["place_words"].get(token.lemma_)
    if not kinds or not any(c.lower_ == "the" for c in token.children) or \
            any(c.dep_ in ("compound", "prep", "amod") for c in token.children):
        return None
    start = r.sentences[r.sentence_index(token.i)].start
    for m in reversed(r.mentions):
        if start <= m.start < token.i and m.kind in kinds and r.tokens[m.end - 1].pos_ == "PROPN":
            return m.key
    return None


def _destinations(r: Reader, obj) -> list[str]:
    """The places a destination phrase names: itself, a place named in its modifiers ('the Y
    memorial'), where it lies ('the school in Y'), or the place it refers back to ('the city')."""
    out = r.entities_of(obj) or [k for k in [_place_named_before(r, obj)] if k]
    if not out:  # "the Y memorial", "Y's airport"
        out = [k for c in obj.children if c.dep_ in ("compound", "poss") for k in [r.entity_of(c)] if r.is_place(k)]
    if not out and obj.lemma_ in knowledge.words("names", "place_nouns"):  # "the northern capital of Y"
        out = [k for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
               if o.dep_ == "pobj" for k in r.entities_of(o) if r.is_place(k)]
    heads = [obj]
    for _ in range(3):  # "the grave of a poet in Y"
        heads = [o for h in heads for prep in h.children if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "at")
                 for o in prep.children if o.dep_ == "pobj"]
        out += [k for o in heads if o.head.lower_ != "of" for k in r.entities_of(o) if r.is_place(k)]
    return _unique(out)
