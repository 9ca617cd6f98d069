"""Named-entity mentions from the parse, classified and merged into entities."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import knowledge
from ..knowledge import fold, slug
from ..graph.resolve import best_label, cluster_persons, demonym_country, is_acronym_of, person_key, place_or_body

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_AGENCY_WORDS = re.compile(r"\b(ministry|department|agency|administration|office|council|commission|"
                           r"authority|bureau|service|services|command|police|army|court|parliament|"
                           r"congress|senate|assembly|centre|center|institute|university|bank)\b", re.I)


_LAST_DOC: list = [None, None]


def doc_cache(doc) -> dict:
    """Work done once per parsed document (the last one seen): its tokens as a list (spaCy makes a
    new Token object on every doc[i]) and memoised answers about the whole text."""
    if _LAST_DOC[0] is not doc:
        _LAST_DOC[0], _LAST_DOC[1] = doc, {"tokens": list(doc)}
    return _LAST_DOC[1]


def tokens(doc) -> list:
    """The document's tokens, built once."""
    return doc_cache(doc)["tokens"]


def doc_text(doc) -> str:
    """doc.text, joined once."""
    c = doc_cache(doc)
    if "text" not in c:
        c["text"] = "".join(t.text_with_ws for t in c["tokens"])   # doc.text, from the tokens made once
    return c["text"]


def span_text(doc, start: int, end: int) -> str:
    """doc[start:end].text for 0 <= start <= end <= len(doc), cut from the text instead of joined."""
    if start >= end:
        return ""
    toks = tokens(doc)
    return doc_text(doc)[toks[start].idx:toks[end - 1].idx + len(toks[end - 1].text)]


@cache
def _honorific_set() -> frozenset[str]:
    return frozenset(h.rstrip(".") for h in knowledge.lexicon()["roles"]["honorifics"])


@cache
def _title_set() -> frozenset[str]:
    return frozenset(" ".join(t) for t in knowledge.role_titles())


@dataclass
class RawMention:
    start: int          # token indices [start, end)
    end: int
    text: str
    label: str          # spaCy label
    key: str = ""
    name: str = ""      # the entity's name as the gazetteer or the text gives it
    kind: str = ""      # ontology class
    full: str = ""      # for a given name alone, the full name the text gives that person


def raw_mentions(doc) -> list[RawMention]:
    """The entity spans of a parsed doc, trimmed of determiners and possessive endings, plus the
    long forms of acronyms the tagger missed ('the Ruritanian Council of Water Research or RCWR')."""
    out = _mentions_from_ents(doc)
    out += _untagged_names(doc, out)
    out = _lone_surnames(doc, out)
    out += _untagged_parties(doc, out)
    heads = knowledge.words("organisations", "heads")
    for start, end, acronym in _acronym_long_forms(doc):
        if not heads & {w.lower() for w in doc[start:end].text.split()}:
            # "Rapid Entry Permit or REP": an acronym of a thing, not of a body
            out = [m for m in out if m.text != acronym and not (start <= m.start and m.end <= end)]
            continue
        inside = [m for m in out if start <= m.start and m.end <= end]
        crossing = [m for m in out if m.start < end and m.end > start and m not in inside]
        if not crossing and not any(m.start == start and m.end == end for m in inside):
            out = [m for m in out if m not in inside] + [RawMention(start, end, doc[start:end].text, "ORG")]
    return sorted(out, key=lambda m: m.start)


def _untagged_names(doc, found: list[RawMention]) -> list[RawMention]:
    """Two or three capitalised proper nouns the tagger missed ('Kenji Sato held talks'), taken as a
    person's name when they are the subject of a verb (measured on CoNLL-2003: anything looser costs
    more precision than it gains recall)."""
    toks = tokens(doc)
    taken = {i for m in found for i in range(m.start, m.end)}
    lex = knowledge.lexicon()
    stop = ({w for t in knowledge.role_titles() for w in t} | set(lex["organisations"]["heads"])
            | set(lex["places"]["facility_first"]) | set(lex["places"]["facility_last"])
            | {h.rstrip(".") for h in lex["roles"]["honorifics"]} | _CALENDAR)
    out, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 4 and toks[j].pos_ == "PROPN" and toks[j].is_alpha and toks[j].is_title \
                and j not in taken and toks[j].lower_ not in stop and not toks[j].ent_type_:
            j += 1
        if 2 <= j - i <= 3 and (j >= len(doc) or toks[j].pos_ != "PROPN"):
            root = doc[i:j].root
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ == "VERB":
                out.append(RawMention(i, j, doc[i:j].text, "PERSON"))
        i = max(j, i + 1)
    return out


def _lone_surnames(doc, found: list[RawMention]) -> list[RawMention]:
    """A surname standing alone that the tagger missed or called a nationality or an event ('Virtanen
    said'), where the text names the person in full: a mention of that person."""
    surnames = {m.text.split()[-1] for m in found if m.label == "PERSON" and len(m.text.split()) > 1}
    by_token = {i: m for m in found for i in range(m.start, m.end)}
    out = [m for m in found if not (m.end - m.start == 1 and m.label in ("NORP", "EVENT") and m.text in surnames)]
    for t in doc:
        alone = not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN") and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
        m = by_token.get(t.i)
        if t.pos_ == "PROPN" and t.text in surnames and alone and t.dep_ != "compound" and (m is None or m not in out):
            out.append(RawMention(t.i, t.i + 1, t.text, "PERSON"))
    return out


def _untagged_parties(doc, found: list[RawMention]) -> list[RawMention]:
    """A party's bare name the tagger left before a title or a name ("Labour MP", "Democratic Senator
    Ann Cole"); labelled as a group, so it stands for the party only where its country is named."""
    toks = tokens(doc)
    taken = {i for m in found for i in range(m.start, m.end)}
    titles = {t[0] for t in knowledge.role_titles()} | set(knowledge.lexicon()["names"]["party_members"])
    out = []
    for t in toks[:-1]:
        nxt = toks[t.i + 1]
        if t.i not in taken and t.is_title and not t.ent_type_ and fold(t.text) in knowledge.short_names() \
                and nxt.ent_type_ in ("", "PERSON") and (nxt.lower_ in titles or (nxt.pos_ == "PROPN" and nxt.is_title)):
            out.append(RawMention(t.i, t.i + 1, t.text, "NORP"))
    return out


_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday"}


def _acronym_long_forms(doc) -> list[tuple[int, int, str]]:
    """Spans of capitalised names followed by '(ACRONYM)' or 'or ACRONYM' whose initials match."""
    toks = tokens(doc)
    found = []
    for t in toks[2:]:
        if toks[t.i - 1].text not in ("(", "or") or not _ACRONYM.fullmatch(t.text):
            continue
        end = t.i - 1
        start = end
        while start > 0 and (toks[start - 1].text[:1].isupper() or toks[start - 1].lower_ in ("of", "and", "for", "on", "&")) \
                and not toks[start - 1].is_sent_start and end - start < 10:
            start -= 1
            if toks[start].text[:1].isupper() and is_acronym_of(t.text, doc[start:end].text) \
                    and "".join(w[0] for w in doc[start:end].text.split() if w[0].isupper()) == t.text:
                found.append((start, end, t.text))
                break
    return found


def _mentions_from_ents(doc) -> list[RawMention]:
    toks = tokens(doc)
    out = []
    ents = [e for e in doc.ents if e.label_ in LABELS]
    i = 0
    while i < len(ents):
        span = ents[i]
        start, end = span.start, span.end
        while start < end and toks[start].lower_ in ("the", "a", "an") :
            start += 1
        while start < end and toks[start].text in ("'s", "\u2019s", "'", "\u2019"):
            start += 1  # "'s Palace": the tagger started on a possessive ending
        for k in range(start + 1, end - 1):
            if toks[k].is_lower and toks[k].pos_ == "ADP" and toks[k + 1].lower_ in _CALENDAR:
                end = k  # "Grand Palace of the Nation on Thursday": the date is not part of the name
                break
        while end > start and (toks[end - 1].tag_ == "POS"
                               or (toks[end - 1].is_lower and toks[end - 1].pos_ in ("ADP", "DET", "CCONJ"))):
            end -= 1  # "Grand Palace of the Republic on": a preposition is never a name's last word
        # "Save the Children UK": an organisation directly followed by a country code
        if (span.label_ == "ORG" and i + 1 < len(ents) and ents[i + 1].start == span.end
                and ents[i + 1].label_ == "GPE" and re.fullmatch(r"[A-Z]{2,3}", ents[i + 1].text)
                and not toks[span.end - 1].whitespace_ == ""):
            end = ents[i + 1].end
            i += 1
        if (span.label_ == "ORG" and toks[span.end - 1].lower_ == "of" and i + 1 < len(ents)
                and ents[i + 1].start == span.end and ents[i + 1].label_ in ("GPE", "LOC")):
            end = ents[i + 1].end  # "Academy of Sciences of" + "Ruritania": the tagger split one name
            i += 1
        while (span.label_ == "PERSON" and end < len(doc) and toks[end].pos_ == "PROPN" and not toks[end].ent_type_
               and toks[end].text.istitle() and toks[end].is_alpha and not toks[end].is_sent_start
               and (end + 1 >= len(doc) or toks[end + 1].pos_ != "PROPN")):
            end += 1  # "Ana Ruiz" + "Vidal": the tagger stopped one word short
        if start < end:
            text = doc[start:end].text
            out.append(RawMention(start, end, text, span.label_))
        i += 1
    return out


def classify(mentions: list[RawMention], doc) -> list[RawMention]:
    """Give each mention its entity key, name and class; drop what names no entity."""
    honorifics = _honorific_set()
    toks = tokens(doc)
    mentions = [m for m in mentions if not _not_a_name(m, doc, mentions)]
    _retype(mentions, doc)
    named = _countries_named(mentions)
    full_surnames = {fold(m.text).split()[-1] for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1}
    persons = [m for m in mentions if (not _known(m.text, named) or _surname_of_person(m, full_surnames))
               and (m.label == "PERSON" or (m.label != "NORP" and _after_honorific(doc, m, honorifics)))]
    surnames = {fold(m.text).split()[-1] for m in persons}
    acronyms = _acronym_definitions(mentions, doc)
    titles = _title_set()
    lowercase = {t.text for t in toks if t.text.islower() and t.is_alpha}
    bodies = _bodies_named(mentions)
    craft = knowledge.words("places", "craft")
    kept = []
    for m in mentions:
        if m.end < len(toks) and fold(m.text + " " + toks[m.end].text) in titles:
            continue  # "the Finance Minister": part of a title, not a body
        if m.label != "PERSON" and any(fold(span_text(doc, i, m.end)) in titles for i in range(max(0, m.start - 3), m.start)):
            continue  # "State" of "Secretary of State"
        if m.label != "NORP" and " " not in m.text and m.text.lower() in lowercase and not place_or_body(m.text):
            continue  # "Paracetamol" at a sentence start, "paracetamol" elsewhere: a common noun
        if re.fullmatch(r"[A-Z]+-\d+", m.text) or (m.label == "PERSON" and re.search(r"\d", m.text)):
            continue  # "COVID-19": a code, not a name; no person's name has digits
        if m.label == "PERSON" and re.fullmatch(r"[A-Z]{2,}s", m.text):
            continue  # "MPs", "MEPs": plural acronyms, not persons
        if m.label != "NORP" and not any(c.isupper() for c in m.text) and not place_or_body(m.text) \
                and fold(m.text).split()[-1] not in knowledge.words("organisations", "heads"):
            continue  # "potential exchange": lower case, and no body's head word ("the commerce ministry")
        found = None if m in persons else (_known(m.text, named) or acronyms.get(m.text) or _inner_body(m, doc)
                                           or _short_of_body(m.text, bodies) or _short_of_country(m, named)
                                           or _acronym_of_named(m.text, mentions, named)
                                           or _after_adjective(m, doc, named, bodies)
                                           or _first_word_of_body(m, mentions, named))
        if m.label == "NORP":
            found = demonym_country(m.text) or _short_name(m.text, named)
            if not found:
                continue
        if found and _anothers_body(m, doc, found):
            if doc[m.end].lower_ != "of":
                continue  # "the Ruritanian Democratic Party": not the body the gazetteer knows by that name
            m.end = next((t.i for t in doc[m.end + 1:] if not (t.text[:1].isupper() or t.lower_ in ("the", "of"))), len(doc))
            m.text, found = doc[m.start:m.end].text, None  # "Democratic Party of Ruritania"
        if fold(m.text) in craft:
            found = ("place/" + slug(m.text), m.text, "Place")  # "Air Force One": a plane, not a body
        if found:
            m.key, m.name, m.kind = found
        elif m in persons or (m.label in ("ORG", "GPE", "LOC") and (_looks_like_person(m, surnames) or _acts_like_person(m, doc))):
            m.label, m.kind = "PERSON", "Person"
        else:
            m.name = re.sub(r"^the\s+", "", m.text, flags=re.I)
            if m.label in ("GPE", "LOC") and m.name.isupper() and len(m.name) > 4:
                m.name = m.name.title()  # "WASHINGTON -" in a dateline
            m.kind = _kind(m)
            m.key = ("place/" if m.kind in ("Place", "City") else "org/") + slug(m.name)
            city = knowledge.capital_city(m.name) if m.kind == "City" else None
            if city:
                m.key, m.name = city
        kept.append(m)
    _merge_persons(kept)
    return kept


def _known(text: str, named: set[str]) -> tuple[str, str, str] | None:
    """The gazetteer entry a name stands for, bare names ("Senate") read in the text's country."""
    return place_or_body(text) or _short_name(text, named)


def _short_name(text: str, named: set[str]) -> tuple[str, str, str] | None:
    """'Senate' -> the United States Senate where the text names the United States; None when no
    such body, or when two fit ('Treasury' in a text naming both the UK and the US)."""
    fits = [body for body, country in knowledge.short_names().get(fold(text), ()) if not country or country in named]
    if len(fits) != 1:
        return None
    return fits[0].key, fits[0].name, fits[0].kind


def _countries_named(mentions: list[RawMention]) -> set[str]:
    """The countries a text names, by name or demonym, alone or before a body's name ("U.S. Senate"),
    or by an unambiguous capital ("London")."""
    out = set()
    for m in mentions:
        words = m.text.split() if m.label != "PERSON" else [m.text]
        for text in (m.text, *(" ".join(words[:n]) for n in (1, 2) if len(words) > n)):
            found = demonym_country(text) or place_or_body(text)
            if found and found[2] == "Country":
                out.add(found[1])
        if m.label in ("GPE", "LOC") and knowledge.capital_city(m.text):   # "in London": the UK's capital
            out.add(knowledge.capitals()[fold(m.text)].name)
    return out


def _bodies_named(mentions: list[RawMention]) -> dict[str, tuple[str, str, str]]:
    """Folded names and aliases of the gazetteer bodies a text names -> their entry."""
    out = {}
    for m in mentions:
        found = place_or_body(m.text)
        if found and found[0].startswith("org/"):
            body = knowledge.body_names()[fold(m.text)]
            for name in (body.name, *body.aliases):
                out[fold(name)] = found
    return out


def _short_of_body(text: str, bodies: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """'Security Council' after 'UN Security Council': the end of the name of one body the text names."""
    name = fold(text)
    if " " not in name and name not in knowledge.words("organisations", "heads"):
        return None
    fits = {found for full, found in bodies.items() if full.endswith(" " + name)}
    return fits.pop() if len(fits) == 1 else None


def _anothers_body(m: RawMention, doc, found: tuple[str, str, str]) -> bool:
    """A body's shared name ("Democratic Party", "Labour") said of another country: after another
    country's name or demonym ("Ruritania's", "Ruritanian") or a word of another party's name
    ("Social Democrats"), or before "of" and a place; a bare
    name ("Tories") also where the text gives it to another country anywhere."""
    body = knowledge.body_names().get(fold(m.text)) or _body_of(found[0])
    if body is None or not body.country or body.key != found[0]:
        return False
    if m.start and tokens(doc)[m.start - 1].text.istitle() and tokens(doc)[m.start - 1].lower_ in knowledge.words("roles", "party_modifiers"):
        return True   # 'Social Democrats', 'Christian Democrat': another party
    if country_before(doc, m.start, body.country) or (fold(m.text) in knowledge.short_names()
                                                       and said_of_another_country(doc, body.key)):
        return True
    return (m.end + 2 < len(doc) and doc[m.end].lower_ == "of" and doc[m.end + 1].ent_type_ in ("GPE", "LOC")
            and (place_or_body(doc[m.end + 1].text) or ("", body.country, ""))[1] != body.country)


def _body_of(key: str):
    return knowledge.body_by_key().get(key)


def country_before(doc, start: int, country: str) -> bool:
    """Whether another country than `country` is named just before a token, as its owner
    ("New Zealand Labour", "Canada's Tories", "Ruritanian Democrats")."""
    toks = tokens(doc)
    end = start - 1 if start > 0 and toks[start - 1].lower_ in ("'s", "\u2019s") else start
    for n in (1, 2, 3):
        if end - n < 0 or toks[end - n].is_punct:
            break
        text = doc[end - n:end].text
        found = demonym_country(text) or place_or_body(text)
        if found and found[2] == "Country":
            return found[1] != country
    return False


def said_of_another_country(doc, key: str) -> bool:
    """Whether the text gives one of a party's bare names to another country anywhere ('Canada's
    Tories ... Tory leader X': neither is the British party)."""
    body = _body_of(key)
    if body is None or not body.country:
        return False
    memo = doc_cache(doc).setdefault("said_of_another_country", {})
    if key not in memo:
        memo[key] = _said_of_another_country(doc, body, _party_names(key))
    return memo[key]


@cache
def _party_names(key: str) -> frozenset[str]:
    body = _body_of(key)
    names = {n for n, pairs in knowledge.short_names().items() if any(b.key == key for b, _ in pairs)}
    return frozenset(names | {fold(n) for n in (body.name, *body.aliases)})


def _said_of_another_country(doc, body, names: frozenset[str]) -> bool:
    toks = tokens(doc)
    last = len(toks) - 1
    for i, t in enumerate(toks):
        if not t.is_title:
            continue
        if fold(t.text) in names and country_before(doc, i, body.country):
            return True
        two = t.text_with_ws + toks[i + 1].text if i < last else t.text   # doc[i:i + 2].text
        if fold(two) in names and country_before(doc, i, body.country):
            return True
    return False


def _short_of_country(m: RawMention, named: set[str]) -> tuple[str, str, str] | None:
    """'Congo' after 'Democratic Republic of Congo': the last word of one country the text names."""
    if m.label not in ("GPE", "LOC") or " " in m.text:
        return None
    fits = {c for c in knowledge.countries() if c.name in named
            for n in (c.name, c.official, *c.aliases) if n and fold(n).split()[-1] == fold(m.text)}
    if len(fits) != 1:
        return None
    c = fits.pop()
    return c.key, c.name, "Country"


def _acronym_of_named(text: str, mentions: list[RawMention], named: set[str]) -> tuple[str, str, str] | None:
    """'ICC' in a text that names the International Criminal Court: the one body whose initials it is."""
    if not re.fullmatch(r"[A-Z]{2,6}", text):
        return None
    fits = {found for o in mentions if o.text != text and is_acronym_of(text, o.text)
            and (found := _known(o.text, named)) and found[0].startswith("org/")}
    return fits.pop() if len(fits) == 1 else None


def _first_word_of_body(m: RawMention, mentions: list[RawMention], named: set[str]) -> tuple[str, str, str] | None:
    """'Hoover' after 'Hoover Institution': the first word of one body the text names."""
    if m.label != "ORG" or " " in m.text:
        return None
    fits = {o.text for o in mentions if o.label == "ORG" and " " in o.text and fold(o.text).split()[0] == fold(m.text)
            and all(w[:1].isalpha() for w in o.text.split())}
    if len(fits) != 1:
        return None
    full = fits.pop()
    found = _known(full, named)
    return found or ("org/" + slug(full), re.sub(r"^the\s+", "", full, flags=re.I), "Organisation")


def _after_adjective(m: RawMention, doc, named: set[str], bodies: dict) -> tuple[str, str, str] | None:
    """'Senior Security Council members': an adjective, or a capitalised first word of a sentence, before
    a known body's name."""
    toks = tokens(doc)
    if m.end - m.start < 3 or not (toks[m.start].pos_ == "ADJ" or toks[m.start].is_sent_start):
        return None
    rest = doc[m.start + 1:m.end].text
    return _known(rest, named) or _short_of_body(rest, bodies)


def _inner_body(m: RawMention, doc) -> tuple[str, str, str] | None:
    """"Smith's Labour Party": a known body after a possessive inside the span."""
    for t in doc[m.start + 1:m.end - 1]:
        if t.tag_ == "POS":
            found = place_or_body(doc[t.i + 1:m.end].text)
            if found:
                return found
    return None


def _surname_of_person(m: RawMention, full_surnames: set[str]) -> bool:
    """'Chad' tagged a person where the text names 'Tom Chad': the surname, not the country."""
    return m.label == "PERSON" and " " not in m.text and fold(m.text) in full_surnames


def _not_a_name(m: RawMention, doc, mentions: list[RawMention]) -> bool:
    """Spans that name nothing: two names joined by a hyphen ("Kenya-Uganda talks"), ranks alone
    ("Lt Col"), headings taken for persons ("Mission Ruritania", "Halt Trade Summit"). On the way,
    a person-like span ending in a body's head word becomes a body, and a heading's verb is cut off."""
    names = knowledge.lexicon()["names"]
    words = [w.strip(".") for w in fold(m.text).split()]
    parts = m.text.split("-")
    if len(parts) == 2 and all(p[:1].isupper() for p in parts) and " " not in m.text and not place_or_body(m.text):
        others = {w for o in mentions if o is not m for w in fold(o.text).split()}
        if all(place_or_body(p) or fold(p) in others for p in parts):
            return True
    if m.label == "PERSON":
        ranks = {r.rstrip(".") for r in names["ranks"]}
        if all(w in ranks for w in words):
            return True
        if set(words) & set(names["not_name_words"]):
            return True
        if len(words) > 1 and words[-1] in knowledge.words("organisations", "heads"):
            m.label = "ORG"  # "Fostering Network": a body's head word ends it
        elif len(words) > 1 and doc[m.start].tag_ == "VBG" and doc[m.start].is_sent_start:
            m.start += 1  # "Questioning Smith": a heading's verb
            m.text = doc[m.start:m.end].text
    return False


def _retype(mentions: list[RawMention], doc) -> None:
    """Labels the context settles: a name after "the capital of" is a place; a lone given name after
    "his wife" or the given name of a person named in full is that person."""
    toks = tokens(doc)
    names = knowledge.lexicon()["names"]
    firsts: dict[str, set[str]] = {}
    lasts = set()
    for m in mentions:
        words = _strip_titles(m.text).split()
        if m.label == "PERSON" and len(words) > 1:
            firsts.setdefault(fold(words[0]), set()).add(person_key(" ".join(words)))
            lasts.add(fold(words[-1]))
    for m in mentions:
        if m.start >= 2 and toks[m.start - 1].lower_ == "of" and toks[m.start - 2].lemma_ in names["place_nouns"] \
                and m.label in ("PERSON", "ORG") and not place_or_body(m.text):
            m.label = "GPE"
        if " " in m.text or m.label not in ("PERSON", "ORG", "GPE", "LOC") or place_or_body(m.text):
            continue
        full = firsts.get(fold(m.text), set())
        if len(full) == 1 and fold(m.text) not in lasts:
            m.label, m.full = "PERSON", next(o.text for o in mentions if o.label == "PERSON"
                                             and person_key(_strip_titles(o.text)) in full)
        elif m.start and toks[m.start - 1].lower_ in names["kin"]:
            m.label = "PERSON"


def _looks_like_person(m: RawMention, surnames: set[str]) -> bool:
    """'Vidal' or 'Tomas Vidal' tagged as a place or body, when the text names a person so."""
    words = m.text.split()
    return (len(words) <= 3 and all(w[:1].isupper() for w in words) and fold(words[-1]) in surnames
            and not _AGENCY_WORDS.search(m.text))


def _acts_like_person(m: RawMention, doc) -> bool:
    """'Kenji Sato spoke': a two- or three-word name tagged as a place, that speaks or travels like a person."""
    span = doc[m.start:m.end]
    verbs = knowledge.words("speech", "verbs") | knowledge.words("names", "person_verbs")
    return (m.label in ("GPE", "LOC") and 2 <= len(span) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in span)
            and span.root.dep_ == "nsubj" and span.root.head.lemma_ in verbs
            and fold(m.text) not in knowledge.capitals())


def _after_honorific(doc, m: RawMention, honorifics: set[str]) -> bool:
    """'Mr Hale', 'Mrs Ruiz': a name after an honorific is a person, whatever the tagger said."""
    toks = tokens(doc)
    first = fold(toks[m.start].text).rstrip(".")
    before = fold(toks[m.start - 1].text).rstrip(".") if m.start else ""
    return first in honorifics or before in honorifics


def _kind(m: RawMention) -> str:
    """The class of a name the gazetteer does not know, from its words, then from the tagger's label."""
    words = fold(m.name).split()
    places = knowledge.lexicon()["places"]
    bodies = knowledge.words("organisations", "heads")
    if len(words) > 1 and bodies & set(words):
        if words[-1] == "party":
            return "PoliticalParty"
        if re.search(r"\b(ministry|department|agency|administration|command)\b", m.name, re.I):
            return "GovernmentAgency"
        return "Organisation"
    if words and (words[0] in places["facility_first"] or (len(words) > 1 and words[-1] in places["facility_last"])):
        return "Place"
    if m.label == "GPE":
        return "City" if fold(m.name) in knowledge.capitals() else "Place"
    if m.label in ("LOC", "FAC"):
        return "Place"
    if "government" in words:
        return "Government"
    return "Organisation"


def _acronym_definitions(mentions: list[RawMention], doc) -> dict[str, tuple[str, str, str]]:
    """'Office of Fair Trading (OFT)', 'Ruritanian Council of Water Research or RCWR'."""
    out = {}
    for m in mentions:
        if m.label != "ORG":
            continue
        nxt = doc[m.end: m.end + 3]
        if len(nxt) >= 2 and nxt[0].text in ("(", "or") and is_acronym_of(nxt[1].text, m.text):
            name = re.sub(r"^the\s+", "", m.text, flags=re.I)
            found = place_or_body(name) or ("org/" + slug(name), name, "Organisation")
            out[nxt[1].text] = found
    return out


def _merge_persons(mentions: list[RawMention]) -> None:
    persons = [m for m in mentions if m.kind == "Person"]
    names = [_strip_titles(m.full or m.text) for m in persons]
    fulls = cluster_persons(names)
    groups: dict[str, list[str]] = {}
    for name, full in zip(names, fulls):
        groups.setdefault(full, []).append(name)
    for m, full in zip(persons, fulls):
        m.key = person_key(full)
        m.name = best_label(groups[full])


@lru_cache(maxsize=1 << 14)
def _strip_titles(text: str) -> str:
    """'President Reed' -> 'Reed'; 'Mr. Hale' keeps its honorific for the clusterer to drop;
    'Analysing Mr Brown' (a capitalised word the tagger took in) -> 'Mr Brown'."""
    words = text.split()
    honorifics = _honorific_set()
    inner = [i for i, w in enumerate(words[:-1]) if i > 0 and w.lower().rstrip(".") in honorifics]
    if inner:
        words = words[inner[-1]:]
    titles = _title_set()
    while len(words) > 1 and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    return " ".join(words)
