"""Agreements between parties (deal, accord, pact, treaty ...), with status and date where stated."""
from __future__ import annotations

from .. import knowledge
from ..model import Agreement
from .context import Reader



def extract_agreements(r: Reader) -> list[Agreement]:
    """Agreements with two or more named parties; 'the deal' with none refers to the last one named."""
    lex = knowledge.lexicon()["agreement"]
    found: dict[str, Agreement] = {}
    last = None
    for t in r.body():
        if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() not in lex["nouns"] or t.dep_ == "compound":
            continue
        parties = _parties(r, t)
        if len(parties) < 2:
            if last and not parties and any(c.lower_ in ("the", "this", "that") for c in t.children):
                old = found[last]
                found[last] = Agreement(old.key, old.label, old.kind, old.parties,
                                        old.status or _status(t, lex), old.date or r.date_for(t),
                                        old.evidence + (r.evidence(t),))
            continue
        key = "agreement/" + "--".join(sorted(p.rsplit("/", 1)[1] for p in parties))
        label = "\u2013".join(r.label(p) for p in parties) + " " + t.lemma_.lower()
        old = found.get(key)
        status, when = _status(t, lex), r.date_for(t)
        if old:
            found[key] = Agreement(key, old.label, old.kind, old.parties, old.status or status,
                                   old.date or when, old.evidence + (r.evidence(t),))
        else:
            found[key] = Agreement(key, label, t.lemma_.lower(), tuple(parties), status, when, (r.evidence(t),))
        r.topics[key] = label
        r.agreement_tokens[t.i] = key
        last = key
    return list(found.values())


def _parties(r: Reader, t) -> list[str]:
    out = []
    for c in t.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            out += r.entities_of(c)
            out += [k for g in c.children if g.dep_ in ("compound", "amod", "punct") for k in r.entities_of(g)]
    for head in (t, *[c for c in t.children if c.dep_ in ("acl", "relcl")]):
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "among"):
                out += [k for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o)]
    if t.dep_ == "dobj" and t.head.lemma_ in knowledge.words("agreement", "party_verbs"):
        out = [k for c in t.head.children if c.dep_ == "nsubj" for k in r.entities_of(c)] + out
        out += [k for c in t.head.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
                for o in c.children if o.dep_ == "pobj" for k in r.entities_of(o)]
    keep = []
    for k in out:
        if k and k not in keep and not k.startswith("person/") and r.kind(k) != "City":
            keep.append(k)
    return keep


def _status(t, lex) -> str | None:
    text = t.sent.text.lower()
    for cue, status in lex["status"]:
        if cue in text:
            return status
    return None
