"""Explicit evaluative acts: praise, welcome, back ... and criticise, condemn, reject ..."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import ADJ

from .. import knowledge
from ..model import Stance
from .context import Reader, phrase

_RELATIVE = ("WDT", "WP")
_PLURAL = ("they", "them")
_DASHES = ("-", "\u2013", "\u2014", "--")
_AMOD = get_string_id("amod")
_NSUBJ, _NSUBJPASS, _ROOT = (get_string_id(d) for d in ("nsubj", "nsubjpass", "ROOT"))
_NOT_FACT_AUX = ("will", "would", "could", "may", "might", "can", "should", "must", "'ll")


def valence(word: str) -> float | None:
    """A word's valence; a negative prefix turns a positive word negative ('unjustified').

    >>> valence("illegal") < 0, valence("unjustified") < 0, valence("table")
    (True, True, None)
    """
    lexicon = knowledge.opinion_lexicon()
    word = word.lower()
    if word in lexicon:
        return lexicon[word]
    if word in _judgements():
        return _judgements()[word]
    for prefix in knowledge.lexicon()["stance"]["negative_prefixes"]:
        base = word[len(prefix):]
        if word.startswith(prefix) and len(base) > 3 and lexicon.get(base, 0) > 0:
            return -lexicon[base]
    return None


@cache
def _judgements() -> dict[str, float]:
    """Judging words the opinion lexicon lacks ('baseless', 'a sham'), at a clear valence of 2."""
    lex = knowledge.lexicon()["stance"]
    return {**{w: 2.0 for w in lex["judging_positive"]}, **{w: -2.0 for w in lex["judging_negative"]}}


@cache
def _cues() -> dict:
    lex = knowledge.lexicon()["stance"]
    return {
        "verbs": {**{w: "positive" for w in lex["positive"]}, **{w: "negative" for w in lex["negative"]}},
        "adjectives": {**{w: "positive" for w in lex["positive_adjectives"]},
                       **{w: "negative" for w in lex["negative_adjectives"]}},
        "nouns": {**{w: "positive" for w in lex["positive_nouns"]}, **{w: "negative" for w in lex["negative_nouns"]}},
        "agents": {**{w: "positive" for w in lex["positive_agents"]}, **{w: "negative" for w in lex["negative_agents"]}},
        "phrasal": _phrasal_cues(lex["phrasal_negative"]),
        "assessment": set(lex["assessment"]) | set(knowledge.lexicon()["speech"]["verbs"]),
    }


def _phrasal_cues(entries) -> dict[tuple[str, str], tuple[str, ...]]:
    """("push", "back") -> the prepositions that introduce the target ("on", "against")."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in entries:
        verb, particle, prep = entry.split()
        out[(verb, particle)] = out.get((verb, particle), ()) + (prep,)
    return out


def extract_stances(r: Reader) -> list[Stance]:
    """Stances with a named (or collective) source and the target the text names."""
    out: dict[tuple, Stance] = {}
    groups_before = set(r.groups)
    r._stance_memo = {}
    doc = r.doc
    for i in _candidates(doc, r.body_start):
        t = doc[i]
        for cue, sources, value, targets in _readings(r, t):
            if cue.lower_ in _care() or cue.lemma_ in _care():
                targets = _not_cared_for(r, cue, targets)
            quote = r.quote_at(cue.idx)
            sources = [*sources, *(k for k in _echoed(r, cue) if k not in sources)]
            for source in sources:
                if _in_long_quote(r, cue) and not _own_voice(r, quote, source, cue):
                    continue  # inside a quotation only the speaker's own stance counts ("I don't like ...")
                if source in targets and len(targets) > 1:
                    continue  # "he criticised them" read as one of them: the pronouns are not resolved
                for target in targets:
                    key = (source, value, target)
                    if source and target and source != target and key not in out:
                        out[key] = Stance(source, value, target, cue.lemma_, (r.evidence(cue),))
    used = {k for s in out.values() for k in (s.source, s.target)}
    for key in set(r.groups) - groups_before - used:
        del r.groups[key]  # a collective read on the way to no stance is no entity
    del r._stance_memo
    return list(out.values())


@cache
def _triggers() -> tuple[np.ndarray, np.ndarray]:
    """The hashes of the lemmas and of the lower-case forms that may start a reading in _readings."""
    cues, lex = _cues(), knowledge.lexicon()["stance"]
    lemmas = {*cues["verbs"], *(key[0] for key in cues["phrasal"]), *lex["predicative"], *cues["assessment"],
              "be", "remain", "end", *cues["nouns"], *lex["under_fire"], *lex["receptions"], *cues["agents"],
              *lex["opinion_nouns"], *lex["fact_nouns"], *lex["undo"], *lex["solidarity"]}
    lowers = {*lex["feelings"], *cues["adjectives"], "according"}
    return (np.array(sorted(get_string_id(w) for w in lemmas), dtype=np.uint64),
            np.array(sorted(get_string_id(w) for w in lowers), dtype=np.uint64))


def _candidates(doc, start: int) -> list[int]:
    """The indices from start on of the tokens _readings may read anything from: a cue word, or an
    adjective modifying a noun (a quoted judgement). All other tokens yield nothing there."""
    if start >= len(doc):
        return []
    lemmas, lowers = _triggers()
    a = doc.to_array([LEMMA, LOWER, POS, DEP])[start:].T.copy()
    hit = _member(a[0], lemmas) | _member(a[1], lowers) | ((a[2] == ADJ) & (a[3] == _AMOD))
    return (np.flatnonzero(hit) + start).tolist()


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which values are in a sorted array (faster than np.isin for a long array and a short set)."""
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == values


@cache
def _care() -> frozenset[str]:
    return frozenset(knowledge.lexicon()["stance"]["care"])


def _not_cared_for(r: Reader, cue, targets) -> list[str]:
    """Concern or worry for a person, or for a person's family, is care, not a stance against them:
    'voiced concern for Tom Hale', 'was worried about the family of Tom Hale'."""
    kin = knowledge.lexicon()["stance"]["kin"]
    heads = (cue, cue.head) if cue.dep_ == "dobj" else (cue,)
    cared = {k for h in heads for c in h.children if c.dep_ == "prep" for o in c.children
             if o.dep_ == "pobj" and o.lemma_.lower() in kin for k in _targets_of(r, o)}
    return [k for k in targets if k not in cared and not r.is_person(k)]


def _readings(r: Reader, t):
    """(cue, sources, polarity, targets) for each way a token reports a stance."""
    cues = _cues()
    lex = knowledge.lexicon()["stance"]
    pos, lemma, lower, dep = t.pos_, t.lemma_, t.lower_, t.dep_
    if pos == "VERB" and lemma in cues["verbs"]:
        if lemma == "like" and not any(c.dep_ == "dobj" for c in t.children):
            return  # "would like to ..."
        value = _negated(t, cues["verbs"][lemma], lex["negatable"])
        hospitable = lemma in lex["hospitality"]
        if hospitable and any(c.dep_ == "prep" and c.lower_ == "to" for c in t.children):
            value = None  # "welcomed delegates to the conference"
        if lemma in lex["own_keeping"] and _own_object(t):
            value = None  # "will defend his title": keeping what is one's own
        if value and not _blocked(r, t, negation=False):
            targets = [k for k in _verb_targets(r, t) if not (hospitable and r.is_person(k))]  # "welcomed the envoy"
            sources = _sources(r, t)
            it = next((c for c in t.children if c.dep_ == "dobj" and c.lower_ == "it"), None)
            if not targets and it is not None:  # "He said he supported it": what he spoke of before
                targets = [k for k in _it_before(r, it, sources) if not r.is_person(k)]
            yield t, sources, value, targets
    if pos == "VERB" and lemma in _phrasal_verbs() and _phrasal(t) in cues["phrasal"] and not _blocked(r, t):
        yield t, _sources(r, t), "negative", _prep_targets(r, t, cues["phrasal"][_phrasal(t)])
    feeling = lower in lex["feelings"] and valence(lower)
    if pos in ("ADJ", "VERB") and (lower in cues["adjectives"] or feeling) and not _blocked(r, t, negation=False):
        polar = cues["adjectives"].get(lower) or ("positive" if feeling > 0 else "negative")
        value = _negated(t, polar, ())
        if value:
            yield t, _sources(r, t, experiencer=True), value, _adjective_targets(r, t, ("for",) if feeling else ())
    if pos == "VERB" and lemma in lex["predicative"] and not _blocked(r, t):
        yield from _predicative(r, t)
    if pos == "VERB" and lemma in cues["assessment"] and not _blocked(r, t):
        yield from _assessment(r, t)
    if lower == "according" and dep == "prep" and not r.in_quote(t):
        yield from _according_to(r, t)
    if dep == "ROOT" and lemma in ("be", "remain") and r.in_quote(t):
        yield from _quoted_verdict(r, t)
    if pos == "NOUN" and lemma in cues["nouns"]:
        yield from _stance_noun(r, t, cues["nouns"][lemma])
    if pos == "ADJ" and dep == "amod" and t.head.lemma_ in lex["judged"] and r.in_quote(t):
        yield from _quoted_judgement(r, t)
    if pos == "NOUN" and lemma in lex["under_fire"]:
        yield from _under_fire(r, t)
    if pos == "NOUN" and lemma in lex["receptions"] and dep == "dobj":
        yield from _reception(r, t)
    if pos == "NOUN" and lemma in cues["agents"] and dep in ("attr", "appos"):
        yield from _stance_agent(r, t, cues["agents"][lemma])
    if lemma == "be" and not _blocked(r, t):
        yield from _for_or_against(r, t)
    if pos == "NOUN" and (lemma in lex["opinion_nouns"] or lemma in lex["fact_nouns"]):
        yield from _opinion_noun(r, t)
    if pos == "VERB" and lemma in lex["undo"] and not any(c.dep_ == "neg" for c in t.children):
        urger = t.head
        urged = dep in ("xcomp", "advcl", "ccomp") and urger.lemma_ in lex["urge"]
        # "said the mayor should scrap the toll"
        urged = urged or (dep == "ccomp" and urger.lemma_ in cues["assessment"] and any(
            c.dep_ == "aux" and c.lower_ in ("should", "must") for c in t.children))
        if urged and not _blocked(r, urger):
            targets = _object_targets(r, t)
            if lemma == "end" or urger.lemma_ in lex["commit"]:  # "vowed to end the drought": only a policy or a party
                targets = [k for k in targets if not k.startswith("topic/") or _judged(r, t)]
            yield urger, _sources(r, urger), "negative", targets
    if pos == "NOUN" and lemma == "end" and dep in ("dobj", "pobj"):
        yield from _an_end_to(r, t)
    if pos == "VERB" and lemma in lex["solidarity"] and not _blocked(r, t):
        yield from _stand_with(r, t)


def _stand_with(r: Reader, t):
    """'X stands with Y against Z', 'stood by the plan', 'its commitment to stand with Y'."""
    judged = knowledge.lexicon()["stance"]["judged"]
    if t.dep_ == "acl":  # "the Ruritanian pledge to stand with Borduria": the commitment's owner
        owners = [k for c in t.head.children if c.dep_ in ("poss", "compound", "amod") for k in [r.entity_of(c)] if k]
        sources = owners or (_sources(r, t.head.head) if t.head.dep_ == "dobj" else [])
    else:
        sources = _sources(r, t)
    for prep in (c for c in t.children if c.dep_ == "prep"):
        value = "positive" if prep.lower_ in ("with", "by", "behind") else "negative" if prep.lower_ == "against" else None
        objects = [o for o in prep.children if o.dep_ == "pobj" and (r.entity_of(o) or o.lemma_ in judged
                                                                     or o.i in r.agreement_tokens)]
        targets = _targets_of(r, objects[0]) if value and objects else []
        if value == "negative":
            targets = [k for k in targets if not r.is_person(k)]  # "stood against X in the election": a race
        if targets:
            yield t, sources, value, targets


def _own_object(verb) -> bool:
    """Whether a verb's object is something the subject holds, not an act or a policy: 'defend his
    title', 'her seat' (but 'defended his talks with X' is a stance on them)."""
    held = knowledge.lexicon()["stance"]["possessions"]
    return any(c.dep_ == "dobj" and c.lemma_.lower() in held and any(
        p.dep_ == "poss" and p.lower_ in ("his", "her", "its", "their", "my", "our", "your") for p in c.children)
        for c in verb.children)


def _judged(r: Reader, verb) -> bool:
    """Whether a verb's object is a policy, plan or deal ('scrap the fishing deal')."""
    return any(c.dep_ == "dobj" and c.lemma_ in knowledge.lexicon()["stance"]["judged"] for c in verb.children)


def _an_end_to(r: Reader, end):
    """'demanded an end to the blockade', 'called for an end to the blockade': against the blockade."""
    urger = end.head if end.dep_ == "dobj" else end.head.head
    if end.dep_ == "pobj" and end.head.lower_ != "for":
        return
    if urger.pos_ == "VERB" and urger.lemma_ in knowledge.lexicon()["stance"]["urge"] and not _blocked(r, urger):
        targets = [k for c in end.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children
                   if o.dep_ == "pobj" and (o.lemma_ in knowledge.lexicon()["stance"]["judged"] or r.entity_of(o)
                                           or o.i in r.agreement_tokens) for k in _targets_of(r, o)]
        yield urger, _sources(r, urger), "negative", targets


def _negated(t, value: str, negatable) -> str | None:
    """The polarity of a cue under negation: 'don't like' is negative, 'did not criticise' is nothing."""
    if not any(c.dep_ == "neg" for c in t.children):
        return value
    return "negative" if t.lemma_ in negatable else None


def _blocked(r: Reader, t, negation: bool = True) -> bool:
    """Negated (unless negation=False), hypothetical, or only expected ('is likely to defend'); read
    once per token and document."""
    memo = r._stance_memo.setdefault("blocked", {})
    key = (t.i, negation)
    if key not in memo:
        memo[key] = _blocked_once(r, t, negation)
    return memo[key]


def _blocked_once(r: Reader, t, negation: bool) -> bool:
    if r.is_hypothetical(t, negation=negation):
        return True
    clause = t
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in ("acl", "ccomp") and clause.head.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ == "no" for c in clause.head.children):
        return True  # "no evidence that X objected"
    not_yet = knowledge.lexicon()["stance"]["not_yet"]
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acomp") or t.head.i == t.i:
            return False
        t = t.head
        if t.lower_ in not_yet or any(c.dep_ == "advmod" and c.lower_ == "yet" for c in t.children):
            return True  # "is due to welcome", "has yet to condemn"
    return False


@cache
def _phrasal_verbs() -> frozenset[str]:
    return frozenset(key[0] for key in _cues()["phrasal"])


def _phrasal(t) -> tuple[str, ...]:
    particles = [c.lower_ for c in t.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "out")]
    return (t.lemma_, particles[0]) if particles else (t.lemma_,)


def _own_voice(r: Reader, quote, source: str, cue) -> bool:
    """Inside a quotation: the speaker's own stance ('I', 'we'), or that of a body the speaker speaks for."""
    subject = _subject(cue)
    if _first_person(cue) or (subject is not None and subject.lower_ in ("i", "we")):
        return True
    if subject is not None and r.quote_at(subject.idx) != quote and _says_so(r, cue, source):
        return True  # only the predicate is quoted: 'the ministry said it "deplores the toll"'
    speaker = r.quote_speakers.get(quote)
    return bool(speaker) and any(role.person == speaker and role.organisation == source for role in r.roles)


def _says_so(r: Reader, cue, source: str) -> bool:
    """Whether the cue's clause is what its own source says: 'X said it "deplores ..."'."""
    speech = cue.head
    if cue.dep_ != "ccomp" or speech.lemma_ not in _cues()["assessment"]:
        return False
    return any(c.dep_ == "nsubj" and source in _named(r, c) for c in speech.children)


def _subject(t):
    """The subject a cue's clause has, looking up through the clauses it hangs from."""
    for _ in range(6):
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _in_long_quote(r: Reader, t) -> bool:
    quote = r.quote_at(t.idx)
    return bool(quote) and len(r.text[quote[0]:quote[1]].split()) > 3


def _first_person(t) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in t.children)


# ---------------------------------------------------------------------- sources

def _sources(r: Reader, verb, experiencer: bool = False) -> list[str]:
    """Who takes the stance a verb reports (_sources_once), read once per token and document."""
    memo = r._stance_memo.setdefault("sources", {})
    key = (verb.i, experiencer)
    if key not in memo:
        memo[key] = _sources_once(r, verb, experiencer)
    return list(memo[key])


def _sources_once(r: Reader, verb, experiencer: bool = False) -> list[str]:
    """Who takes the stance a verb reports: its subject or passive agent, through relative pronouns
    ('Lund, who criticised ...'), conjuncts and the clauses a participle or infinitive hangs from;
    the object of 'prompted X to praise'; the author of 'a leaflet mocking X'. A conjunct whose verb
    does not agree in number with the subject it would share ('Ruritania thinks ... and have been
    wary') has no source, nor has a cue under a negated verb. With experiencer=True a passive
    subject is the source ('he was appalled')."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    if verb.pos_ == "VERB" and not (subjects and (subjects[0].dep_ == "agent" or _named(r, subjects[0]))):
        named = _between_dashes(r, verb)
        if named:
            return named
    number, step = None, None
    for _ in range(6):
        for c in sorted(verb.children, key=lambda c: c.tag_ in _RELATIVE):  # "which X supports": X
            if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and (experiencer or step == "conj")):
                if number and _number(c) and number != _number(c):
                    return []
                return _named(r, c)
            if c.dep_ == "agent":
                return [k for o in c.children if o.dep_ == "pobj" for k in _named(r, o)]
        if (not experiencer and step != "conj" and any(c.dep_ == "nsubjpass" for c in verb.children)) \
                or verb.head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":
            objects = [k for c in verb.head.children if c.dep_ == "dobj" for k in _named(r, c)]
            if objects:
                return objects
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            messages = knowledge.lexicon()["stance"]["messages"]
            return _named(r, verb.head) or (_author(r, verb.head) if verb.head.lemma_ in messages else [])
        climb = ("conj", "xcomp", "advcl", "ccomp", "acomp", "pcomp", "prep", "pobj")
        if verb.dep_ not in climb + (("amod", "attr") if experiencer else ()):
            return []
        if verb.dep_ == "conj":
            finite = [a.tag_ for a in (verb, *verb.children) if a.tag_ in ("VBZ", "VBP")]
            number = number or ({"VBZ": "singular", "VBP": "plural"}[finite[0]] if finite else None)
        step, verb = verb.dep_, verb.head
        if step != "conj" and verb.pos_ == "VERB" and any(c.dep_ == "neg" for c in verb.children):
            return []  # under a negated verb: "can't afford to ... defending"
    return []


def _between_dashes(r: Reader, verb) -> list[str]:
    """The names a dashed aside gives the subject the parser lost, right before the verb: 'the two
    states - Peru and Chile - criticised ...'."""
    doc, i = verb.doc, verb.i - 1
    while i > verb.sent.start and doc[i].dep_ == "advmod" and doc[i].head == verb:
        i -= 1
    if doc[i].text not in _DASHES:
        return []
    start = next((j for j in range(i - 1, max(verb.sent.start, i - 12) - 1, -1) if doc[j].text in _DASHES), None)
    if start is None or start == i - 1:
        return []
    inside = doc[start + 1:i]
    keys = []
    for t in inside:
        key = r.entity_of(t) if t.i in r.by_token else None
        if key:
            keys += [key] if key not in keys else []
        elif t.lower_ not in ("and", ",", "including", "both", "namely"):
            return []
    return keys


def _echoed(r: Reader, verb) -> list[str]:
    """Who repeats an act by an elided verb: 'X condemned the plan, as did Y' / 'and so did Y'."""
    out = []
    for c in verb.children:
        if c.dep_ in ("advcl", "conj") and c.lemma_ in ("do", "have") and not any(o.dep_ == "dobj" for o in c.children) \
                and any((m.dep_ == "mark" and m.lower_ == "as") or (m.dep_ == "advmod" and m.lower_ == "so")
                        for m in c.children if m.i < c.i):
            out += [k for s in c.children if s.dep_ == "nsubj" and s.i > c.i for k in _named(r, s)]
    return out


def _author(r: Reader, noun) -> list[str]:
    """Who made what a participle describes: 'a leaflet Tom Hale printed mocking them', 'X unveiled a
    billboard accusing Y', 'X wrote to the board accusing Y'."""
    for c in noun.children:
        if c.dep_ == "relcl":
            return [k for s in c.children if s.dep_ == "nsubj" for k in _named(r, s)]
    return _sources(r, noun.head) if noun.dep_ in ("dobj", "pobj") else []


def _number(token) -> str | None:
    if token.lower_ in ("it", "he", "she"):
        return "singular"
    if token.lower_ in ("they", "we"):
        return "plural"
    return {"NN": "singular", "NNP": "singular", "NNS": "plural", "NNPS": "plural"}.get(token.tag_)


def _named(r: Reader, token) -> list[str]:
    """The entities (or the collective) a subject names (read once per token and document)."""
    memo = r._stance_memo.setdefault("named", {})
    keys = memo.get(token.i)
    if keys is None:
        keys = memo[token.i] = _named_once(r, token)
    return list(keys)


def _named_once(r: Reader, token) -> list[str]:
    if token.tag_ in _RELATIVE:
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        return _named(r, clause.head) if clause is not None else []
    if token.lower_ in _PLURAL:
        return _plural(r, token)
    if token.lower_ == "it":
        speaker = _speaking_body(r, token)
        if speaker:
            return speaker
    if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
        before = _titled_subject_before(r, token)
        if before is not None:  # "the party's spokesman questioned ... He urged ...": that spokesman
            keys = r.entities_of(before) or [k for k in [_title_holder(r, before)] if k]
            return keys[:1] if keys and r.is_person(keys[0]) else []
    keys = r.entities_of(token) or _body_of(r, token)
    if not keys and token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.children):
        keys = [k for k in [_title_holder(r, token)] if k]
    if not keys:
        group = r.group_of(token)
        keys = [group] if group else []
    return keys


def _title_holder(r: Reader, noun) -> str | None:
    """'the minister', 'the foreign minister': the one person the text gives a title ending in those words."""
    words = " ".join(t.lower_ for t in noun.subtree
                     if (t.i < noun.i and t.dep_ in ("compound", "amod")) or t.i == noun.i)
    held = {role.person for role in r.roles if role.title and not role.former
            and (role.title.lower() == words or role.title.lower().endswith(" " + words))}
    return held.pop() if len(held) == 1 else None


def _titled_subject_before(r: Reader, pronoun):
    """The last main-clause subject before 'he'/'she', in its sentence or the one before, when it is a
    person named only by a title ('the spokesman'): 'he' is that person, named or not."""
    starts = r._stance_memo.get("sentence_starts")
    if starts is None:
        starts = r._stance_memo["sentence_starts"] = [sent.start for sent in r.sentences]
    at = bisect_right(starts, pronoun.i) - 1   # the sentence before, or this one if it is the first
    start = starts[at - 1] if at > 0 else starts[at]
    subjects = r._stance_memo.get("main_subjects")
    if subjects is None:
        subjects = r._stance_memo["main_subjects"] = _main_subjects(r.doc)
    at = bisect_left(subjects, pronoun.i) - 1
    if at < 0 or subjects[at] < start:
        return None
    last = r.doc[subjects[at]]
    if last.pos_ == "NOUN" and last.lemma_.lower() in _people_nouns():
        return last
    return None


def _main_subjects(doc) -> list[int]:
    """The indices of the subjects of main clauses (whose head is a sentence's root), in order."""
    a = doc.to_array([DEP, HEAD]).astype(np.int64).T
    heads = np.arange(len(doc)) + a[1]
    subject = (a[0] == _NSUBJ) | (a[0] == _NSUBJPASS)
    return np.flatnonzero(subject & (a[0][heads] == _ROOT)).tolist()


@cache
def _people_nouns() -> frozenset[str]:
    return frozenset(knowledge.lexicon()["roles"]["titles"]) | frozenset(knowledge.lexicon()["speech"]["proxies"])


def _body_of(r: Reader, token) -> list[str]:
    """A government body named by a noun phrase stands for its country: 'the Ruritanian foreign ministry',
    'Peru's embassy', 'the Lund administration' (Lund leading a country)."""
    lex = knowledge.lexicon()["stance"]
    if token.lemma_.lower() in knowledge.lexicon()["speech"]["proxies"]:   # "a spokesman for the Chilean government"
        return [k for c in token.children if c.dep_ == "prep" and c.lower_ == "for"
                for o in c.children if o.dep_ == "pobj" for k in _named(r, o) if not r.is_person(k)][:1]
    if token.lemma_.lower() not in lex["country_bodies"]:
        return []
    of = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    of += [o for x in of for c in x.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    for c in [*token.children, *of]:
        if c.dep_ not in ("amod", "compound", "poss", "nmod", "pobj") or (c.i > token.i and c.dep_ != "pobj"):
            continue
        key = r.entity_of(c)
        if key and r.kind(key) == "Country":
            return [key]
        led = {role.organisation for role in r.roles if role.person == key and not role.former
               and role.organisation and r.kind(role.organisation) == "Country"}
        if r.is_person(key) and len(led) == 1 and token.lemma_.lower() in ("administration", "government"):
            return [led.pop()]
    return []


def _speaking_body(r: Reader, it) -> list[str]:
    """'it' as the subject of what a body says is that body: 'the ministry said it deplored ...'."""
    clause = it.head
    if it.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp" or clause.head.lemma_ not in _cues()["assessment"]:
        return []
    for s in clause.head.children:
        if s.dep_ == "nsubj" and s.lower_ != "it":
            keys = _named(r, s)
            return keys if keys and not any(r.is_person(k) for k in keys) else []
    return []


def _plural(r: Reader, token) -> list[str]:
    """'they', 'them': the entities last named together ('X and Y'), in this sentence or the two before."""
    for m in reversed(r.mentions):
        head = r.doc[m.start:m.end].root
        if m.start >= token.i or r.sentence_number[token.sent.start] - r.sentence_number[head.sent.start] > 2:
            continue
        group = [head, *head.conjuncts]
        if len(group) > 1:
            keys = [k for k in (r.entity_of(g) for g in group) if k]
            kinds = {r.kind(k) for k in keys}
            if len(keys) == len(group) and len(kinds) == 1:
                return keys
    return []


# ---------------------------------------------------------------------- targets

def _verb_targets(r: Reader, t) -> list[str]:
    """The object of a stance verb: its direct object, else 'against'/'on' ('railed against'), else
    the noun a relative or participle clause hangs from ('whose policy ... he dismissed', 'a speech
    criticised by X', 'the talks, which X is ready to support'); 'warned X against Y' is about Y."""
    if t.lemma_ == "warn":
        found = _prep_targets(r, t, ("against",))
        if found or any(c.dep_ == "ccomp" for c in t.children):
            return found  # "warned investors that ...": the investors are told, not judged
    found = _object_targets(r, t)
    if found:
        return found
    found = _prep_targets(r, t, ("against", "on", *knowledge.lexicon()["stance"]["verb_preps"].get(t.lemma_, ())))
    if found:
        return found
    clause = t
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if t.dep_ == "relcl" or (clause.dep_ == "acl" and t.tag_ == "VBN"):
        target = _antecedent(r, clause.head)
        return [target] if target else []
    while clause.dep_ in ("xcomp", "acomp") and clause.head.i != clause.i:
        clause = clause.head  # "the talks, which X stands ready to support"
    relative = [c for c in clause.children if c.tag_ in _RELATIVE and c.dep_ in ("dobj", "nsubj")]
    subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.tag_ not in _RELATIVE]
    if clause.dep_ == "relcl" and relative and (relative[0].dep_ == "dobj" or subjects):
        target = _antecedent(r, clause.head)
        return [target] if target else []
    return []


def _antecedent(r: Reader, head):
    """What a relative clause is about: its head, unless that is a place tacked on by 'in' or 'at'
    ('warnings of threats in Peru, which X objected to': the parser's nearest noun, not the warnings)."""
    target = _resolve_target(r, head)
    if target and r.is_place(target) and head.dep_ == "pobj" and head.head.lower_ in ("in", "at"):
        return None
    return target


def _object_targets(r: Reader, t) -> list[str]:
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            cut = next((p for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
                        and p.doc[p.i - 1].lower_ != "such"), None)   # not "proposals such as ..."
            found = _targets_before(r, c, cut) if cut is not None else _targets_of(r, c)  # "slammed X as a mistake"
            if found:
                return found
    return []


def _prep_targets(r: Reader, t, preps) -> list[str]:
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for o in c.children:
                found = _targets_of(r, o) if o.dep_ == "pobj" else [_gerund(r, o)] if o.dep_ == "pcomp" else []
                if found:
                    return found
    return []


def _targets_of(r: Reader, token) -> list[str]:
    """A target and the named entities conjoined with it ('criticised Peru and Chile')."""
    if token.tag_ in _RELATIVE:
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        target = _antecedent(r, clause.head) if clause is not None else None
        return [target] if target else []
    if token.lower_ in _PLURAL:
        return _plural(r, token)
    target = _resolve_target(r, token)
    if not target:
        return []
    return [target] + [k for k in (r.entity_of(c) for c in token.conjuncts) if k and k != target]


def _targets_before(r: Reader, token, cut) -> list[str]:
    """Targets whose phrase stops where the ascribed quality begins ('the treaty as a disaster')."""
    found = _targets_of(r, token)
    if found and found[0].startswith("topic/") and token.i < cut.i <= token.right_edge.i:
        words = [w for w in r.doc[token.left_edge.i:cut.i] if not (w.dep_ in ("det", "predet") and w.head == token)]
        found[0] = r.topic_named("".join(w.text_with_ws for w in words).strip())
    return found


def _gerund(r: Reader, verb) -> str:
    """'warned against raising the toll' -> 'raising toll'."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return r.topic_named(verb.text + (" " + phrase(objects[0]) if objects else ""))


def _adjective_targets(r: Reader, t, more=()) -> list[str]:
    """'interested in X'; 'appalled that the government was lifting sanctions' -> 'lifting sanctions'."""
    found = _about(r, t, ("in", "of", "about", "with", "towards", "to", "by", "at", "over", *more))
    if found or _in_long_quote(r, t):
        return found  # a clause inside a quotation is too loose a target
    clauses = [c for c in t.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    objects = [c for c in clauses[0].children if c.dep_ == "dobj"] if clauses else []
    if objects:  # a bare verb ('disappointed he went so far') names nothing to judge
        return [r.topic_named(clauses[0].text + " " + phrase(objects[0]))]
    return []


def _about(r: Reader, t, preps) -> list[str]:
    """What a stance word is about: the object of its first telling preposition."""
    for prep in preps:
        for c in t.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == prep:
                for o in c.children:
                    found = _targets_of(r, o) if o.dep_ == "pobj" else _seen_as(r, o) if o.dep_ == "pcomp" else []
                    if found:
                        return found
    return []


def _seen_as(r: Reader, verb) -> list[str]:
    """What a free relative names: 'annoyed by what she calls Borduria's stalling' -> Borduria's stalling."""
    if not any(c.dep_ == "dobj" and c.lower_ == "what" for c in verb.children):
        return []
    return [k for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
            for o in c.children if o.dep_ == "pobj" for k in _targets_of(r, o)][:1]


def _resolve_target(r: Reader, token):
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY") or token.tag_ in _RELATIVE:
        return None  # a date, a number, or the relative pronoun of "a toll that I favour"
    if token.lower_ in ("it", "this", "that"):
        quote = r.quote_at(token.idx)
        earlier = [n for n in token.sent if n.i < token.i and n.pos_ == "NOUN" and n.dep_ in ("dobj", "nsubj", "pobj")
                   and r.quote_at(n.idx) == quote]
        if not earlier:
            return None
        token = earlier[-1]
    key = r.entity_of(token)
    if key:
        return key
    if token.i in r.agreement_tokens:
        return r.agreement_tokens[token.i]
    if token.pos_ in ("NOUN", "PROPN") or any(c.dep_ in ("poss", "compound") for c in token.children):
        return r.topic(token)
    return None


# ---------------------------------------------------------------------- evaluations

def _polarity(pred) -> str | None:
    """The polarity of an ascribed quality: the word itself ('illegal', 'a disaster'), else its
    strongest modifier ('a great day', 'a bad deal'); none when negated, or when the word governs a
    clause ('clear that ...', 'right to ...': about the clause, not the subject)."""
    if any(c.dep_ in ("neg", "ccomp", "xcomp") or c.lower_ in ("no", "not", "never") for c in pred.children):
        return None
    score = valence(_hyphenated(pred)) if pred.pos_ in ("ADJ", "NOUN", "VERB") else None
    modifiers = [v for v in (valence(c.lower_) for c in pred.children if c.dep_ == "amod") if v is not None]
    if score is not None and any(v * score < 0 for v in modifiers):
        return None  # "an irrelevant party": the word and its modifier disagree
    if score is None:  # only a strong modifier speaks for a neutral noun ("a powerful indictment" does not)
        modifiers = [v for v in modifiers if abs(v) >= 2.0]
        score = max(modifiers, key=abs) if modifiers else None
    if score is None or abs(score) < 1.0:
        return None
    return "positive" if score > 0 else "negative"


def _hyphenated(t) -> str:
    """A word with what a hyphen joins to it before: 'game-changer', 'ill-advised'."""
    doc = t.doc
    if t.i >= 2 and doc[t.i - 1].text == "-" and not doc[t.i - 2].whitespace_ and not doc[t.i - 1].whitespace_:
        return f"{doc[t.i - 2].lower_}-{t.lower_}"
    return t.lower_


def _predicative(r: Reader, t):
    """'called the rebate unjustified', 'described it as a disaster', 'considers the ruling illegal'."""
    objects = [c for c in t.children if c.dep_ == "dobj"]
    preds = [c for c in t.children if c.dep_ == "oprd" or (c.dep_ == "npadvmod" and objects and c.i > objects[0].i)]
    if not objects and len(preds) > 1:
        objects, preds = preds[:1], preds[1:]  # 'called the vote "a sham"' parsed as two predicates
    preds += [o for h in (t, *objects) for c in h.children if c.dep_ == "prep" and c.lower_ == "as"
              for o in c.children if o.dep_ in ("pobj", "amod", "acomp")]   # "as a disaster", "as inappropriate"
    if objects and preds:
        value = _polarity(preds[0])
        if value:
            yield t, _sources(r, t), value, _targets_before(r, objects[0], preds[0].head)
        return
    for clause in (c for c in t.children if c.dep_ == "ccomp" and c.pos_ in ("ADJ", "NOUN", "VERB")):
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        value = _polarity(clause) if clause.pos_ != "VERB" or clause.tag_ in ("VBN", "VBD") else None
        if subjects and value:
            yield t, _sources(r, t), value, _targets_of(r, subjects[0])


def _assessment(r: Reader, t):
    """'said the charges were groundless'; a warning that something could do harm: 'warned that the
    toll could hurt farmers'."""
    sources = _sources(r, t)
    for clause in (c for c in t.children if c.dep_ == "ccomp"):
        value, targets = _quality(r, clause, harm=t.lemma_ == "warn", sources=sources)
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if not value or subject is None:
            continue
        if subject.lower_ == "it" and any(not r.is_person(k) for k in sources):
            continue  # "the agency said it was ...": itself
        if any(c.dep_ == "poss" and r.entity_of(c) in sources for c in subject.children):
            continue  # "said her main feeling was relief": the source's own state
        yield t, sources, value, targets


def _quoted_verdict(r: Reader, root):
    """A quoted sentence that is a verdict, in the speaker's voice: '"The new levy is unfair."'"""
    quote = r.quote_at(root.idx)
    speaker = r.quote_speakers.get(quote)
    sent = root.sent
    words = [w for w in sent if not w.is_punct and not w.is_space]
    if not speaker or not words or r.quote_at(words[0].idx) != quote or r.quote_at(words[-1].idx) != quote:
        return  # the whole sentence must be quoted: its attribution is read as an assessment instead
    value, targets = _quality(r, root, sources=[speaker])
    if value:
        yield root, [speaker], value, targets


def _according_to(r: Reader, t):
    """'According to X, the deal was unfair': X's judgement."""
    sources = [k for c in t.children if c.dep_ == "prep" and c.lower_ == "to"
               for o in c.children if o.dep_ == "pobj" for k in _named(r, o)]
    if sources and t.head.pos_ in ("AUX", "VERB"):
        value, targets = _quality(r, t.head, sources=sources)
        if value:
            yield t, sources, value, targets


def _quality(r: Reader, clause, harm: bool = False, sources=()) -> tuple[str | None, list[str]]:
    """The polarity a clause ascribes to its subject, and that subject as targets: 'the deal was
    unfair'; with harm=True also 'the toll could hurt farmers' (not 'trade could suffer').
    Also 'the militia committed vile crimes'. Nothing for a person ('was safe', 'was clear' describe a person more often than judge), people
    counted or named by nationality ('440 Britons were missing'), a generic or demonstrative subject,
    a question, a negation, a prediction or a feeling. A subject 'it' with nothing before it is what
    the sentence before was about, when the same source spoke there ('She said it was still fair')."""
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("i", "we", "he", "she", "you", "this", "that") \
            or subject.lower_ in knowledge.lexicon()["roles"]["titles"]:
        return None, []
    if any(c.dep_ in ("neg", "ccomp", "csubj") or (c.dep_ == "mark" and c.lower_ in ("whether", "if"))
           for c in clause.children):
        return None, []  # "was not fair", "the rule was plain that ...", "asked whether the deal was fair"
    if any((c.dep_ == "det" and c.lower_ in ("a", "an")) or c.dep_ == "nummod" for c in subject.children) \
            or subject.ent_type_ == "NORP":
        return None, []  # a generic statement: "a lazy council is a costly one"
    if subject.lower_ == "it" and _extraposed(clause):
        return None, []  # "it would be a tragedy if ...", "it was good meeting her"
    value = None
    modal = any(c.dep_ == "aux" and c.lower_ in _NOT_FACT_AUX for c in clause.children)
    if clause.lemma_ in ("be", "remain") and not modal:
        preds = [c for c in clause.children if c.dep_ in ("acomp", "attr")]
        feeling = preds and (preds[0].tag_ == "VBN" or preds[0].lower_ in _feeling_words())
        value = _polarity(preds[0]) if preds and not feeling else None  # "were outraged": their feeling
    elif harm and clause.pos_ == "VERB" and modal and any(c.dep_ == "dobj" for c in clause.children):
        score = valence(clause.lemma_)
        value = None if score is None or abs(score) < 1.0 else "positive" if score > 0 else "negative"
    elif clause.pos_ == "VERB" and not modal and _wrongdoing(clause, doer=_doer(r, subject)):
        value = "negative"
    targets = (_targets_of(r, subject) or _it_before(r, subject, sources)) if value else []
    targets = [k for k in targets if not r.is_person(k)]
    return (value, targets) if targets else (None, [])


def _doer(r: Reader, subject) -> bool:
    """Whether a subject is a person or a body that can be to blame, not an event ('the floods')."""
    if subject.lower_ in _PLURAL or subject.tag_ in _RELATIVE:
        return True
    key = r.entity_of(subject)
    if key:
        return r.kind(key) not in ("Place", "City")
    return bool(r.group_of(subject)) or subject.lemma_.lower() in knowledge.lexicon()["stance"]["bodies"]


def _wrongdoing(verb, doer: bool = True) -> bool:
    """'committed vile crimes', 'kept on inflicting cruel losses', 'caused havoc' (only by a person
    or a body: not 'the floods caused terrible suffering')."""
    lex = knowledge.lexicon()["stance"]
    deeds = lex["deeds"]
    for v in (verb, *[c for c in verb.children if c.dep_ == "xcomp"]):
        if v.lemma_ in lex["doers_only"] and not doer:
            continue
        if v.lemma_ in deeds and not any(c.dep_ == "neg" for c in v.children):
            objects = [o for c in v.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
            if any((valence(o.lower_) or 0) <= -2.0 for o in objects):
                return True
    return False


def _it_before(r: Reader, it, sources) -> list[str]:
    """'it' opening what a source says: the last object or subject of the sentence before, if the
    same source was its subject."""
    if it.lower_ != "it" or it.sent.start == 0 or r.in_quote(it):
        return []
    before = r.doc[it.sent.start - 1].sent
    if not any(n.dep_ == "nsubj" and r.entity_of(n) in sources for n in before):
        return []
    nouns = [n for n in before if n.pos_ == "NOUN" and n.dep_ in ("dobj", "nsubj", "nsubjpass")]
    target = _resolve_target(r, nouns[-1]) if nouns else None
    return [target] if target else []


@cache
def _feeling_words() -> frozenset[str]:
    lex = knowledge.lexicon()["stance"]
    return frozenset(lex["feelings"] + lex["positive_adjectives"] + lex["negative_adjectives"])


def _extraposed(clause) -> bool:
    """Whether a clause's 'it' stands for a clause of its own: 'it is good that ...', 'it would be a
    pity if ...', 'it was good meeting her'."""
    for t in (clause, *[c for c in clause.children if c.dep_ in ("acomp", "attr")]):
        for c in t.children:
            if c.dep_ in ("ccomp", "xcomp", "csubj") or (c.dep_ == "advcl" and (c.tag_ == "VBG" or any(
                    m.dep_ == "mark" and m.lower_ in ("if", "when", "whether") for m in c.children))):
                return True
    return False


def _opinion_noun(r: Reader, t):
    """'restated Ruritania's view that the toll rise is unfair'; a fact the speaker
    states: 'Tom Hale argued the vote left untouched the truth that the toll was unjust'."""
    owners = [k for k in (r.entity_of(c) for c in t.children if c.dep_ == "poss") if k]
    if _blocked(r, t):
        owners = []
    if not owners and t.lemma_ in knowledge.lexicon()["stance"]["fact_nouns"]:
        speaker = next((a for a in t.ancestors if a.pos_ == "VERB" and a.lemma_ in _cues()["assessment"]), None)
        owners = _sources(r, speaker) if speaker is not None and not _blocked(r, speaker) else []
    for clause in (c for c in t.children if c.dep_ == "acl"):
        value, targets = _quality(r, clause)
        if owners and value:
            yield t, owners, value, targets


def _for_or_against(r: Reader, t):
    """'X is against the plan', 'X is in favour of the plan'."""
    for prep in (c for c in t.children if c.dep_ == "prep"):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "against" and objects:
            yield prep, _sources(r, t), "negative", _targets_of(r, objects[0])
        elif prep.lower_ == "in" and objects and objects[0].lemma_ in ("favour", "favor"):
            things = [o for c in objects[0].children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if o.dep_ == "pobj"]
            after = r.doc[things[0].i + 1] if things and things[0].i + 1 < len(r.doc) else None
            if things and not (after is not None and after.tag_ == "VBG"):  # "in favour of X disappearing"
                yield objects[0], _sources(r, t), "positive", _targets_of(r, things[0])


def _stance_noun(r: Reader, t, value: str):
    """'voiced concern over the arrests', 'her support for the plan', 'his criticism of the deal',
    'the plan drew criticism from X'."""
    if any(c.dep_ == "det" and c.lower_ in ("no", "any") for c in t.children):
        return
    lex = knowledge.lexicon()["stance"]
    about = lex["about"]
    owners = [c for c in t.children if c.dep_ == "poss"]
    verb = t.head
    if t.dep_ == "dobj" and verb.lemma_ in lex["express"] and not _blocked(r, verb):
        if value == "negative":
            # "expressed concern to the minister"; but "voiced opposition to the plan"
            about = [p for p in about if p not in ("to", "with") or t.lemma_ in lex["opposed_to"]]
        targets = _about(r, t, about) or _about(r, verb, about)
        yield t, _sources(r, verb), value, targets
    elif t.dep_ == "dobj" and verb.lemma_ in lex["receive"] and not _blocked(r, verb):
        givers = [o for h in (t, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                  for o in c.children if o.dep_ == "pobj"]
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if givers and subjects:
            yield t, _named(r, givers[0]), value, _targets_of(r, subjects[0])
    elif owners and not _blocked(r, t):
        yield t, [k for k in [r.entity_of(owners[0])] if k], value, _about(r, t, about)


def _quoted_judgement(r: Reader, adjective):
    """A judging word the writer quotes from the one who undoes the thing it judges: 'X said he
    was scrapping Y's "ruinous levy"'. Only in a short quoted fragment, only a strong word, and only
    on a policy, plan or deal."""
    quote = r.quote_at(adjective.idx)
    noun = adjective.head
    if len(r.text[quote[0]:quote[1]].split()) > 6 or r.quote_at(noun.idx) != quote:
        return
    scores = [valence(a.lower_) for a in (adjective, *adjective.conjuncts)]
    scores = [v for v in scores if v is not None and abs(v) >= 2.0]
    if not scores or len({v > 0 for v in scores}) > 1:
        return
    verb = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else None
    acts = knowledge.lexicon()["stance"]["undo"]
    if verb is None or verb.pos_ != "VERB" or verb.lemma_ not in acts or _blocked(r, verb):
        return  # 'signed the "disastrous deal"' quotes the deal's critics, not the signer
    target = _resolve_target(r, noun)
    if target:
        yield verb, _sources(r, verb), "positive" if scores[0] > 0 else "negative", [target]


def _under_fire(r: Reader, t):
    """'X came under fire from Y', 'X drew fire from Y': Y against X, when X is a party or a policy,
    not a place (not 'the convoy came under fire from rebels', 'the town came under fire')."""
    if t.dep_ == "pobj" and t.head.lower_ == "under":
        verb = t.head.head
    elif t.dep_ == "dobj" and t.head.lemma_ in knowledge.lexicon()["stance"]["receive"]:
        verb = t.head
    else:
        return
    givers = [o for h in (t, t.head, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
              for o in c.children if o.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.pos_ != "VERB" or not givers or not subjects or _blocked(r, verb):
        return
    subject = subjects[0]
    party = r.entity_of(subject)
    if (party and not r.is_place(party)) or subject.i in r.agreement_tokens \
            or subject.lemma_ in knowledge.lexicon()["stance"]["judged"]:
        yield t, _named(r, givers[0]), "negative", _targets_of(r, subject)


def _reception(r: Reader, t):
    """'the plan found a frosty reception among X', 'got a warm welcome from X': X's stance on the plan."""
    lex = knowledge.lexicon()["stance"]
    verb = t.head
    if verb.lemma_ not in lex["receive"] + lex["reception_verbs"] or _blocked(r, verb):
        return
    polar = {**{w: "negative" for w in lex["cool_receptions"]}, **{w: "positive" for w in lex["warm_receptions"]}}
    values = {polar.get(c.lower_) for c in t.children if c.dep_ == "amod"} - {None}
    givers = [o for h in (t, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
              for o in c.children if o.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(values) == 1 and givers and subjects:
        yield t, _named(r, givers[0]), values.pop(), _targets_of(r, subjects[0])


def _stance_agent(r: Reader, t, value: str):
    """'X has long been an advocate of Y', 'X, a frequent critic of Y, ...'."""
    targets = _about(r, t, ("of",))
    if t.dep_ == "appos":
        yield t, [k for k in [r.entity_of(t.head)] if k], value, targets
    elif not _blocked(r, t.head):
        yield t, _sources(r, t.head), value, targets
