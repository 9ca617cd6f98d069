"""Explicit evaluative acts: praise, welcome, back ... and criticise, condemn, reject ..."""
from __future__ import annotations

from .. import knowledge
from ..model import Stance
from .context import Reader, phrase


def extract_stances(r: Reader) -> list[Stance]:
    """Stances with a named (or collective) source and the target the text names."""
    lex = knowledge.lexicon()["stance"]
    polarity = {**{w: "positive" for w in lex["positive"]}, **{w: "negative" for w in lex["negative"]}}
    adjectives = {**{w: "positive" for w in lex["positive_adjectives"]}, **{w: "negative" for w in lex["negative_adjectives"]}}
    negatable = set(lex["negatable"])
    out: dict[tuple, Stance] = {}
    for t in r.body():
        quote = r.quote_at(t.idx)
        if quote and len(r.text[quote[0]:quote[1]].split()) > 3 and not _first_person(t):
            continue  # inside a quotation only the speaker's own stance counts ("I don't like ...")
        if t.pos_ == "VERB" and t.lemma_ in polarity:
            source, target = _verb_source(r, t), _verb_target(r, t)
            value = polarity[t.lemma_]
            if t.lemma_ == "like" and not any(c.dep_ == "dobj" for c in t.children):
                continue  # "would like to ..."
        elif t.pos_ in ("ADJ", "VERB") and t.lower_ in adjectives:
            source = r.agent(t)
            target = _adjective_target(r, t)
            value = adjectives[t.lower_]
        else:
            continue
        if not source or not target or source == target or r.is_hypothetical(t, negation=False):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            if t.lemma_ not in negatable:
                continue
            value = "negative"
        key = (source, value, target)
        if key not in out:
            out[key] = Stance(source, value, target, t.lemma_, (r.evidence(t),))
    return list(out.values())


def _first_person(t) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in t.children)


def _adjective_target(r: Reader, t):
    """'interested in X'; 'appalled that the government was lifting sanctions' -> 'lifting sanctions'."""
    objs = [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "about", "with", "towards", "to", "by")
            for o in c.children if o.dep_ == "pobj"]
    if objs:
        return _resolve_target(r, objs[0])
    clauses = [c for c in t.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if clauses:
        verb = clauses[0]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        label = verb.text + (" " + phrase(objects[0]) if objects else "")
        return r.topic_named(label)
    return None


def _verb_source(r: Reader, t) -> str | None:
    for c in t.children:
        if c.dep_ == "agent":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return r.entity_of(objs[0]) or r.group_of(objs[0])
        if c.dep_ == "nsubj":
            return r.entity_of(c) or r.group_of(c)
    if any(c.dep_ == "nsubjpass" for c in t.children):
        return None
    return r.agent(t.head) if t.head is not t else None


def _verb_target(r: Reader, t):
    """The object of a stance verb: its direct object, else 'against'/'on' ('railed against'), else
    the noun a relative clause hangs from ('whose policy ... he dismissed')."""
    candidates = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    candidates += [o for c in t.children if c.dep_ == "prep" and c.lower_ in ("against", "on")
                   for o in c.children if o.dep_ == "pobj"]
    if t.dep_ == "relcl":
        candidates.append(t.head)
    for candidate in candidates:
        target = _resolve_target(r, candidate)
        if target:
            return target
    return None


def _resolve_target(r: Reader, token):
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY") or token.tag_ in ("WDT", "WP"):
        return None  # a date, a number, or the relative pronoun of "a deal that I like"
    if token.lower_ in ("it", "this", "that"):
        earlier = [n for n in token.sent if n.i < token.i and n.pos_ == "NOUN" and n.dep_ in ("dobj", "nsubj", "pobj")]
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
