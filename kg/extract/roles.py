"""Positions and affiliations the text gives a person: premodifiers, appositions, 'of', possessives."""
from __future__ import annotations

import re
from functools import cache

from .. import knowledge
from ..model import Role
from ..graph.resolve import is_short_form, person_key, place_or_body
from .context import Reader



def extract_roles(r: Reader) -> list[Role]:
    """One Role per person, title and organisation stated in the text."""
    out: dict[tuple, Role] = {}
    for m in r.mentions:
        if m.kind != "Person" or m.start < r.body_start:
            continue
        for title, org, former, token in _left(r, m) + _right(r, m):
            key = (m.key, title.lower(), org)
            if key not in out:
                out[key] = Role(m.key, title, org, former, (r.evidence(token),))
    roles = _merge_partial([_known_office(role, r) for role in out.values()], r)
    r.roles = roles
    return roles


def _known_office(role: Role, r: Reader) -> Role:
    """'President Obama' says the title but not the country: take it from the shipped list of offices
    when the person and the title match one entry, and only then."""
    if role.organisation or not role.title:
        return role
    title = role.title.lower().replace("-elect", "").replace(" elect", "")
    name = r.label(role.person)
    matches = {o.organisation for o in knowledge.offices()
               if (person_key(o.person) == role.person or (" " not in name and is_short_form(name, o.person)))
               and (title in o.titles or role.title.lower() in o.titles)}
    if len(matches) != 1:
        return role
    found = place_or_body(matches.pop())
    if not found:
        return role
    r.add_entity(*found)
    return Role(role.person, role.title, found[0], role.former, role.evidence)


def _title_in(words: str, last: bool = True) -> tuple[str, int, int] | None:
    """The role title in a phrase nearest the name (the last one before it, or the first after it):
    'a spokeswoman for Speaker Paul Ryan' -> Speaker. Longer titles win where they overlap."""
    found, masked = [], words
    for title in knowledge.role_titles():
        pattern = r"(?<![\w-])" + re.escape(" ".join(title)).replace(r"\ ", r"[\s-]+") + r"(?![\w-])"
        for match in re.finditer(pattern, masked, re.I):
            found.append((match.start(), match.end()))
            masked = masked[:match.start()] + "\0" * (match.end() - match.start()) + masked[match.end():]
    if not found:
        return None
    start, end = max(found, key=lambda f: f[1]) if last else min(found)
    return words[start:end], start, end


def _left(r: Reader, m) -> list:
    """'Italian Prime Minister Giorgia Meloni', "the UK's new head of the Border Security Command Martin Hewitt"."""
    doc, i = r.doc, m.start - 1
    tokens = []
    while i >= m.start - 14 and i >= doc[m.start].sent.start:
        t = doc[i]
        owned = r.by_token.get(i)
        if owned and owned.kind == "Person":
            break
        title_word = t.lower_ in _title_words() and not t.is_punct
        if not title_word and (t.is_punct and t.text not in ("-", "/") or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ", "NUM")
                               or (t.pos_ == "ADP" and t.lower_ not in knowledge.words("roles", "between")) or (t.pos_ == "DET" and t.lower_ != "the")):
            break
        tokens.insert(0, t)
        i -= 1
    if tokens and tokens[-1].pos_ == "ADP":
        return []  # "a spokeswoman for Mrs Merkel": the title is someone else's
    if not tokens and m.start >= 2 and doc[m.start - 1].text == ",":
        return _before_comma(r, m)
    return _role_from(r, tokens, m)


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for title in knowledge.role_titles() for w in title if len(w) > 2 and w != "the")


def _before_comma(r: Reader, m) -> list:
    """"Sudan's president, Omar Hassan al-Bashir": a title phrase in apposition before the name."""
    doc, i, tokens = r.doc, m.start - 2, []
    while i >= max(doc[m.start].sent.start, m.start - 10):
        t = doc[i]
        if t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX", "PRON", "CCONJ") or (t.pos_ == "ADP" and t.lower_ not in knowledge.words("roles", "between")):
            break
        tokens.insert(0, t)
        i -= 1
    found = _role_from(r, tokens, m)
    return [f for f in found if f[0]]


def _right(r: Reader, m) -> list:
    """'Jeroen Dijsselbloem, the Dutch finance minister who heads the Eurogroup'; 'X of Amnesty International'."""
    doc, out = r.doc, []
    end = m.end
    if end < len(doc) and doc[end].lower_ == "of":
        org = r.by_token.get(end + 1)
        if org and org.kind != "Person" and not r.is_place(org.key) or (org and org.kind == "Country"):
            out.append(("", org.key, False, doc[end]))
        return out
    if end + 1 < len(doc) and doc[end].text == ",":
        tokens, i = [], end + 1
        while i < len(doc) and i < end + 16 and doc[i].text not in (",", ".", ";", ":", "(") and doc[i].lower_ not in ("who", "which", "whose", "said", "says"):
            tokens.append(doc[i])
            i += 1
        starts_ok = tokens and (tokens[0].lower_ in ("the", "a", "an") or _title_in(tokens[0].text)
                                or tokens[0].i in r.by_token)
        if starts_ok:
            out += [f for f in _role_from(r, tokens, m) if f[0]]
        if i + 1 < len(doc) and doc[i].lower_ == "who" and doc[i + 1].lemma_ in knowledge.lexicon()["roles"]["leads"]:
            org = next((r.by_token[t.i] for t in doc[i + 1].subtree if t.i in r.by_token and t.i > i + 1), None)
            if org and org.kind != "Person":
                out.append(("head", org.key, False, doc[i + 1]))
    return out


def _role_from(r: Reader, tokens: list, m) -> list:
    if not tokens:
        return []
    words = "".join(t.text_with_ws for t in tokens).strip()
    found = _title_in(words, last=tokens[-1].i < m.start)
    former = any(t.lower_ in knowledge.lexicon()["roles"]["former"] for t in tokens)
    orgs = []
    for t in tokens:
        owned = r.by_token.get(t.i)
        if owned and owned.kind != "Person" and owned.key not in [o[0] for o in orgs]:
            orgs.append((owned.key, t.idx - tokens[0].idx))
    if not found:
        if orgs and tokens[-1].tag_ == "POS":
            return [("", orgs[-1][0], former, tokens[0])]
        return []
    title, title_start, title_end = found
    orgs = [(k, at) for k, at in orgs if not title_start <= at < title_end]  # "Secretary of State": no body "State"
    after = [k for k, at in orgs if at >= title_end]
    before = [k for k, at in orgs if at < title_start]
    org = after[0] if after else (before[-1] if before else None)
    return [(title, org, former, tokens[0])]


def _merge_partial(roles: list[Role], r: Reader) -> list[Role]:
    """Drop a title without organisation when the same person has that title with one; a person
    the text ties to one country ("Greece's Yanis Varoufakis") holds an untied title there."""
    out = []
    for role in roles:
        if role.organisation is None and any(o.person == role.person and o.title.lower() == role.title.lower()
                                             and o.organisation for o in roles):
            continue
        out.append(role)
    merged: list[Role] = []
    for role in out:
        ties = [o for o in out if o.person == role.person and not o.title and o.organisation
                and r.kind(o.organisation) == "Country"]
        titled = [o for o in out if o.person == role.person and o.title and o.organisation is None]
        if role.title and role.organisation is None and len(ties) == 1:
            role = Role(role.person, role.title, ties[0].organisation, role.former, role.evidence + ties[0].evidence)
        elif not role.title and role in ties and len(ties) == 1 and titled:
            continue
        if not role.title and any(o.person == role.person and o.title and o.organisation == role.organisation for o in out):
            continue  # "President Vladimir Putin of Russia": the affiliation is in the title's role
        same = next((i for i, o in enumerate(merged) if (o.person, o.title.lower(), o.organisation, o.former)
                     == (role.person, role.title.lower(), role.organisation, role.former)), None)
        if same is None:
            merged.append(role)
        else:
            merged[same] = Role(role.person, merged[same].title, role.organisation, role.former,
                                merged[same].evidence + tuple(e for e in role.evidence if e not in merged[same].evidence))
    return merged
