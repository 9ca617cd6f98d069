"""Merging names into entities: persons' short and full names, gazetteer names, acronyms.

Pure functions over strings, so they are tested without a language model.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import knowledge
from ..knowledge import fold, slug


@lru_cache(maxsize=1 << 16)
def person_tokens(name: str) -> list[str]:
    """A person's name as folded tokens, honorifics dropped.

    >>> person_tokens("Mr. Tom J. Hale")
    ['tom', 'j', 'hale']
    >>> person_tokens("Lt Col Anna Berg")
    ['anna', 'berg']
    >>> person_tokens("Mr Major")     # a surname that is also a rank stays
    ['major']
    """
    return list(_person_tokens(name))


@lru_cache(maxsize=1 << 16)
def _person_tokens(name: str) -> tuple[str, ...]:
    roles = knowledge.lexicon()["roles"]
    honorifics = {h.rstrip(".") for h in (*roles["honorifics"], *knowledge.lexicon()["names"]["ranks"])}
    suffixes = {h.rstrip(".") for h in roles["suffixes"]}
    tokens = [t for t in (t.strip(".,") for t in fold(name).split()) if t]
    while len(tokens) > 1 and tokens[0] in honorifics:   # a title or rank only before a name
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in suffixes:
        tokens = tokens[:-1]
    return tuple(tokens)


@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> str:
    """The key of a person: first and last name, so middle names and initials do not split one person.

    >>> person_key("Tom J. Hale") == person_key("Tom Hale")
    True
    """
    tokens = person_tokens(name)
    core = [tokens[0], tokens[-1]] if len(tokens) > 1 else tokens
    return "person/" + slug(" ".join(core))


def is_short_form(short: str, full: str) -> bool:
    """Whether `short` names the same person as `full` ("Hale", "Mr Haddad", "Bin Zayed").

    >>> is_short_form("Mr Haddad", "Omar Karim al-Haddad")
    True
    >>> is_short_form("Mr Ruiz", "Ana Ruiz Vidal")
    True
    >>> is_short_form("Mr Major", "John Major")
    True
    >>> is_short_form("Tom", "Tom Hale")
    False
    """
    s, f = _person_tokens(short), _person_tokens(full)
    if not s or len(s) >= len(f):
        return False
    rest = f[1:]
    if any(rest[i:i + len(s)] == s for i in range(len(rest) - len(s) + 1)):
        return True
    last = f[-1]
    for particle in ("al-", "el-"):
        if last.startswith(particle) and len(s) == 1 and s[0] in (last[len(particle):], last):
            return True
    return False


def cluster_persons(names: list[str]) -> list[str]:
    """For each person name (in reading order), the full name it stands for.

    A short name goes to the most recent full name it fits before it. Before any, it goes to the
    full name it fits later, if only one fits, or if one of those the article names clearly more
    often than the others: a headline's "Howard" is the Michael Howard the article is about, not
    the John Howard it names once. Otherwise it stands for itself.

    >>> cluster_persons(["Tom Hale", "Hale", "Mr. Hale"])[2]
    'Tom Hale'
    """
    fulls = {n for n in names if len(person_tokens(n)) > 1}
    out: list[str | None] = []
    for i, name in enumerate(names):
        before = [f for f in names[:i] if f in fulls and is_short_form(name, f)]
        out.append(before[-1] if before else name if name in fulls else None)
    weight = Counter(person_key(f) for f in out if f in fulls)
    for i, name in enumerate(names):
        if out[i] is None:
            later = {}
            for f in names[i + 1:]:
                if f in fulls and is_short_form(name, f):
                    later.setdefault(person_key(f), f)  # the first form of each person
            ranked = sorted(later, key=lambda k: -weight[k])
            clear = len(ranked) == 1 or (ranked and weight[ranked[0]] > weight[ranked[1]])
            out[i] = later[ranked[0]] if clear else name
    return out


def best_label(names: list[str]) -> str:
    """The label for an entity named several ways: the most frequent of the longest forms.

    >>> best_label(["Hale", "Tom Hale", "Tom Hale"])
    'Tom Hale'
    """
    stripped = [" ".join(n.split()) for n in names]
    top = max(len(person_tokens(n)) for n in stripped)
    longest = [n for n in stripped if len(person_tokens(n)) == top]
    honorifics = {h.rstrip(".") for h in knowledge.lexicon()["roles"]["honorifics"]}
    longest = [re.sub(r"^(?:(?:%s)\.?\s+)+" % "|".join(map(re.escape, honorifics)), "", n, flags=re.I) for n in longest]
    return max(longest, key=lambda n: (longest.count(n), -longest.index(n)))


def place_or_body(text: str) -> tuple[str, str, str] | None:
    """(key, label, class) from the gazetteer for a country, capital or body name, else None.

    >>> place_or_body("Britain")
    ('place/Q145', 'United Kingdom', 'Country')
    """
    name = fold(text)
    if name in knowledge.country_names():
        country = knowledge.country_names()[name]
        return country.key, country.name, "Country"
    if name in knowledge.body_names():
        body = knowledge.body_names()[name]
        return body.key, body.name, body.kind
    return None


def demonym_country(text: str) -> tuple[str, str, str] | None:
    """The country a demonym or adjective stands for ('Italian' -> Italy), else None."""
    country = knowledge.demonyms().get(fold(text))
    if country is None:
        return None
    return country.key, country.name, "Country"


def is_acronym_of(acronym: str, name: str) -> bool:
    """Whether an all-capitals word abbreviates a name ('RCWR', 'Ruritanian Council of Water Research').

    >>> is_acronym_of("FDA", "Food and Drug Administration")
    True
    """
    if not re.fullmatch(r"[A-Z][A-Z.&]{1,9}", acronym):
        return False
    letters = acronym.replace(".", "").replace("&", "")
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())
    return letters == initials or (len(letters) >= 2 and letters in initials)
