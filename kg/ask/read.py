"""Reading a question: its dates, the entities it names and what its other words say, from
kg/data/ask.toml (and the stance and agreement cues of lexicon.toml)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .. import knowledge
from ..errors import CannotAnswer
from .names import Entity, Names

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
                   r"|" + _MONTH + r",?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|(?:1[89]|20)\d{2})\b", re.I)
MAX_NAME = 8   # words in the longest name looked up


@cache
def vocabulary() -> dict:
    """kg/data/ask.toml as read."""
    return tomllib.loads(resources.files("kg").joinpath("data", "ask.toml").read_text(encoding="utf-8"))


@cache
def phrases() -> dict[tuple[str, ...], frozenset[tuple]]:
    """Every word or phrase kg knows in a question (as a tuple of lower-cased lemmas) -> what it says:
    ("wh", w), ("filler",), ("count",), ("cue", kind) or ("cue", "stances", polarity), ("lead",),
    ("class", class), ("unsupported", why), ("status", s)."""
    v, lexicon = vocabulary(), knowledge.lexicon()
    out: dict[tuple[str, ...], set[tuple]] = {}

    def add(words, tag):
        for w in words:
            out.setdefault(tuple(w.lower().split()), set()).add(tag)

    add(v["words"]["wh"], None)
    for w in v["words"]["wh"]:
        out[(w,)] = {("wh", w)}
    add(v["words"]["filler"], ("filler",))
    add(v["words"]["count"], ("count",))
    add(v["words"]["evidence"], ("evidence",))
    add(v["words"]["things"], ("filler",))
    for name, cls in v["classes"].items():
        add([name], ("class", cls))
    for name, why in v["unsupported"].items():
        add([name], ("unsupported", why))
    for kind, spec in v["kinds"].items():
        add(spec.get("cues", []), ("cue", kind))
    stances = v["kinds"]["stances"]
    skip = set(stances["not_cues"])
    for polarity in ("positive", "negative"):
        words = [*lexicon["stance"][polarity], *lexicon["stance"][f"{polarity}_adjectives"], *stances[polarity]]
        add([w for w in words if w not in skip], ("cue", "stances", polarity))
    roles = v["kinds"]["roles"]
    add(roles["lead"], ("lead",))
    agreements = v["kinds"]["agreements"]
    add(lexicon["agreement"]["nouns"], ("cue", "agreements"))
    add(agreements["status_words"], ("filler",))
    for status in agreements["statuses"]:
        add([status], ("status", status))
    for words, tags in out.items():
        tags.discard(None)
    return {words: frozenset(tags) for words, tags in out.items()}


@cache
def title_words() -> frozenset[tuple[str, ...]]:
    """Role titles kg knows (lexicon.toml [roles] titles and the leaders' titles), as lower-cased word tuples."""
    titles = {t for t in knowledge.role_titles()}
    titles |= {tuple(t.lower().split()) for t in vocabulary()["kinds"]["roles"]["lead_titles"]}
    return frozenset(tuple(w.lower() for w in t) for t in titles)


@dataclass
class Mention:
    """Words of the question that name something in the graph: one entity, or candidates to choose from."""
    start: int
    end: int
    text: str
    entities: tuple[Entity, ...]

    @property
    def entity(self) -> Entity:
        return self.entities[0]


@dataclass
class Reading:
    """What kg read in a question: word by word, what each says."""
    words: list                       # kg.extract.nlp.Word
    mentions: list[Mention] = field(default_factory=list)
    tags: list[frozenset] = field(default_factory=list)    # per word; empty for a name's words
    date: str | None = None
    date_text: str = ""
    titles: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def has(self, *tag) -> bool:
        return any(tag == t[: len(tag)] for tags in self.tags for t in tags)

    def first(self, *tag) -> tuple | None:
        return next((t for tags in self.tags for t in tags if tag == t[: len(tag)]), None)

    def index(self, *tag) -> int | None:
        """The first word with this tag."""
        return next((i for i, tags in enumerate(self.tags) if any(tag == t[: len(tag)] for t in tags)), None)

    @property
    def wh(self) -> str | None:
        found = self.first("wh")
        return found[1] if found else None


def read_question(words: list, text: str, names: Names) -> Reading:
    """Read each word of a question: its date, its names, its known words; the rest is unknown."""
    reading = Reading(words, tags=[frozenset()] * len(words))
    used = [False] * len(words)
    _read_date(reading, text, used)
    _read_names(reading, text, names, used)
    _read_agreements(reading, names)
    _read_words(reading, used, names.titles)
    return reading


def _read_date(reading: Reading, text: str, used: list[bool]) -> None:
    from ..extract.timex import resolve

    for m in _DATE.finditer(text):
        found = resolve(m.group(0), None)
        if not found:
            continue
        if reading.date and reading.date != found.value:
            raise CannotAnswer(f"kg read two dates, {reading.date_text} and {m.group(0)}; ask about one date or period")
        reading.date, reading.date_text = found.value, m.group(0)
        for i, w in enumerate(reading.words):
            if w.start >= m.start() and w.end <= m.end():
                used[i] = True
                reading.tags[i] = frozenset({("date",)})


def _known(word) -> bool:
    return (word.lemma.lower(),) in phrases() or (word.text.lower(),) in phrases()


def _read_names(reading: Reading, text: str, names: Names, used: list[bool]) -> None:
    words, i = reading.words, 0
    while i < len(words):
        found = None
        for j in range(min(len(words), i + MAX_NAME), i, -1):
            if any(used[i:j]) or not words[i].text[0].isalnum() or not words[j - 1].text[-1].isalnum():
                continue
            if j - i == 1 and words[i].text.islower() and _known(words[i]):
                continue   # "us", "head": a word of the question unless written as a name
            span = text[words[i].start: words[j - 1].end]
            entities = names.find(span)
            if entities:
                found = Mention(i, j, span, tuple(sorted(entities, key=lambda e: e.label)))
                break
        if found:
            reading.mentions.append(found)
            for k in range(found.start, found.end):
                used[k] = True
            i = found.end
        else:
            i += 1


def _read_agreements(reading: Reading, names: Names) -> None:
    """'the EU-Tunisia deal', 'the Albania agreement': the graph's agreements of those parties."""
    nouns = {n.lower() for n in knowledge.lexicon()["agreement"]["nouns"]}
    words, out, k = reading.words, [], 0
    mentions = reading.mentions
    while k < len(mentions):
        group, end = [mentions[k]], mentions[k].end
        while (k + len(group) < len(mentions) and mentions[k + len(group)].start in (end + 1,)
               and words[end].text.lower() in ("-", "\u2013", "\u2014", "and", "/")):
            group.append(mentions[k + len(group)])
            end = group[-1].end
        if end < len(words) and words[end].lemma.lower() in nouns and all(len(m.entities) == 1 for m in group):
            wanted = {m.entity.iri for m in group}
            agreements = tuple(sorted((a for a, p in names.parties.items() if wanted <= p), key=lambda a: a.label))
            if agreements:
                text = " ".join(m.text for m in group) + " " + words[end].text
                out.append(Mention(group[0].start, end + 1, text, agreements))
                k += len(group)
                continue
        out.append(mentions[k])
        k += 1
    reading.mentions = out


def _read_words(reading: Reading, used: list[bool], graph_titles: set[str]) -> None:
    """Tag the words that are no name: phrases first, longest first; the rest is unknown."""
    words, known = reading.words, phrases()
    for m in reading.mentions:
        for k in range(m.start, m.end):
            used[k] = True
    titles, i = title_words() | {tuple(t.lower().split()) for t in graph_titles}, 0
    unknown: list[list[str]] = []
    while i < len(words):
        if used[i]:
            i += 1
            continue
        for j in range(min(len(words), i + 5), i, -1):
            if any(used[i:j]):
                continue
            lemmas = tuple(w.lemma.lower() for w in words[i:j])
            lower = tuple(w.text.lower() for w in words[i:j])
            tags = known.get(lemmas, frozenset()) | known.get(lower, frozenset())
            if (lower in titles or lemmas in titles) and not any(tag[0] == "lead" for tag in tags):
                tags |= {("title", " ".join(lower if lower in titles else lemmas))}
            if tags:
                for k in range(i, j):
                    reading.tags[k] = frozenset(tags) if k == i else frozenset({("filler",)})
                    used[k] = True
                i = j
                break
        else:
            if any(c.isalnum() for c in words[i].text):
                if unknown and unknown[-1][0] == i - 1:
                    unknown[-1] = [i, unknown[-1][1] + " " + words[i].text]
                else:
                    unknown.append([i, words[i].text])
            i += 1
    reading.unknown = [text for _, text in unknown]
    reading.titles = [t[1] for tags in reading.tags for t in tags if t[0] == "title"]

