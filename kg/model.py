"""Plain frozen dataclasses passed between the stages: read -> extract -> resolve -> emit.

Entities are referred to by key ('person/keir-starmer', 'place/italy', 'org/european-union'):
a stable, human-readable name from which rdf.py mints the IRI.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    id: str                      # content hash: the same text gives the same id anywhere
    title: str
    text: str                    # the whole file, headline included; offsets point into it
    published: str | None        # ISO date, or None when unknown
    source: str                  # where it came from: a file name, a record, a web address, an archive record
    dateline: str | None = None  # "ROME" in "ROME (Reuters) - ..."
    publisher: str | None = None  # the agency of the dateline, or the site a page came from
    url: str | None = None        # the page's canonical address, for an article read from the web
    authors: tuple[str, ...] = ()  # the by-line of a web page


@dataclass(frozen=True)
class Evidence:
    """A sentence of an article that supports a fact: its text and character offsets."""
    article: str
    begin: int
    end: int
    sentence: str


@dataclass(frozen=True)
class TimeRef:
    """A date resolved against the article: ISO value, its XSD type, the original words."""
    value: str
    datatype: str                # "date", "gYearMonth" or "gYear"
    text: str


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    kind: str                    # ontology class: Person, Country, City, Place, Organisation ...
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    entity: str
    text: str
    begin: int
    end: int
    evidence: Evidence


@dataclass(frozen=True)
class Topic:
    """Something a stance is about that is not a named entity ("the Albania plan")."""
    key: str
    label: str


@dataclass(frozen=True)
class Role:
    person: str
    title: str                   # "" for an affiliation without a title
    organisation: str | None
    former: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Meeting:
    participants: tuple[str, ...]
    kind: str                    # the cue: "meeting", "talks", "phone call" ...
    places: tuple[str, ...]
    date: TimeRef | None
    status: str                  # "held" or "scheduled"
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Visit:
    person: str
    place: str
    date: TimeRef | None
    cue: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Agreement:
    key: str
    label: str                   # "Italy–Albania agreement"
    kind: str                    # the noun: agreement, deal, treaty ...
    parties: tuple[str, ...]
    status: str | None
    date: TimeRef | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    begin: int                   # offsets of the quoted words in the article
    end: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Stance:
    source: str
    polarity: str                # "positive" or "negative"
    target: str                  # an entity, topic or agreement key
    cue: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article."""
    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    topics: tuple[Topic, ...] = ()
    roles: tuple[Role, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    visits: tuple[Visit, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    quotes: tuple[Quote, ...] = ()
    stances: tuple[Stance, ...] = ()


def to_json(value) -> str:
    """A dataclass (an Extraction and all it holds) as JSON text."""
    return json.dumps(dataclasses.asdict(value), ensure_ascii=False, sort_keys=True)


def from_json(cls, text: str):
    """The dataclass of type cls that to_json wrote; raises ValueError or TypeError on anything else."""
    return _reader(cls)(json.loads(text))


def from_dict(cls, value: dict):
    """The dataclass of type cls from the JSON object to_json wrote (already parsed)."""
    return _reader(cls)(value)


@functools.cache
def _reader(kind):
    """A function that turns JSON values into `kind`, checking types; made once per type."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _reader(next(a for a in args if a is not type(None)))
        optional = type(None) in args
        return lambda value: None if value is None and optional else inner(value)
    if origin is tuple:
        readers = [_reader(a) for a in args if a is not Ellipsis]

        def read_tuple(value):
            if not isinstance(value, list):
                raise TypeError(f"expected a list, not {type(value).__name__}")
            if len(args) == 2 and args[1] is Ellipsis:
                return tuple(map(readers[0], value))
            return tuple(r(v) for r, v in zip(readers, value))
        return read_tuple
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _reader(hints[f.name])) for f in dataclasses.fields(kind)]

        def read_object(value):
            if not isinstance(value, dict):
                raise TypeError(f"expected an object for {kind.__name__}")
            return kind(**{name: read(value[name]) for name, read in fields})
        return read_object
    if kind in (str, int, bool):
        def read_plain(value):
            if not isinstance(value, kind):
                raise TypeError(f"expected {kind.__name__}, not {type(value).__name__}")
            return value
        return read_plain
    return lambda value: value
