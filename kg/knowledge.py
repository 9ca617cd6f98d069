"""Knowledge kept as data in kg/data/: the gazetteer (countries, bodies) and the cue lexicon."""
from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    iso2: str
    ambiguous: bool


@dataclass(frozen=True)
class Body:
    name: str
    aliases: tuple[str, ...]
    kind: str


def fold(text: str) -> str:
    """Lower-case, strip accents, a leading 'the' and outer punctuation: the key for lookups.

    >>> fold("The  Côte d'Ivoire")
    "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text.lower()).strip(" .,;:'\"")
    return re.sub(r"^the ", "", text)


def slug(text: str) -> str:
    """A stable IRI-safe slug for a name.

    >>> slug("Steve Valdez-Symonds")
    'steve-valdez-symonds'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _rows(name: str) -> list[dict]:
    text = resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the gazetteer."""
    return tuple(Country(r["name"], _split(r["aliases"]), _split(r["demonyms"]),
                         _split(r["capital"]), r["iso2"], r["ambiguous"] == "yes")
                 for r in _rows("countries.csv"))


@cache
def bodies() -> tuple[Body, ...]:
    """Every organisation of the gazetteer."""
    return tuple(Body(r["name"], _split(r["aliases"]), r["class"]) for r in _rows("organisations.csv"))


@cache
def country_names() -> dict[str, Country]:
    """Folded name or alias -> country."""
    return {fold(n): c for c in countries() for n in (c.name, *c.aliases)}


@cache
def demonyms() -> dict[str, Country]:
    """Folded demonym or adjective -> country ('british' -> United Kingdom)."""
    return {fold(d): c for c in countries() for d in c.demonyms}


@cache
def capitals() -> dict[str, Country]:
    """Folded capital name -> its country."""
    return {fold(cap): c for c in countries() for cap in c.capitals}


@cache
def body_names() -> dict[str, Body]:
    """Folded name or acronym -> body."""
    return {fold(n): b for b in bodies() for n in (b.name, *b.aliases)}


@cache
def lexicon() -> dict:
    """The cue lexicon (kg/data/lexicon.toml)."""
    text = resources.files("kg").joinpath("data", "lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def role_titles() -> tuple[tuple[str, ...], ...]:
    """Role titles as token tuples, longest first."""
    titles = {tuple(t.split()) for t in lexicon()["roles"]["titles"]}
    return tuple(sorted(titles, key=lambda t: (-len(t), -len(' '.join(t)), t)))


@dataclass(frozen=True)
class Office:
    person: str
    titles: tuple[str, ...]
    organisation: str


@cache
def offices() -> tuple[Office, ...]:
    """Well-known offices (heads of state and government, heads of international bodies)."""
    return tuple(Office(r["name"], _split(r["titles"]), r["organisation"]) for r in _rows("leaders.csv"))
