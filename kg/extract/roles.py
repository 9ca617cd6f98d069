"""Positions and affiliations the text gives a person: premodifiers, appositions, 'of', possessives."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from .. import knowledge
from ..model import Role
from ..graph.resolve import is_short_form, person_key, place_or_body
from ..knowledge import fold, slug
from .context import Reader


def extract_roles(r: Reader) -> list[Role]:
    """One Role per person, title and organisation stated in the text."""
    out: dict[tuple, Role] = {}
    seats: dict[str, str] = {}   # person -> the chamber a US legislator sits in
    stated: set[str] = set()     # persons the text ties to a body we do not know ("Speaker X of the Y parliament")
    for m in r.mentions:
        if m.kind != "Person" or m.start < r.body_start:
            continue
        tag = _tag_after(r, m)
        if tag.state and tag.party:
            seats.setdefault(m.key, "")   # "(R-Ohio)": a US legislator, chamber not yet known
        found = _left(r, m) + _right(r, m, tag.end) + _predicate(r, m) + _office_noun(r, m)
        if tag.party:
            found.append(("", _body(r, tag.party), False, r.doc[m.end - 1]))
        for title, org, former, token in found:
            title, org, party = _legislator(r, m, title, org, tag, seats)
            for title, org in [(title, org)] + ([("", party)] if party else []):
                key = (m.key, title.lower(), org)
                if key not in out:
                    out[key] = Role(m.key, title, org, former, (r.evidence(token),))
        for person, title, org, token in _shared_apposition(r, m):
            out.setdefault((person, title.lower(), org), Role(person, title, org, False, (r.evidence(token),)))
        if _affiliation_unknown(r, tag.end):
            stated.add(m.key)
    roles = [_known_office(role, r) for role in out.values()]
    for person, holder, org, token in _counterparts(r):
        for role in [o for o in roles if o.person == holder and o.title and o.organisation and not o.former]:
            if org != role.organisation and r.kind(org) == r.kind(role.organisation):
                roles.append(Role(person, role.title, org, False, (r.evidence(token),)))
    roles = _merge_partial([role if role.person in stated else _seated(role, r, seats) for role in roles], r)
    roles = [_national(role, r) for role in roles]
    roles = _drop_short_forms(_merge_partial([_unnamed_holder(role, r, roles) for role in roles], r), r)
    relational = knowledge.words("roles", "needs_organisation")
    roles = [o for o in roles if o.organisation or o.title.lower() not in relational]
    r.roles = roles
    return roles


def _predicate(r: Reader, m) -> list:
    """'X became the U.S. President', 'X is a senior fellow at Y': a title in the complement of a copula."""
    root = r.doc[m.start:m.end].root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_ not in knowledge.lexicon()["roles"]["copulas"] or r.is_hypothetical(verb):
        return []
    for attr in (c for c in verb.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")):
        skip = {t.i for c in attr.children if c.dep_ in ("relcl", "acl", "advcl", "cc", "conj", "appos") for t in c.subtree}
        tokens = [t for t in attr.subtree if t.i not in skip and not t.is_punct]
        if tokens and _headed_by_title(tokens) and not any(_is_person(r, t.i) for t in tokens):
            return [f for f in _role_from(r, tokens, m) if f[0]]
    return []


def _office_noun(r: Reader, m) -> list:
    """"during X's presidency": the office a possessed noun names, with the body the phrase gives."""
    doc, i = r.doc, m.end
    nouns = knowledge.lexicon()["roles"]["office_nouns"]
    if not (i + 1 < len(doc) and doc[i].tag_ == "POS"):
        return []
    for j in (i + 1, i + 2):
        if j < len(doc) and doc[j].lower_ in nouns:
            country = r.by_token.get(j - 1) if j == i + 2 else None
            org = country.key if country and country.kind == "Country" else None
            return [(nouns[doc[j].lower_], org, False, doc[j])]
    return []


def _counterparts(r: Reader) -> list:
    """"his Israeli counterpart, X": X holds the title of the one whose counterpart they are, in the
    country the phrase names: (person, holder, organisation, token) each."""
    out = []
    words = knowledge.words("roles", "counterparts")
    for t in r.body():
        if t.lower_ not in words:
            continue
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        named = [a for a in t.children if a.dep_ == "appos" and _is_person(r, a.i)]
        if t.i + 2 < len(r.doc) and r.doc[t.i + 1].text == "," and _is_person(r, t.i + 2):
            named = named or [r.doc[t.i + 2]]
        if owner is None or not named:
            continue
        holder = r.entity_of(owner)
        orgs = [r.by_token[c.i].key for c in t.children if c.i in r.by_token and r.by_token[c.i].kind != "Person"]
        if holder and r.is_person(holder) and len(orgs) == 1:
            out.append((r.by_token[named[0].i].key, holder, orgs[0], t))
    return out


def _unnamed_holder(role: Role, r: Reader, roles: list[Role]) -> Role:
    """'Norway's prime minister ... Prime Minister X': an untied title the text gives, without a
    name, to one country's holder."""
    if role.organisation or not role.title or role.former:
        return role
    title = role.title.lower().split()
    held = {o.organisation for o in roles if o.title.lower() == role.title.lower()}
    doc, found = r.doc, set()
    for m in r.mentions:
        if m.kind != "Country" or m.key in held:
            continue
        i = m.end + (1 if m.end < len(doc) and doc[m.end].tag_ == "POS" else 0)
        words = [t.lower_ for t in doc[i:i + len(title)]]
        after = i + len(title)
        sent = doc[m.start].sent
        if (words == title and not _named_near(r, m.start, after) and sent.start_char < role.evidence[0].begin
                and not any(o.key == role.person for o in r.mentions if sent.start <= o.start < sent.end)):
            found.add(m.key)   # said before the name, and not of someone the sentence names
    if len(found) != 1:
        return role
    return Role(role.person, role.title, found.pop(), role.former, role.evidence)


def _named_near(r: Reader, start: int, end: int) -> bool:
    """Whether a title phrase names its holder: a name right after it, or in apposition on either side."""
    doc = r.doc
    if end < len(doc) and (end in r.by_token or (doc[end].text == "," and _is_person(r, end + 1))):
        return True
    i = start - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADJ", "ADV"):
        i -= 1
    return i >= 1 and doc[i].text == "," and _is_person(r, i - 1)


def _drop_short_forms(roles: list[Role], r: Reader) -> list[Role]:
    """'President Ruiz' beside 'President Ana Ruiz of Peru' ('President Wen' beside 'President Wen Lei'):
    the short name's untied title is the full name's."""
    out = []
    for role in roles:
        name = r.label(role.person)
        if role.organisation is None and role.title and " " not in name and any(
                o.person != role.person and o.title.lower() == role.title.lower() and o.organisation
                and (is_short_form(name, r.label(o.person)) or r.label(o.person).split()[0] == name) for o in roles):
            continue
        out.append(role)
    return out


class _Tag(NamedTuple):
    """What follows a legislator's name ('(R-Ohio)', ', Republican of Idaho,', 'of Vermont'),
    and the token where the name's phrase goes on."""
    end: int
    party: str | None = None
    state: str | None = None


def _tag_after(r: Reader, m) -> _Tag:
    """The party and US state written right after a name, and the token where the name's phrase goes on."""
    doc = r.doc
    end_char = doc[m.end - 1].idx + len(doc[m.end - 1].text)
    rest = r.text[end_char:end_char + 80]
    parties = knowledge.lexicon()["roles"]["parties"]
    match = (re.match(r"\s*\(\s*([A-Z])\s*-\s*([A-Z][A-Za-z. ]{1,14}?)\s*\)", rest)
             or re.match(r"\s*,\s*([A-Z])-([A-Z][A-Za-z.]{1,6})(?=\s*[,.;])", rest))
    if match and match.group(1).lower() in parties and _us_state(match.group(2)):
        return _Tag(_token_at(doc, end_char + match.end()), parties[match.group(1).lower()], _us_state(match.group(2)))
    match = re.match(r"\s*,\s*(?:an?\s+)?([A-Z][a-z]+)\s+(?:of|from)\s+([A-Z][A-Za-z. ]{2,20}?)(?=\s*(?:,|and\b|\.|;))", rest)
    if match and match.group(1).lower() in parties and _us_state(match.group(2)):
        return _Tag(_token_at(doc, end_char + match.end()), parties[match.group(1).lower()], _us_state(match.group(2)))
    match = re.match(r"\s*,\s*an?\s+([A-Z][A-Za-z. ]{2,20}?)\s+([A-Z][a-z]+)(?=\s*(?:,|who\b|and\b|\.|;))", rest)
    if match and match.group(2).lower() in parties and _us_state(match.group(1)):   # ", a Tennessee Republican"
        return _Tag(_token_at(doc, end_char + match.end()), parties[match.group(2).lower()], _us_state(match.group(1)))
    match = re.match(r"\s+of\s+([A-Z][A-Za-z. ]{2,20}?)(?=\s*(?:,|and\b|\.|;|\())", rest)
    if match and _us_state(match.group(1)):
        return _Tag(_token_at(doc, end_char + match.end()), None, _us_state(match.group(1)))
    return _Tag(m.end)


def _token_at(doc, char: int) -> int:
    """The first token that starts at or after a character offset."""
    return next((t.i for t in doc if t.idx >= char), len(doc))


def _us_state(text: str) -> str | None:
    return knowledge.us_states().get(fold(text.strip()))


def _body(r: Reader, name: str) -> str:
    """The key of a body the text names only by a word ('Republican'), through the gazetteer where it has it."""
    found = place_or_body(name)
    if found:
        r.add_entity(*found)
        return found[0]
    key = "org/" + slug(name)
    r.add_entity(key, name, "PoliticalParty" if name.lower().endswith(" party") else "Organisation")
    return key


def _legislator(r: Reader, m, title: str, org, tag: _Tag, seats: dict) -> tuple:
    """'Senator X of Idaho', 'Sen. X (R-Ohio)', 'Republican Senator X', 'U.S. Representative X':
    the chamber of the United States Congress they sit in, and the party a title phrase names."""
    lex = knowledge.lexicon()["roles"]
    title = lex["abbreviations"].get(title.lower(), title)
    chamber = lex["chambers"].get(title.lower())
    if not chamber or _common_noun(title):
        return title, org, None   # "the representative for the union": no seat in a chamber
    us = (r.kind(org) == "Country" and org == _us_key()) or bool(org and _us_state(r.label(org)))   # "Texas Rep. X"
    party = org if org is not None and any(org == _body_key(p) for p in lex["us_parties"]) else None
    party = party if party and _country_named(r, r.label(party)) else None
    if tag.state or us or party:
        seats[m.key] = chamber
        body = _body(r, lex["us_chambers"][chamber])
        return title, body if org is None or us or party else org, party
    return title, org, None


def _common_noun(title: str) -> bool:
    """'the representative for the union', 'the speaker said': a chamber title in lower case that is a common noun."""
    return title.islower() and title in knowledge.words("roles", "capitalised_chambers")


def _affiliation_unknown(r: Reader, end: int) -> bool:
    """'X of the Ruritanian parliament': the text ties the name to a body no mention resolves."""
    doc = r.doc
    return (end + 2 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "the"
            and not any(i in r.by_token for i in range(end + 1, min(end + 6, len(doc)))))


@cache
def _us_key() -> str:
    return knowledge.country_names()["united states"].key


def _body_key(name: str) -> str:
    found = place_or_body(name)
    return found[0] if found else "org/" + slug(name)


def _seated(role: Role, r: Reader, seats: dict) -> Role:
    """A chamber title without organisation ('Speaker X', 'the majority leader') in an article whose
    legislators sit in the US Congress: the person's own chamber, or the title's."""
    lex = knowledge.lexicon()["roles"]
    if role.organisation or not seats or role.title.lower() not in lex["chambers"] or _common_noun(role.title):
        return role
    chamber = seats.get(role.person) or lex["chambers"][role.title.lower()]   # "" for a tagged name with no seat yet
    if not chamber:
        return role
    return Role(role.person, role.title, _body(r, lex["us_chambers"][chamber]), role.former, role.evidence)


def _national(role: Role, r: Reader) -> Role:
    """'Foreign Secretary X', 'Secretary of State X': a title only one country uses, when the text
    names that country and ties the person to no other; a title other governments use too, only
    where that country is the one the text names, or the one named where the person is."""
    country = knowledge.lexicon()["roles"]["national_titles"].get(role.title.lower())
    if role.organisation or not country:
        return role
    found = place_or_body(country)
    named = {m.key for m in r.mentions if r.kind(m.key) == "Country"}
    if not found or found[0] not in named:
        return role
    if named != {found[0]} and role.title.lower() in knowledge.words("roles", "shared_titles"):
        # other countries named: only where the person's own sentences name just this one
        sents = {r.doc[m.start].sent.start for m in r.mentions if m.key == role.person}
        near = {m.key for m in r.mentions if r.kind(m.key) == "Country" and r.doc[m.start].sent.start in sents}
        if near != {found[0]}:
            return role   # 'Foreign Secretary X' in a text naming India and Britain: either's title
    return Role(role.person, role.title, found[0], role.former, role.evidence)


def _known_office(role: Role, r: Reader) -> Role:
    """'President Reed' says the title but not the country: take it from the shipped list of offices
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


@cache
def _title_patterns(plural: bool) -> tuple[re.Pattern, ...]:
    """One pattern per role title, longest first: words joined by spaces or hyphens, whole words only."""
    return tuple(re.compile(r"(?<![\w-])" + re.escape(" ".join(title)).replace(r"\ ", r"[\s-]+") + ("s?" if plural else "")
                            + r"(?![\w-])", re.I) for title in knowledge.role_titles())


@lru_cache(maxsize=1 << 14)
def _title_in(words: str, last: bool = True, plural: bool = False) -> tuple[str, int, int] | None:
    """The role title in a phrase nearest the name (the last one before it, or the first after it):
    'a spokeswoman for Speaker Ann Pike' -> Speaker. Longer titles win where they overlap."""
    found, masked = [], words
    for pattern in _title_patterns(plural):
        for match in pattern.finditer(masked):
            found.append((match.start(), match.end()))
            masked = masked[:match.start()] + "\0" * (match.end() - match.start()) + masked[match.end():]
    if not found:
        return None
    prefixes = knowledge.words("roles", "title_prefixes")
    found.sort()
    joined = []
    for start, end in found:   # "deputy director", "acting director": one title
        if joined and words[joined[-1][0]:joined[-1][1]].lower() in prefixes and not words[joined[-1][1]:start].strip(" -"):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    start, end = max(joined, key=lambda f: f[1]) if last else min(joined)
    return words[start:end], start, end


def _left(r: Reader, m) -> list:
    """'Italian Prime Minister Ana Ruiz', "the UK's new head of the Coastal Patrol Agency Tom Hale"."""
    doc, start = r.doc, _name_start(r, m)
    toks = r.tokens
    i = m.start - 1
    tokens = toks[m.start:start]   # "Representative Ann Pike" tagged as one name
    sent_start = toks[m.start].sent.start
    while i >= m.start - 14 and i >= sent_start:
        t = toks[i]
        owned = r.by_token.get(i)
        if owned and owned.kind == "Person":
            break
        if owned and owned.start < i:
            tokens[:0] = toks[max(owned.start, sent_start):i + 1]   # "Work and Pensions"
            i = owned.start - 1
            continue
        title_word = t.lower_ in _title_words() and not t.is_punct
        if not title_word and (t.is_punct and t.text not in ("-", "/") or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ", "NUM")
                               or (t.pos_ == "ADP" and t.lower_ not in knowledge.words("roles", "between")) or (t.pos_ == "DET" and t.lower_ != "the")):
            break
        tokens.insert(0, t)
        i -= 1
    honorifics = knowledge.words("roles", "honorifics")
    last = len(tokens)
    while last and (tokens[last - 1].lower_ in honorifics and tokens[last - 1].lower_ not in _title_words()
                    or tokens[last - 1].lower_ == "the"):
        last -= 1
    if last and tokens[last - 1].pos_ == "ADP":
        return []  # "a spokeswoman for Mrs Ruiz", "a spokeswoman for the Crane campaign": someone else's
    while tokens and tokens[0].pos_ == "ADP":
        tokens.pop(0)   # "referring to Senate Majority Leader X": the verb's preposition
    if not tokens and m.start >= 2 and doc[m.start - 1].text == ",":
        return _before_comma(r, m, m.start - 1)
    found = _role_from(r, tokens, m)
    if found and found[0][1] is None and _where_country(r, m):
        found = [(title, _where_country(r, m), former, token) for title, _, former, token in found]
    if found and i > doc[m.start].sent.start and doc[i].text == "," and all(t.lower_ in _title_words() or t.lower_ in
                                                                           knowledge.lexicon()["roles"]["abbreviations"] for t in tokens):
        # "The chairman of the X Committee, Representative Y": the sentence opens with another title of Y's
        found += _before_comma(r, m, i, opening=True)
    if found and found[0][1] is None and doc[i].text == "," and _apposed_to(r, m, i):
        # "the senior British military officer, General Y": the phrase Y is in apposition to names the body
        before = [f for f in _before_comma(r, m, i) if f[1]]
        found = [(title, before[0][1], former, token) for title, _, former, token in found] + before if before else found
    return found


def _where_country(r: Reader, m) -> str | None:
    """'... to Malawi, where he met President X': the country a 'where' clause holding the name as
    an object is about."""
    doc, t = r.doc, r.doc[m.start:m.end].root
    if t.dep_ in ("nsubj", "nsubjpass") or any(person_key(o.person) == m.key for o in knowledge.offices()):
        return None   # "Berlin, where President X spoke": a visitor, maybe; a known office says whose it is
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        where = next((c for c in t.children if c.lower_ == "where" and c.i < m.start), None)
        if t.pos_ == "VERB" and where is not None:
            before = doc[where.i - 2] if where.i >= 2 and doc[where.i - 1].text == "," else None
            country = r.by_token.get(before.i) if before is not None else None
            return country.key if country and country.kind == "Country" else None
    return None


def _apposed_to(r: Reader, m, comma: int) -> bool:
    """Whether the name stands in apposition to the noun phrase that ends at the comma before it (the
    parser may call it so, or hang it from the verb): not when the name is the clause's subject."""
    root, doc = r.doc[m.start:m.end].root, r.doc
    if root.dep_ == "appos":
        return doc[comma].sent.start <= root.head.i < comma
    return root.dep_ in ("npadvmod", "dobj", "pobj") and comma > 0 and doc[comma - 1].pos_ in ("NOUN", "PROPN")


def _name_start(r: Reader, m) -> int:
    """The first token of the name proper, after title words the tagger took into it."""
    doc, i = r.doc, m.start
    while i < m.end - 1 and (doc[i].lower_ in _title_words() or doc[i].lower_ in knowledge.lexicon()["roles"]["abbreviations"]):
        i += 1
    return i


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for title in knowledge.role_titles() for w in title if len(w) > 2 and w != "the")


def _before_comma(r: Reader, m, comma: int, opening: bool = False) -> list:
    """"Ruritania's president, Omar Karim al-Haddad": a title phrase in apposition before the name; with
    opening, only a phrase that opens the sentence."""
    doc, i, tokens = r.doc, comma - 1, []
    first = doc[m.start].sent.start
    while i >= max(first, comma - 14):
        t = doc[i]
        owned = r.by_token.get(i)
        if owned and owned.kind == "Person":
            return []  # "... House Speaker Y, President X said": the title is the other name's
        if owned and owned.start < i:
            tokens[:0] = list(doc[max(owned.start, first):i + 1])   # "the House Roads and Bridges Committee"
            i = owned.start - 1
            continue
        if t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX", "PRON", "CCONJ") or (t.pos_ == "ADP" and t.lower_ not in knowledge.words("roles", "between")):
            break
        tokens.insert(0, t)
        i -= 1
    if opening and (i >= first and not doc[i].is_punct or any(t.is_punct for t in doc[first:i + 1] if t.text not in ('"', "\u201c"))):
        return []
    found = _role_from(r, tokens, m)
    return [f for f in found if f[0]]


def _right(r: Reader, m, end: int | None = None) -> list:
    """'Lars Berg, the Danish finance minister who chairs the council'; 'X of Amnesty International';
    'X, executive director of Y and a former ambassador'; 'X, with the Y Institute'."""
    doc, out = r.doc, []
    end = m.end if end is None else end
    lex = knowledge.lexicon()["roles"]
    if end < len(doc) and doc[end].lower_ == "of" and end == m.end:
        org = r.by_token.get(end + 1) or (r.by_token.get(end + 2) if end + 2 < len(doc) and doc[end + 1].lower_ == "the" else None)
        if org and org.kind != "Person" and not r.is_place(org.key) or (org and org.kind == "Country"):
            out.append(("", org.key, False, doc[end]))
        return out
    i = end
    if end + 1 < len(doc) and (doc[end].text == "," or (end > m.end and doc[end].lower_ == "and")):
        tokens, i = [], end + 1
        while (i < len(doc) and i < end + 16 and doc[i].text not in (",", ".", ";", ":", "(")
               and "\n" not in doc[i].text and doc[i].sent.start == doc[end].sent.start
               and doc[i].lower_ not in lex["apposition_ends"] and not _is_person(r, i)
               and not (doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in ("amod", "compound")
                        and doc[i].lower_ not in _title_words())):
            tokens.append(doc[i])
            i += 1
        for phrase in _phrases(tokens):
            if phrase[0].lower_ in lex["affiliation"] and len(phrase) > 1:
                org = next((r.by_token[t.i] for t in phrase[1:3] if t.i in r.by_token), None)
                if org and org.kind != "Person" and not r.is_place(org.key) and phrase[0].lower_ == "with":
                    out.append(("", org.key, False, phrase[0]))
                continue
            starts_ok = (phrase[0].lower_ in ("the", "a", "an") or _title_in(phrase[0].text)
                         or phrase[0].i in r.by_token or phrase[0].lower_ in lex["former"]
                         or phrase[0].lower_ in _title_words())
            if phrase is tokens_last(tokens, phrase) and _is_person(r, i) and (
                    _ends_with_preposition(r, phrase) or phrase[-1].lower_ in _title_words()):
                continue  # "a senior member of Mayor Y's staff", "X, Finance Minister Y": not X's
            if starts_ok and _headed_by_title(phrase):
                out += [f for f in _role_from(r, phrase, m) if f[0]]
    if i + 1 < len(doc) and doc[i].lower_ == "who" and doc[i + 1].lemma_ in lex["leads"]:
        org = next((r.by_token[t.i] for t in doc[i + 1].subtree if t.i in r.by_token and t.i > i + 1
                    and t.dep_ not in ("amod", "compound", "poss")), None)
        if org and org.kind != "Person":
            out.append(("head", org.key, False, doc[i + 1]))
    return out


def _shared_apposition(r: Reader, m) -> list:
    """'X and Y, both professors at the Z University': a plural title each of the coordinated names holds."""
    doc = r.doc
    root = doc[m.start:m.end].root
    group = [t for t in (root, *root.conjuncts) if _is_person(r, t.i)]
    people = list(dict.fromkeys(r.by_token[t.i].key for t in group))
    if len(people) < 2 or r.by_token[max(group, key=lambda t: t.i).i] is not m:
        return []   # read once, at the last of the names
    i = m.end
    if not (i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in knowledge.words("roles", "shared")
            and doc[i + 2].tag_ == "NNS"):
        return []
    tokens = []
    for t in doc[i + 2:i + 18]:
        if t.is_punct or t.pos_ in ("VERB", "AUX") or _is_person(r, t.i):
            break
        tokens.append(t)
    singular = doc[i + 2].lemma_
    if not tokens or not _title_in(singular) or _title_in(singular)[0].lower() != singular.lower():
        return []
    found = [f for f in _role_from(r, tokens, m, plural=True) if f[0] and f[1]]
    return [(p, singular, org, token) for p in people for _, org, _, token in found]


def _ends_with_preposition(r: Reader, phrase: list) -> bool:
    """'... member of', '... spokesman for House Speaker': a phrase cut where another name begins."""
    words = list(phrase)
    while words and (words[-1].lower_ in _title_words() or words[-1].lower_ == "the" or words[-1].i in r.by_token):
        words.pop()
    return bool(words) and words[-1].pos_ == "ADP"


def tokens_last(tokens: list, phrase: list):
    """The last phrase of an apposition, which ends where the apposition stopped."""
    return phrase if phrase and tokens and phrase[-1].i == tokens[-1].i else None


def _is_person(r: Reader, i: int) -> bool:
    owned = r.by_token.get(i)
    return bool(owned) and owned.kind == "Person"


def _phrases(tokens: list) -> list[list]:
    """An apposition split where 'and a', 'and the' starts another title."""
    out, current = [], []
    for k, t in enumerate(tokens):
        if t.lower_ == "and" and k + 1 < len(tokens) and tokens[k + 1].lower_ in ("a", "an", "the") and current:
            out.append(current)
            current = []
            continue
        current.append(t)
    return out + ([current] if current else [])


def _headed_by_title(phrase: list) -> bool:
    """Whether the noun the phrase is about is a title word: not 'the younger brother of the leader',
    not 'a frequent critic of the senator'."""
    inside = {t.i for t in phrase}
    heads = [t for t in phrase if t.head.i not in inside or t.head.i == t.i]
    nouns = [t for t in heads if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return True
    return any(t.lower_ in _title_words() or _title_in(t.text) for t in nouns)


def _role_from(r: Reader, tokens: list, m, plural: bool = False) -> list:
    if not tokens:
        return []
    lex = knowledge.lexicon()["roles"]
    words = "".join(t.text_with_ws for t in tokens).strip()
    found = _title_in(re.sub(r"(?i)\bex-", "ex ", _mask_names(r, tokens, words)), last=tokens[-1].i < m.start, plural=plural)
    if found:
        found = (words[found[1]:found[2]], found[1], found[2])
    former = any(t.lower_ in lex["former"] or t.lower_.startswith("ex-") for t in tokens)
    orgs, partial, taken = [], False, set()
    for k, t in enumerate(tokens):
        owned = r.by_token.get(t.i)
        if t.i in taken:
            continue
        named = _named_body(r, tokens, k) if not owned or t.i == owned.start else None
        if named:
            orgs.append((_body(r, named[0]), t.idx - tokens[0].idx))
            taken.update(range(t.i, named[1]))
            continue
        if not owned or owned.kind == "Person" or owned.key in [o[0] for o in orgs] or (t.i != owned.start and k > 0):
            continue
        if _elsewhere(r, tokens, k, owned):
            continue
        joined = _joined_name(r, owned)
        if joined:
            orgs.append((_body(r, joined), t.idx - tokens[0].idx))
            taken.update(range(owned.start, r.by_token[owned.end].end))
            continue
        if t.i == owned.start and _inside_longer_name(r, owned):
            partial = True
            continue
        orgs.append((owned.key, t.idx - tokens[0].idx))
    if not found:
        if orgs and tokens[-1].tag_ == "POS":
            return [("", orgs[-1][0], former, tokens[0])]
        return []
    title, title_start, title_end = found
    portfolio = re.match(r"\s+for\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*", words[title_end:])
    inside = [t for t in tokens if title_end <= t.idx - tokens[0].idx < title_end + (portfolio.end() if portfolio else 0)]
    if portfolio and not any(t.i in r.by_token and r.by_token[t.i].start >= inside[0].i for t in inside):
        title_end += portfolio.end()   # "Secretary of State for Work and Pensions": one title
        title = words[title_start:title_end]
    former = former and _former_of(tokens, title_start)
    title, title_start, orgs = _shadow(r, tokens, title, title_start, orgs, words)
    orgs = [(k, at) for k, at in orgs if not title_start <= at < title_end]  # "Secretary of State": no body "State"
    after = [k for k, at in orgs if at >= title_end]
    before = [k for k, at in orgs if at < title_start]
    if title.lower().split()[-1] in lex["field_titles"]:
        before = [k for k, at in orgs if at < title_start and not r.kind(k) == "Country"]
    if before and after and r.kind(after[0]) == "Country" and _preposition_before(tokens, _at(orgs, after[0])) == "in":
        after = after[1:]   # "the senior U.S. commander in Iraq": where the post is
    org = after[0] if after else (before[-1] if before else None)
    if org is None:
        outside = [t for t in tokens if not title_start <= t.idx - tokens[0].idx < title_end]   # "the top Democrat": a title
        org = _party_word(r, outside) or _demonym_named(r, tokens, title_start)
    if org is None and partial:
        return []  # "a founder of the House Prairie Caucus": a body the text names but we do not know
    return [(title, org, former, tokens[0])]


def _mask_names(r: Reader, tokens: list, words: str) -> str:
    """The phrase with the names of bodies blanked, so that no title is read inside one ('Reform Party')."""
    heads = knowledge.words("organisations", "heads")
    out = list(words)
    for t in tokens:
        owned = r.by_token.get(t.i)
        if owned and owned.kind != "Person" and owned.end - owned.start > 1 and r.doc[owned.end - 1].lower_ in heads:
            at = t.idx - tokens[0].idx
            out[at:at + len(t.text)] = "\0" * len(t.text)
    return "".join(out)


def _joined_name(r: Reader, owned) -> str | None:
    """'UK Reform Party': a country's name that opens a party's or body's name the gazetteer does not know."""
    doc = r.doc
    if owned.kind != "Country" or owned.end >= len(doc):
        return None
    other = r.by_token.get(owned.end)
    if (not other or other.start != owned.end or other.kind in ("Person", "Country", "City", "Place")
            or knowledge.wikidata_id(other.key) or not doc[owned.start].text[:1].isupper()):
        return None
    joined = doc[owned.start:other.end].text
    return joined if place_or_body(joined) or other.kind == "PoliticalParty" else None


def _named_body(r: Reader, tokens: list, k: int) -> tuple[str, int] | None:
    """'a professor at the Tokyo Institute of Economics': a body's name the text gives after 'at', 'of',
    'with' or 'for the', in capitals and with a word that names a body, that no one mention covers.
    Returns the name and the token after it."""
    doc = r.doc
    j = k - 1
    while j >= 0 and tokens[j].pos_ == "ADJ" and tokens[j].text.islower():
        j -= 1   # "the conservative House Prairie Caucus"
    if j < 1 or tokens[j].lower_ != "the" or tokens[j - 1].lower_ not in knowledge.lexicon()["roles"]["affiliation"] + ["for"]:
        return None
    i, words = tokens[k].i, []
    while i < len(doc) and (doc[i].text[:1].isupper() and doc[i].is_alpha or (doc[i].lower_ in ("of", "for", "and") and words)):
        owned = r.by_token.get(i)
        if owned and (owned.kind == "Person" or (not words and owned.end == _run_end(r, i))):
            break   # a whole name that a mention covers is that mention
        words.append(doc[i])
        i += 1
    while words and not words[-1].text[:1].isupper():
        words.pop()
    heads = knowledge.words("organisations", "heads") | knowledge.words("roles", "body_heads")
    if len(words) < 2 or not any(w.lower_ in heads for w in words):
        return None
    return " ".join(w.text for w in words), words[-1].i + 1


def _run_end(r: Reader, i: int) -> int:
    """Where a run of capitalised words (with 'of', 'for', 'and' inside) starting at i ends."""
    doc, j = r.doc, i
    while j < len(doc) and (doc[j].text[:1].isupper() and doc[j].is_alpha or (doc[j].lower_ in ("of", "for", "and") and j > i
                                                                              and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())):
        j += 1
    return j


def _at(orgs: list, key: str) -> int:
    return next(at for k, at in orgs if k == key)


def _preposition_before(tokens: list, at: int) -> str | None:
    """The preposition that introduces the name at a character offset of the phrase, if any."""
    words = [t for t in tokens if t.idx - tokens[0].idx < at and t.lower_ != "the"]
    return words[-1].lower_ if words and words[-1].pos_ == "ADP" else None


def _inside_longer_name(r: Reader, owned) -> bool:
    """'American' in 'the American Heritage Institute', 'House' in 'the House Prairie Caucus':
    a name followed by more capitalised words that no mention covers."""
    doc, j = r.doc, owned.end
    parties = knowledge.lexicon()["roles"]["parties"]
    if j < len(doc) and f"{doc[owned.start:owned.end].text} {doc[j].text}".lower() in parties:
        return True   # "Liberal Democrat": a party's name
    return (j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j not in r.by_token
            and doc[j].lower_ not in _title_words())


def _former_of(tokens: list, title_start: int) -> bool:
    """Whether 'former' qualifies the title itself: not 'a former adviser to President X'."""
    formers = knowledge.words("roles", "former")
    for k, t in enumerate(tokens):
        if (t.lower_ in formers or t.lower_.startswith("ex-")) and t.idx - tokens[0].idx < title_start:
            if t.idx - tokens[0].idx + len(t.text) > title_start:
                return True   # "ex-foreign secretary"
            between = [u for u in tokens[k + 1:] if u.idx - tokens[0].idx < title_start]
            if not any(u.pos_ == "ADP" or u.lower_ in _title_words() for u in between):
                return True
    return False


def _elsewhere(r: Reader, tokens: list, k: int, owned) -> bool:
    """A body or country that is where the post is or what it deals with, not whom it serves:
    'ambassador to Chile', 'director for U.S. Relations'."""
    lex = knowledge.lexicon()["roles"]
    before = [t for t in tokens[:k] if t.lower_ != "the"]
    if before and before[-1].lower_ in lex["postings"] and before[-1].i not in r.by_token:
        return True
    if before and before[-1].lower_ in lex["place_postings"] and r.kind(owned.key) in ("City", "Place"):
        return True
    last = owned.end
    return last < len(r.doc) and r.doc[last].lower_ in lex["portfolio_after"]


def _shadow(r: Reader, tokens: list, title: str, start: int, orgs: list, words: str) -> tuple:
    """'Shadow Asia minister', 'Education Secretary': a portfolio named right before a minister's or
    secretary's title is part of the title, not its organisation."""
    lex = knowledge.lexicon()["roles"]
    if title.lower().split()[-1] not in lex["portfolio_titles"]:
        return title, start, orgs
    for t in tokens:
        at = t.idx - tokens[0].idx
        if t.lower_ in lex["shadow"] and at < start:
            return words[at:start + len(title)], at, [(k, o) for k, o in orgs if not at <= o < start]
    for k, t in enumerate(tokens):
        owned = r.by_token.get(t.i)
        at = t.idx - tokens[0].idx
        if (owned and owned.start == t.i and owned.end == t.i + 1 and k + 1 < len(tokens)
                and tokens[k + 1].idx - tokens[0].idx == start and r.kind(owned.key) not in ("Country", "City")
                and not knowledge.wikidata_id(owned.key) and not _is_party(r, owned.key)):
            return words[at:start + len(title)], at, [(key, o) for key, o in orgs if o != at]
    return title, start, orgs


def _party_word(r: Reader, tokens: list) -> str | None:
    """'Republican presidential candidate', 'the Democratic leader', 'Lib Dem leader': the party a title
    phrase names by a word."""
    from .entities import said_of_another_country
    lex = knowledge.lexicon()["roles"]
    parties, modifiers = lex["parties"], set(lex["party_modifiers"])
    words = " ".join(t.text for t in tokens)
    found = set()
    for word in sorted(parties, key=len, reverse=True):
        match = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", words, re.I)
        if len(word) > 1 and match and match.group(0)[:1].isupper():
            before = words[:match.start()].split() or ([r.doc[tokens[0].i - 1].text] if tokens[0].i else [])
            if not (before and before[-1].lower() in modifiers):   # 'Social Democrats': another party
                found.add(parties[word])
            words = words[:match.start()] + "\0" * len(word) + words[match.end():]
    if len(found) != 1:
        return None
    name = found.pop()
    if not _country_named(r, name) or said_of_another_country(r.doc, _body_key(name)):
        return None   # 'Canada's Tories', 'New Zealand Labour leader X': not the British party
    return _body(r, name)


def _country_named(r: Reader, name: str) -> bool:
    """Whether a body whose name other countries' bodies share ('Democratic Party') is in its own
    country here: the text names that country, its capital (or, for the United States, one of its states)."""
    body = knowledge.body_names().get(fold(name))
    country = knowledge.country_names().get(fold(body.country)) if body and body.country else None
    if country is None:
        return True
    capital = knowledge.capital_city(country.capitals[0]) if country.capitals else None
    return any(m.key == country.key or (capital and m.key == capital[0]) or (country.key == _us_key() and _us_state(m.text))
               for m in r.mentions)


def _demonym_named(r: Reader, tokens: list, title_start: int) -> str | None:
    """'Guinean President X': a demonym two countries share, for the one the article names."""
    for t in tokens:
        if t.idx - tokens[0].idx >= title_start:
            break
        countries = _shared_demonyms().get(fold(t.text))
        if countries:
            names = {_plain(n): c for c in countries for n in (c.name, c.official, *c.aliases) if n}
            named = {m.key for m in r.mentions if any(m.key == c.key for c in countries) or _plain(m.text) in names}
            if len(named) == 1:
                return named.pop()
    return None


def _plain(name: str) -> str:
    return re.sub(r"\bthe ", "", fold(name))


@cache
def _shared_demonyms() -> dict:
    seen: dict[str, list] = {}
    for c in knowledge.countries():
        for d in c.demonyms:
            seen.setdefault(fold(d), []).append(c)
    return {d: cs for d, cs in seen.items() if len(cs) > 1}


def _is_party(r: Reader, key: str) -> bool:
    return r.kind(key) == "PoliticalParty" or r.known.get(key, ("", ""))[1] == "PoliticalParty" or key in _party_keys()


@cache
def _party_keys() -> frozenset[str]:
    return frozenset(_body_key(p) for p in knowledge.lexicon()["roles"]["parties"].values())


def _merge_partial(roles: list[Role], r: Reader) -> list[Role]:
    """Drop a title without organisation when the same person has that title with one; a person
    the text ties to one country ("Peru's Tomas Vidal") holds an untied title there."""
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
        if not ties and role.title and role.organisation is None:
            # "Chief Justice X of the Supreme Court": a body tied to the name in the title's own sentence
            ties = [o for o in out if o.person == role.person and not o.title and o.organisation
                    and o.evidence[0] == role.evidence[0] and not _is_party(r, o.organisation)]
        titled = [o for o in out if o.person == role.person and o.title and o.organisation is None]
        if role.title and role.organisation is None and len(ties) == 1:
            role = Role(role.person, role.title, ties[0].organisation, role.former, role.evidence + ties[0].evidence)
        elif not role.title and role in ties and len(ties) == 1 and titled:
            continue
        if not role.title and any(o.person == role.person and o.title and o.organisation == role.organisation for o in out):
            continue  # "President Tom Hale of Ruritania": the affiliation is in the title's role
        same = next((i for i, o in enumerate(merged) if (o.person, o.title.lower(), o.organisation, o.former)
                     == (role.person, role.title.lower(), role.organisation, role.former)), None)
        if same is None:
            merged.append(role)
        else:
            merged[same] = Role(role.person, merged[same].title, role.organisation, role.former,
                                merged[same].evidence + tuple(e for e in role.evidence if e not in merged[same].evidence))
    return merged
