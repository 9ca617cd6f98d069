"""Knowledge kept as data in kg/data/: the gazetteer (countries, bodies) and the cue lexicon."""
from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    name: str
    official: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    capital_wikidata: str
    iso2: str
    iso3: str
    wikidata: str
    kind: str            # state, observer, territory or region
    ambiguous: str       # "name": the bare name is not linked ("Georgia"); "pattern": not pre-tagged ("Chad")

    @cached_property
    def key(self) -> str:
        return "place/" + (self.wikidata or slug(self.name))


@dataclass(frozen=True)
class Body:
    name: str
    aliases: tuple[str, ...]
    kind: str
    wikidata: str
    country: str = ""    # for a name other countries' bodies share ("Democratic Party"): whose this one is

    @cached_property
    def key(self) -> str:
        return "org/" + (self.wikidata or slug(self.name))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents, a leading 'the' and outer punctuation: the key for lookups.

    >>> fold("The  Côte d'Ivoire")
    "cote d'ivoire"
    """
    text = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _SPACES.sub(" ", text.lower()).strip(" .,;:'\"")
    return _LEADING_THE.sub("", text)


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """A stable IRI-safe slug for a name.

    >>> slug("Steve Valdez-Symonds")
    'steve-valdez-symonds'
    """
    return _NON_SLUG.sub("-", fold(text)).strip("-") or "x"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _rows(name: str) -> list[dict]:
    text = resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def countries() -> tuple[Country, ...]:
    """Every country and territory of the gazetteer."""
    return tuple(Country(r["name"], r["official"], _split(r["aliases"]), _split(r["demonyms"]), _split(r["capital"]),
                         r["capital_wikidata"], r["iso2"], r["iso3"], r["wikidata"], r["kind"], r["ambiguous"])
                 for r in _rows("countries.csv"))


@cache
def bodies() -> tuple[Body, ...]:
    """Every organisation of the gazetteer."""
    return tuple(Body(r["name"], _split(r["aliases"]), r["class"], r["wikidata"], r.get("country") or "")
                 for r in _rows("organisations.csv"))


@cache
def country_names() -> dict[str, Country]:
    """Folded name, official name or alias -> country; an ambiguous bare name ('Georgia') is left out."""
    out: dict[str, Country] = {}
    for c in countries():
        names = [c.official, *c.aliases] + ([] if c.ambiguous == "name" else [c.name])
        for n in names:
            if n:
                out.setdefault(fold(n), c)
    return out


@cache
def demonyms() -> dict[str, Country]:
    """Folded demonym or adjective -> country ('british' -> United Kingdom); one shared by two
    countries ('Congolese') is left out."""
    seen: dict[str, list[Country]] = {}
    for c in countries():
        for d in c.demonyms:
            seen.setdefault(fold(d), []).append(c)
    return {d: cs[0] for d, cs in seen.items() if len(cs) == 1}


@cache
def capitals() -> dict[str, Country]:
    """Folded capital name -> its country (a state's before a territory's: London is the UK's)."""
    out: dict[str, Country] = {}
    for c in sorted(countries(), key=lambda c: c.kind not in ("state", "observer")):
        for cap in c.capitals:
            out.setdefault(fold(cap), c)
    return out


@cache
def _ambiguous_capitals() -> frozenset[str]:
    return frozenset(fold(a) for a in lexicon()["gazetteer"]["ambiguous_capitals"])


def capital_city(name: str) -> tuple[str, str] | None:
    """(key, label) of a capital city the gazetteer links to Wikidata; None for an unknown or
    ambiguous name ('Washington' is also a state and a surname).

    >>> capital_city("Kiev")
    ('place/Q1899', 'Kyiv')
    """
    country = capitals().get(fold(name))
    if country is None or not country.capital_wikidata or fold(name) in _ambiguous_capitals():
        return None
    return "place/" + country.capital_wikidata, country.capitals[0]


@cache
def body_by_key() -> dict[str, Body]:
    """Entity key -> the first body of the gazetteer with that key."""
    out: dict[str, Body] = {}
    for b in bodies():
        out.setdefault(b.key, b)
    return out


@cache
def body_names() -> dict[str, Body]:
    """Folded name or acronym -> body."""
    return {fold(n): b for b in bodies() for n in (b.name, *b.aliases)}


@cache
def short_names() -> dict[str, tuple[tuple[Body, str], ...]]:
    """Folded bare name -> (body, country) pairs: "Senate" stands for the United States Senate where
    the text names the United States (an empty country: wherever it is used, "Tories")."""
    by_name = {b.name: b for b in bodies()}
    out: dict[str, list[tuple[Body, str]]] = {}
    for r in _rows("short_names.csv"):
        out.setdefault(fold(r["name"]), []).append((by_name[r["body"]], r["country"]))
    return {name: tuple(pairs) for name, pairs in out.items()}


def wikidata_id(key: str) -> str | None:
    """The Wikidata id an entity key was minted from, if any.

    >>> wikidata_id("place/Q38"), wikidata_id("person/keir-starmer")
    ('Q38', None)
    """
    last = key.rsplit("/", 1)[-1]
    return last if re.fullmatch(r"Q[1-9][0-9]*", last) else None


@cache
def lexicon() -> dict:
    """The cue lexicon (kg/data/lexicon.toml)."""
    text = resources.files("kg").joinpath("data", "lexicon.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def words(section: str, key: str) -> frozenset[str]:
    """One list of the lexicon as a set, built once: `words("modality", "modals")`."""
    return frozenset(lexicon()[section][key])


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


@cache
def opinion_lexicon() -> dict[str, float]:
    """Word -> valence (-4 .. +4) from the shipped opinion lexicon (data/opinion_lexicon.toml)."""
    text = resources.files("kg").joinpath("data", "opinion_lexicon.toml").read_text(encoding="utf-8")
    pairs = (line.rsplit(" ", 1) for line in tomllib.loads(text)["entries"].splitlines() if line.strip())
    return {word: float(value) for word, value in pairs}


@cache
def us_states() -> dict[str, str]:
    """Folded US state name or abbreviation ('Calif.', 'Calif') -> the state's name."""
    out = {}
    for row in _rows("us_states.csv"):
        for name in (row["name"], *_split(row["abbreviations"])):
            out[fold(name)] = row["name"]
            out[fold(name.rstrip("."))] = row["name"]
    return out
