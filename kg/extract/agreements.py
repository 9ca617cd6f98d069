"""Agreements between parties (deal, accord, pact, treaty ...), with status and date where stated."""
from __future__ import annotations

import re

from .. import knowledge
from ..knowledge import fold, slug
from ..model import Agreement, TimeRef
from .context import Reader
from .timex import parse_iso, resolve

_DASHES = {"-", "\u2013", "\u2014", "--"}
_JOIN_VERBS = {"join", "rejoin"}
_PATH_PREPS = {"of", "on", "for", "to", "toward", "towards", "over", "about", "in", "into", "from"}


def extract_agreements(r: Reader) -> list[Agreement]:
    """Agreements with two or more named parties; 'the deal' with none refers to the last one named."""
    lex = knowledge.lexicon()["agreement"]
    found: dict[str, Agreement] = {}
    last = None

    def add(parties: list[str], kind: str, token, date, verb=None) -> str:
        key = "agreement/" + "--".join(sorted(p.rsplit("/", 1)[1] for p in parties))
        old = found.get(key)
        status = "proposed" if verb is not None and r.is_hypothetical(verb) else _status(token, lex, verb)
        if old:
            found[key] = Agreement(key, old.label, old.kind, old.parties, old.status or status,
                                   old.date or date, old.evidence + (r.evidence(token),))
        else:
            label = "\u2013".join(r.label(p) for p in parties) + " " + kind
            found[key] = Agreement(key, label, kind, tuple(parties), status, date, (r.evidence(token),))
            r.topics[key] = label
        return key

    for t in r.body():
        if not _is_cue(t, lex):
            continue
        groups, verb = _party_groups(r, t, lex)
        if not groups:
            if last and t.pos_ != "VERB" and t.is_lower and any(c.lower_ in ("the", "this", "that") for c in t.children):
                old = found[last]
                found[last] = Agreement(old.key, old.label, old.kind, old.parties,
                                        old.status or _status(t, lex), old.date or r.date_for(t),
                                        old.evidence + (r.evidence(t),))
            continue
        when = _date(r, t)
        kind = t.lemma_.lower() if t.text[1:].islower() or len(t.text) == 1 else t.text   # 'MoU' kept as written
        keys = [add(parties, kind, t, when, verb) for parties in groups]
        r.agreement_tokens[t.i] = keys[0]
        last = keys[-1]
    joint_verbs = knowledge.words("agreement", "joint_verbs")
    for t in r.body():
        if t.pos_ == "VERB" and t.lemma_ in joint_verbs and not r.is_hypothetical(t):
            parties, date = _joint_parties(r, t, lex)
            if len(parties) >= 2 and not any(r.is_person(k) for k in parties):   # two people agreeing is no treaty
                kind = "deal" if any(_is_transaction(c) for c in t.children if c.dep_ == "xcomp") else "agreement"
                last = add(parties, kind, t, date, t)
    return list(found.values())


def _is_cue(t, lex) -> bool:
    """An agreement noun heading its phrase; a headline may tag it as a verb ('Kenya-Uganda pact')."""
    nouns = knowledge.words("agreement", "nouns")
    if t.lemma_.lower() not in nouns and t.lower_ not in nouns:
        return False
    if t.dep_ == "compound":
        return False
    if t.pos_ == "VERB":   # not the verb itself ('Kenya-Uganda leaders deal with floods')
        return not any(c.dep_ in ("prep", "dobj", "prt") for c in t.children) and bool(_hyphen_tokens(t))
    return t.pos_ in ("NOUN", "PROPN")


def _party_groups(r: Reader, t, lex) -> tuple[list[list[str]], object]:
    """The parties of the agreement a noun names, as one list per agreement ('peace treaties with
    Israel' said of two states are two treaties, one each), and the verb that makes them parties."""
    if t.pos_ == "VERB":
        pair = _parties(r, _hyphen_pair(r, t))
        return ([pair] if len(pair) >= 2 else []), None
    subject, other, verb = _agent_side(r, t, lex)
    return _sides(r, t, lex, subject, other, verb), verb


def _sides(r: Reader, t, lex, subject: list[str], other: list[str], verb) -> list[list[str]]:
    """The noun's own side (its subject, possessor, modifiers) and the other side ('with', a seller)."""
    if t.lemma_.lower() in lex["generic_nouns"] and not (verb is not None and verb.lemma_ in lex["party_verbs"]):
        return []   # 'their strategic partnership' is a relationship, not an agreement
    if any(c.lower_ in ("no", "any") for c in t.children) or (verb is not None and _negated(verb)):
        return []   # 'would not sign any deal with ...', 'did not expect to reach a deal with ...'
    between = _between(r, t)
    if between:
        return [between] if len(between) >= 2 else []
    named = _modifiers(r, t)
    if named and verb is not None and verb.lemma_ not in lex["party_verbs"]:
        subject, other = [], []   # 'pursued the Ruritania deal': who pursues it is not said to be a party
    own = subject + named
    other += _with(r, t)
    for c in t.children:
        if c.dep_ in ("acl", "relcl", "advcl"):
            buyers, sellers = _transaction(r, c)
            own += _clause_subject(r, c) + buyers
            other += _with(r, c) + sellers
    if verb is not None and t.dep_ == "dobj" and t.head.i == verb.i:
        for c in verb.children:   # 'signed a deal to buy jets from Acme'
            if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                other += _transaction(r, c)[1]
    if not own and other and t.dep_ == "pobj" and t.head.lower_ == "under":
        # 'Under the accord with world powers, Ruritania curbed ...': bound by it, the subject is a party
        own = [k for c in t.head.head.children if c.dep_ == "nsubj" for k in _entities(r, c)]
    named_after = _dash_list(r, t)
    if named_after and not [k for k in own if k not in named_after]:
        own = named_after
    states = _between_states(r, own + other)
    own = _parties(r, own, states)
    other = [k for k in _parties(r, other, states) if k not in own and not r.is_person(k)]
    if own and other:
        plural = t.tag_ in ("NNS", "NNPS")
        if plural and len(other) == 1 and len(own) > 1:
            return [[k, other[0]] for k in own]
        if plural and len(own) == 1 and len(other) > 1:
            return [[own[0], k] for k in other]
        return [own + other]
    if own and _has_with(t, verb):
        return []   # 'Kenya and Uganda signed a deal with the rebels': the other side is not named
    return [own] if len(own) >= 2 else []


def _negated(verb) -> bool:
    """A verb negated itself or through the verbs it complements ('did not expect to reach')."""
    for _ in range(4):
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "ccomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _has_with(t, verb) -> bool:
    heads = [t, *[c for c in t.children if c.dep_ in ("acl", "relcl")]] + ([verb] if verb is not None else [])
    return any(c.dep_ == "prep" and c.lower_ == "with" for h in heads for c in h.children)


def _between_states(r: Reader, keys: list[str]) -> bool:
    """Whether an agreement is between states: a country is named, or leaders of two countries are."""
    if any(r.kind(_as_party(r, k) or "") == "Country" for k in keys if not r.is_person(k)):
        return True
    led = {role.organisation for role in r.roles if role.person in keys and role.organisation}
    return len({k for k in led if r.kind(k) == "Country"}) >= 2


def _parties(r: Reader, keys: list[str], states: bool = True) -> list[str]:
    """Keys that can be parties: a capital stands for its country; in an agreement between states, a
    person for the country or body the text makes them lead ('Vidal's deal with Reed'), elsewhere
    the person ('Reed's deal with the Republicans')."""
    out = []
    for k in keys:
        k = _as_party(r, k, states)
        name = r.label(k) if k else ""
        if k and k not in out and (k.startswith("group/") or (name[:1].isupper() and name[-1:].isalnum())):
            out.append(k)   # a name; not a modifier the tagger took for one ('post-war')
    return out


def _as_party(r: Reader, key: str | None, states: bool = True) -> str | None:
    if not key:
        return None
    if r.is_person(key) and not states:
        return key
    if r.is_person(key):
        orgs = [role.organisation for role in r.roles if role.person == key and role.organisation]
        return orgs[0] if orgs and r.kind(orgs[0]) != "City" else key
    kind = r.kind(key)
    if kind == "Place" or _names_an_agreement(r, key):
        return None   # 'a truce between the White House and Capitol Hill': places; 'the NAFTA deal': its name
    if kind == "City":
        country = knowledge.capitals().get(fold(r.label(key)))
        if not country:
            return None
        r.add_entity(country.key, country.name, "Country")
        return country.key
    return key


def _named(r: Reader, token) -> list[str]:
    """The entities of a phrase; 'the two countries' only when both were named in the last sentences."""
    keys = r.entities_of(token)
    pair = r.resolve_pair(token)
    here = r.sentence_number[token.sent.start]
    for k in pair:
        if not any(m.key == k and m.start < token.i and here - r.sentence_number[r.doc[m.start].sent.start] <= 2
                   for m in r.mentions):
            return [k for k in keys if k not in pair]
    return keys


def _names_an_agreement(r: Reader, key: str) -> bool:
    """An 'entity' that is the agreement itself ('the Free Trade Agreement', 'NAFTA')."""
    nouns = knowledge.words("agreement", "nouns")
    for m in r.mentions:
        if m.key == key and any(w.lower() in nouns for w in m.text.split()):
            return True
    label = r.label(key)
    if not re.fullmatch(r"[A-Z]{2,6}", label):
        return False
    for name in re.finditer(r"((?:[A-Z][\w-]*\s+){1,6})([A-Z][a-z]+)\b", r.text):
        words = name.group(1).split()
        if name.group(2).lower() in nouns and any(
                "".join(w[0] for w in words[-n:]) + name.group(2)[0] == label for n in range(1, len(words) + 1)):
            return True   # 'NAFTA' after 'North American Free Trade Agreement'
    return False


def _entities(r: Reader, token, alone: bool = False) -> list[str]:
    """The entities a phrase and its conjuncts name; failing that a possessor ("Sam Kaya's envoys")
    or an unnamed group ('opposition leaders'). alone: without the conjuncts."""
    out = []
    for t in (token,) if alone else (token, *token.conjuncts):
        found = _named(r, t) if t is token and not alone else ([r.entity_of(t)] if r.entity_of(t) else [])
        if not found:
            found = [k for c in t.children if c.dep_ == "poss" for k in r.entities_of(c)]
        if not found and t.lemma_ in knowledge.words("agreement", "governments"):
            # 'the government of Peru', 'the Lima government', 'the Reed administration'
            found = [k for o in _preps(t, "of") for k in r.entities_of(o)]
            found += [k for c in t.children if c.dep_ in ("compound", "amod") for k in [r.entity_of(c)] if k]
        if not found and (r.group_of(t) or _group(r, t)):
            found = [r.group_of(t) or _group(r, t)]
        out += [k for k in found if k not in out]
    return out


def _group(r: Reader, token) -> str | None:
    """An unnamed side of an agreement ('world powers', 'the rebels'), without its number."""
    if token.lower_ not in knowledge.words("agreement", "sides"):
        return None
    words = [w for w in token.subtree if w.i <= token.i and w.dep_ in ("amod", "compound") or w.i == token.i]
    label = " ".join(w.text for w in words)
    key = "group/" + slug(label)
    r.groups[key] = label
    return key


def _modifiers(r: Reader, t) -> list[str]:
    """Parties named before the noun: possessor, modifiers, a hyphenated pair ('the Chile-Peru accord');
    in a name ('the North American Free Trade Agreement') only a hyphenated pair."""
    if t.text[:1].isupper() and t.i > t.sent.start:
        return [k for k in _hyphen_pair(r, t) if r.kind(k) not in ("City", "Place")]
    out = []
    for c in t.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.conjuncts:
            continue   # 'French and German contracts': each their own
        if c.dep_ in ("poss", "compound", "amod", "nmod") and not _joined_names(r, c):
            out += r.entities_of(c)
            out += [k for g in c.children if g.dep_ in ("compound", "amod", "punct") for k in r.entities_of(g)]
    out += _hyphen_pair(r, t) + _possessor_before(r, t)
    return [k for k in out if r.kind(k) not in ("City", "Place")]   # 'the Paris accord' is named after a city


def _hyphen_pair(r: Reader, t) -> list[str]:
    found = [k for w in _hyphen_tokens(t) for k in [r.entity_of(w)] if k]
    return found or [k for c in t.children if c.dep_ in ("compound", "amod", "nmod") for k in _joined_names(r, c)]


def _joined_names(r: Reader, token) -> list[str]:
    """'U.S.-China' read as one word: two countries or bodies of the gazetteer joined by a hyphen."""
    parts = token.text.split("-")
    if len(parts) != 2:
        return []
    out = []
    for part in parts:
        country = knowledge.country_names().get(fold(part)) or knowledge.demonyms().get(fold(part))
        body = knowledge.body_names().get(fold(part))
        if country:
            r.add_entity(country.key, country.name, "Country")
            out.append(country.key)
        elif body:
            r.add_entity(body.key, body.name, body.kind)
            out.append(body.key)
    return out if len(out) == 2 else []


def _hyphen_tokens(t) -> list:
    """Two names joined by a hyphen just before the noun, whatever the parse made of them."""
    doc, i = t.doc, t.i - 1
    while i >= 0 and t.i - i <= 3 and doc[i].pos_ in ("NOUN", "ADJ") and not doc[i].ent_type_:
        i -= 1   # 'trade', 'talks', 'nuclear'
    if i < 2 or any(w.text in (".", "!", "?") or "\n" in w.text for w in doc[i - 2:t.i]):
        return []   # a misled parse may cut the sentence inside the name pair: only a full stop ends it
    if doc[i - 1].text not in _DASHES or not doc[i].ent_type_ or not doc[i - 2].ent_type_:
        return []
    return [doc[i - 2], doc[i]]


def _possessor_before(r: Reader, t) -> list[str]:
    """'Sam Kaya's "bad and costly" deal': a possessor the parse hung elsewhere."""
    doc, i = t.doc, t.i - 1
    while i > t.sent.start and (doc[i].pos_ in ("ADJ", "CCONJ", "ADV") or doc[i].is_punct) and doc[i].text not in _DASHES:
        i -= 1
    if i <= t.sent.start or doc[i].tag_ != "POS" or doc[i].head.i == t.i:
        return []
    key = r.entity_of(doc[i - 1])
    return [key] if key else []


def _between(r: Reader, t) -> list[str]:
    """'between X and Y' on the noun or its clause; each conjunct is a side of its own."""
    sides = []
    for head in (t, *[c for c in t.children if c.dep_ in ("acl", "relcl")]):
        for o in _preps(head, "between") + _preps(head, "among"):
            sides += [_entities(r, side, alone=bool(o.conjuncts)) for side in (o, *o.conjuncts)]
    states = _between_states(r, [k for side in sides for k in side])
    out = []
    for side in sides:   # 'the two countries' alone names both sides
        out += [k for k in _parties(r, side, states) if k not in out]
    return out


def _with(r: Reader, head) -> list[str]:
    """The other side: 'with X' on the noun or its verb; 'with Ruritania - Freedonia and Utopia -'
    is read as 'with Ruritania', the names between dashes being a parenthesis."""
    out = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                before = [g for g in o.children if g.dep_ == "compound" and g.i < o.i and r.entity_of(g)]
                if before and any(o.doc[j].text in _DASHES for j in range(before[-1].i + 1, o.i)):
                    out.append(r.entity_of(before[-1]))
                else:
                    out += _entities(r, o)
    return out


def _dash_list(r: Reader, t) -> list[str]:
    """Names set off by dashes later in the sentence ('two states - Freedonia and Utopia - said'),
    when the agreement's subject is a plural noun that names no one."""
    subject = next((c for c in t.head.children if c.dep_ == "nsubj"), None) if t.dep_ == "dobj" else None
    if t.dep_ == "dobj" and (subject is None or subject.tag_ in ("WDT", "WP")):
        subject = _relative_subject(t.head)
    if subject is None or subject.tag_ != "NNS" or r.entity_of(subject):
        return []
    dashes = [w.i for w in t.sent if w.text in _DASHES and w.i > t.i]
    if len(dashes) < 2:
        return []
    inside = t.doc[dashes[0] + 1:dashes[1]]
    if not all(w.ent_type_ or w.lower_ in ("and", ",") for w in inside):
        return []
    out = []
    for w in inside:
        k = r.entity_of(w)
        if k and k not in out:
            out.append(k)
    return out


def _agent_side(r: Reader, t, lex) -> tuple[list[str], list[str], object]:
    """Who signs, reaches or negotiates the agreement: the subject of the verb that takes it as
    object, through 'agreed to sign', 'wants to hammer out the terms of' and 'held talks
    pursuing'; with the 'with' side of those verbs and the verb itself."""
    party_verbs = knowledge.words("agreement", "party_verbs")
    pursuit = knowledge.words("agreement", "pursuit")
    frames = knowledge.words("agreement", "frames")
    talks = knowledge.words("agreement", "negotiations")
    tok, verb, other = t, None, []
    if t.dep_ == "nsubjpass" and t.head.lemma_ in party_verbs:   # 'the treaty was signed by X and Y'
        agents = [o for c in t.head.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        return [k for o in agents for k in _entities(r, o)], _with(r, t.head), t.head
    for _ in range(8):
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ in ("dobj", "pobj", "xcomp", "pcomp") or (tok.dep_ == "prep" and tok.lower_ in _PATH_PREPS):
            pass
        elif tok.dep_ == "acl" and head.lemma_ in frames:
            pass
        else:
            break
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_ not in frames:
            break
        if head.lemma_ in _JOIN_VERBS and not (tok is t and tok.dep_ == "dobj"):
            break   # 'joined X in criticising the deal': one joins the agreement only as its object
        if (head.pos_ == "VERB" and (head.lemma_ in party_verbs or head.lemma_ in pursuit)) or head.lemma_ in talks:
            verb = verb or head
        if verb is not None:
            other += _with(r, head)
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        agents = [o for c in head.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if _relative_subject(head) is not None and head.head.lemma_ not in frames and not agents \
                and all(c.tag_ in ("WDT", "WP") for c in subjects):
            subjects = [head.head]   # 'the states that signed a treaty', 'the two states to have signed'
        if subjects or agents:
            if not verb:
                return [], [], None
            return [k for s in subjects + agents for k in _entities(r, s)], other, verb
        if any(c.dep_ == "nsubjpass" for c in head.children):
            break
        tok = head
    return [], other if verb else [], verb


def _relative_subject(verb):
    """The noun an active relative clause or infinitive hangs from, if any."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    if verb.tag_ == "VBN" and not any(c.lower_ == "have" for c in verb.children if c.dep_ == "aux"):
        return None   # 'the deal signed ...': the noun is what was signed
    return verb.head


def _clause_subject(r: Reader, clause) -> list[str]:
    """'the accord they signed', 'a deal signed by Ruritania': the subject or agent of a clause on the noun."""
    if clause.lemma_ not in knowledge.words("agreement", "party_verbs"):
        return []
    out = [k for c in clause.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP")
           for k in _entities(r, c)]
    out += [k for c in clause.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
            for k in _entities(r, o)]
    return out


def _is_transaction(clause) -> bool:
    verbs = knowledge.words("agreement", "transaction_verbs")
    return any(v.lemma_ in verbs for v in (clause, *[c for c in clause.children if c.dep_ == "xcomp"]))


def _transaction(r: Reader, clause) -> tuple[list[str], list[str]]:
    """A purchase or sale in a clause ('a pact for Ruritania Air to buy jets from Acme', 'agreed to
    acquire Bolt Ltd'): its subject, and the other side ('from', 'to', a company it acquires)."""
    verbs = knowledge.words("agreement", "transaction_verbs")
    subjects, others = [], []
    for v in (clause, *[c for c in clause.children if c.dep_ == "xcomp"]):
        if v.lemma_ not in verbs:
            continue
        subjects += [k for c in v.children if c.dep_ == "nsubj" for k in _entities(r, c)]
        for head in (v, *[c for c in v.children if c.dep_ == "dobj"]):
            for c in head.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in ("from", "to"):
                    others += [k for o in c.children if o.dep_ == "pobj" for k in _entities(r, o)]
            if head is not v:   # 'to acquire Bolt Ltd', 'to buy film maker Acme Pictures'
                others += [k for k in _entities(r, head, alone=True) if k.startswith("org/")]
    return subjects, others


def _joint_parties(r: Reader, verb, lex) -> tuple[list[str], object]:
    """'Ruritania and Freedonia agreed to ...', 'Peru agreed with Chile to ...', 'where they agreed
    to ...' after a meeting, 'Acme agreed to buy Bolt Ltd': the parties an agreeing verb states, and its date."""
    done = [c for c in verb.children if c.dep_ == "xcomp" and c.lemma_ not in lex["not_agreements"]]
    if not done:
        return [], None   # 'agreed on the need for ...', 'agreed to meet again': no agreement
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return [], None
    date = r.date_for(verb)
    bought = [k for c in verb.children if c.dep_ == "xcomp" for k in _transaction(r, c)[1]]
    if bought:
        keys = _entities(r, subjects[0]) + bought
        return _parties(r, keys, _between_states(r, keys)), date
    if subjects[0].lower_ == "they" and verb.dep_ in ("relcl", "advcl"):
        clause = verb.head
        while clause.pos_ != "VERB" and clause.head.i != clause.i:
            clause = clause.head
        meeting = knowledge.words("meeting", "verbs") | knowledge.words("meeting", "support_verbs") | \
            knowledge.words("meeting", "conversation_verbs")
        if clause.lemma_ not in meeting or r.is_hypothetical(clause):
            return [], None
        keys = [k for c in clause.children if c.dep_ == "nsubj" for k in r.entities_of(c)]
        keys += [k for o in _preps(clause, "with") for k in _named_in(r, o)]
        return _parties(r, keys, _between_states(r, keys)), date or r.date_for(clause)
    keys = _named(r, subjects[0]) + [k for o in _preps(verb, "with") for k in _entities(r, o)]
    return (_parties(r, keys, _between_states(r, keys)) if len(keys) >= 2 else []), date   # 'Peru agreed with Chile to ...'


def _preps(head, word: str) -> list:
    return [o for c in head.children if c.dep_ == "prep" and c.lower_ == word for o in c.children if o.dep_ == "pobj"]


def _named_in(r: Reader, token) -> list[str]:
    """Entities of a phrase and its conjuncts, or the ones its modifiers name ('his Freedonian counterpart')."""
    out = []
    for t in (token, *token.conjuncts):
        key = r.entity_of(t)
        found = [key] if key else [k for c in t.children if c.dep_ in ("amod", "compound", "nmod", "poss")
                                    for m in (c, *c.conjuncts) for k in [r.entity_of(m)] if k]
        out += [k for k in found if k not in out]
    return out


def _date(r: Reader, t) -> TimeRef | None:
    """The date of the signing ('a pact signed on Friday', 'a truce agreed on June 3'), else the
    date that governs the noun's clause; a day and month stated of a past act is not in the future."""
    party_verbs = knowledge.words("agreement", "party_verbs")
    nouns = knowledge.words("agreement", "nouns")
    for ent in sorted(r.sentence_ents(t), key=lambda e: abs(e.root.i - t.i)):
        verb = next((a for a in ent.root.ancestors if a.pos_ == "VERB"), None)
        if ent.label_ != "DATE" or verb is None or verb.lemma_ not in party_verbs or r.in_quote(ent.root) != r.in_quote(t):
            continue
        if not (_above(t, verb) or _above(verb, t) or (verb.head.lemma_ in nouns and _above(verb.head.head, t))):
            continue   # the noun's own verb: 'a deal signed on ...', 'signed a deal on ...', 'deals signed on ... included a pact'
        future = any(c.lower_ in ("will", "'ll") for c in verb.children)
        found = resolve(ent.text, r.anchor_for(t), "future" if future else "past")
        if found:
            return _not_ahead(r, t, found, past=verb.tag_ in ("VBD", "VBN") and not future)
    return r.date_for(t)


def _above(head, token) -> bool:
    return any(a.i == head.i for a in token.ancestors)


def _not_ahead(r: Reader, t, when: TimeRef, past: bool) -> TimeRef:
    """'agreed on June 3' read in February is last year's June 3."""
    anchor, day = r.anchor_for(t), parse_iso(when.value)
    if not past or not anchor or not day or day <= anchor or re.search(r"\b\d{4}\b", when.text):
        return when
    try:
        return TimeRef(day.replace(year=day.year - 1).isoformat(), when.datatype, when.text)
    except ValueError:   # 29 February
        return when


def _status(t, lex, verb=None) -> str | None:
    """The status the verb that makes the parties gives ('signed', 'negotiating'), else a cue in the sentence."""
    if verb is not None and verb.lemma_ in lex["verb_status"]:
        return lex["verb_status"][verb.lemma_]
    text = t.sent.text.lower()
    for cue, status in lex["status"]:
        if cue in text:
            return status
    return None
