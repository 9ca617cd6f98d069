"""What every fact extractor reads: the parse, its resolved entity mentions, quotes and dates."""
from __future__ import annotations

import re
from datetime import date

from .. import knowledge
from ..knowledge import fold, slug
from ..model import Article, Entity, Evidence, Mention, TimeRef
from .timex import parse_iso, resolve
from .entities import RawMention, classify, doc_text, raw_mentions, tokens

SUBJECT_PRONOUNS = {"he", "she", "his", "her", "him"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
_MARKS = re.compile(r"[\u201c\u201d\"]|\n")


class Reader:
    """One parsed article: entities by token, pronouns and titles resolved, quotes located."""

    def __init__(self, doc, article: Article):
        self.doc = doc
        self.text: str = doc_text(doc)   # spaCy joins the tokens on every read of doc.text: read it once
        self.tokens: list = tokens(doc)   # spaCy makes a new Token on every doc[i]: make each once
        self.article = article
        self.anchor: date | None = parse_iso(article.published) if article.published else None
        headline_end = headline_end_of(article)
        self.mentions: list[RawMention] = _trust_headline(classify(raw_mentions(doc), doc), doc, article, headline_end)
        _capitals_as_governments(self.mentions, doc)
        self.by_token: dict[int, RawMention] = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self.sentences = list(doc.sents)
        self.sentence_number = {sent.start: n for n, sent in enumerate(self.sentences)}
        self._sentence_of = [n for n, sent in enumerate(self.sentences) for _ in range(sent.start, sent.end)]
        self._evidence: dict[int, Evidence] = {}
        self._roots: dict[tuple[int, int], object] = {}
        self._sentence_ents: dict[int, list] = {}
        self._ents = None
        # a Title Case headline misleads the parser: its facts are not read (the body repeats them)
        self.body_start = next((t.i for t in doc if t.idx >= headline_end), len(doc)) if is_title_case(article.title) else 0
        self.quotes: list[tuple[int, int]] = quote_spans(self.text)
        self.quote_speakers: dict[tuple[int, int], str] = {}   # filled by the quote extractor
        self.quote_dates: dict[tuple[int, int], TimeRef] = {}
        self.roles: list = []                                  # filled by the role extractor
        self.topics: dict[str, str] = {}
        self.groups: dict[str, str] = {}
        self.agreement_tokens: dict[int, str] = {}
        self.known: dict[str, tuple[str, str]] = {}

    def sentence_index(self, i: int) -> int:
        """The number of the sentence token i is in (as sentence_number[doc[i].sent.start])."""
        return self._sentence_of[i]

    def sentence_ents(self, token) -> list:
        """token.sent.ents, found once per sentence."""
        n = self._sentence_of[token.i]
        if n not in self._sentence_ents:
            if self._ents is None:
                self._ents = self.doc.ents
            sent, out = self.sentences[n], []
            for ent in self._ents:
                if ent.start >= sent.start:
                    if ent.end <= sent.end:
                        out.append(ent)
                    else:
                        break
            self._sentence_ents[n] = out
        return self._sentence_ents[n]

    def root_of(self, start: int, end: int):
        """doc[start:end].root, found once per span."""
        key = (start, end)
        if key not in self._roots:
            self._roots[key] = self.doc[start:end].root
        return self._roots[key]

    def body(self):
        """The tokens facts are read from: all of them, or all after a Title Case headline."""
        return self.tokens[self.body_start:]

    # ------------------------------------------------------------------ entities

    def entities(self) -> list[Entity]:
        """One Entity per key, with its label, class and the other names used for it."""
        by_key: dict[str, list[RawMention]] = {}
        for m in self.mentions:
            by_key.setdefault(m.key, []).append(m)
        out = [Entity(key, ms[0].name, ms[0].kind, tuple(sorted({m.text for m in ms} - {ms[0].name})))
               for key, ms in by_key.items()]
        out += [Entity(key, label, "Group") for key, label in self.groups.items()]
        out += [Entity(key, label, kind) for key, (label, kind) in self.known.items() if key not in by_key]
        return out

    def add_entity(self, key: str, label: str, kind: str) -> None:
        """An entity a fact needs that the text does not name, taken from the shipped knowledge."""
        self.known[key] = (label, kind)

    def entity_mentions(self) -> list[Mention]:
        return [Mention(m.key, m.text, self.tokens[m.start].idx, self.tokens[m.end - 1].idx + len(self.tokens[m.end - 1].text),
                        self.evidence(self.tokens[m.start])) for m in self.mentions]

    def kind(self, key: str) -> str:
        for m in self.mentions:
            if m.key == key:
                return m.kind
        return "Group" if key in self.groups else ""

    def label(self, key: str) -> str:
        for m in self.mentions:
            if m.key == key:
                return m.name
        return self.groups.get(key) or self.topics.get(key) or self.known.get(key, (key,))[0]

    def entity_of(self, token) -> str | None:
        """The entity a token names or refers to: a mention, a pronoun, or a title ('the US President')."""
        if token.i in self.by_token:
            return self.by_token[token.i].key
        lower = token.lower_
        if lower in FIRST_PERSON:
            return self.quote_speaker_at(token.idx)
        if lower in SUBJECT_PRONOUNS:
            return self.resolve_pronoun(token)
        if lower in ("its", "it") and token.dep_ in ("poss", "nsubj"):
            return self.resolve_body(token)
        if lower == "government" and token.dep_ in ("nsubj", "nsubjpass") and \
                [c.lower_ for c in token.children] == ["the"]:
            return self.resolve_body(token, countries_only=True)
        if token.pos_ == "NOUN" or token.pos_ == "PROPN":
            return self.resolve_title(token)
        return None

    def resolve_pair(self, token) -> list[str]:
        """'the two countries', 'the two leaders', 'both sides': the last two of that kind named before."""
        numbers = {c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet")}
        if not ({"two", "both"} & numbers) or token.lemma_ not in ("country", "nation", "leader", "side", "government", "man", "woman"):
            return []
        want = "Person" if token.lemma_ in ("leader", "man", "woman") else "Country"
        found: list[str] = []
        for m in reversed(self.mentions):
            if m.start < token.i and m.kind == want and m.key not in found:
                found.append(m.key)
            if len(found) == 2:
                return found[::-1]
        return []

    def entities_of(self, token) -> list[str]:
        """Entities named by a token and its conjuncts ('Berlin, Paris and Dublin'), looking through
        an apposition ('IMF managing director Christine Lagarde and Jeroen Dijsselbloem')."""
        out = self.resolve_pair(token)
        for t in (token, *token.conjuncts):
            key = self.entity_of(t)
            if not key:
                named = [c for c in t.children if c.dep_ == "appos"]
                for a in named[:1]:
                    out += [k for k in self.entities_of(a) if k not in out]
            if key and key not in out:
                out.append(key)
        return out

    def is_person(self, key: str | None) -> bool:
        return bool(key) and key.startswith("person/")

    def is_place(self, key: str | None) -> bool:
        return bool(key) and self.kind(key) in ("Place", "City", "Country")

    # ------------------------------------------------------------------ coreference

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        for span in self.quotes:
            if span[0] <= offset < span[1]:
                return span
        return None

    def quote_speaker_at(self, offset: int) -> str | None:
        span = self.quote_at(offset)
        return self.quote_speakers.get(span) if span else None

    def resolve_pronoun(self, token) -> str | None:
        """he/she/his/her/him: the most recent person that was a subject; for objects, not the clause's subject."""
        inside = self.quote_at(token.idx)
        exclude = set()
        if inside and self.quote_speakers.get(inside):
            exclude.add(self.quote_speakers[inside])
        if token.dep_ in ("dobj", "pobj", "dative"):
            verb = token.head if token.dep_ != "pobj" else token.head.head
            bound = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if verb.dep_ == "xcomp":  # "invited Maria to meet him": him is not Maria
                bound += [c for c in verb.head.children if c.dep_ == "dobj"]
            exclude.update(self.by_token[c.i].key for c in bound if c.i in self.by_token)
        subjects, anyone = None, None
        for m in reversed(self.mentions):
            if m.start >= token.i or m.kind != "Person" or m.key in exclude:
                continue
            anyone = anyone or m.key
            head = self.doc[m.start:m.end].root
            if head.dep_ in ("nsubj", "nsubjpass") and not subjects:
                subjects = m.key
            if anyone and subjects:
                break
            if self._sentences_between(head, token) > 3:
                break
        if token.dep_ in ("nsubj", "nsubjpass", "poss"):
            return subjects or anyone
        return anyone

    def resolve_body(self, token, countries_only: bool = False) -> str | None:
        """'its': the country or body that was last a subject, in this sentence or the three before;
        'the government': the country that was."""
        for m in reversed(self.mentions):
            if m.start >= token.i or self._sentences_between(self.doc[m.start], token) > 3:
                continue
            head = self.doc[m.start:m.end].root
            fits = m.kind == "Country" if countries_only else (m.kind != "Person" and (self.is_place(m.key) or m.key.startswith("org/")))
            if fits and head.dep_ in ("nsubj", "nsubjpass"):
                return m.key
        return None

    def _sentences_between(self, a, b) -> int:
        """How many sentence starts lie after token a up to token b."""
        return self._sentence_of[b.i] - self._sentence_of[a.i]

    def resolve_title(self, token) -> str | None:
        """'the US President', 'the prime minister': the one person the article gives that title."""
        if not any(c.lower_ == "the" for c in token.children):
            return None
        words = " ".join(t.lower_ for t in token.subtree if t.dep_ in ("compound", "amod") or t.i == token.i)
        matches = {r.person for r in self.roles if r.title and r.title.lower() in words and words.endswith(r.title.lower().split()[-1])}
        if len(matches) == 1:
            return matches.pop()
        return None

    def agent(self, token, person: bool = False) -> str | None:
        """Who does what a token says: the subject of the nearest governing verb, or that subject's
        possessor; with person=True, the nearest such subject that is a person."""
        seen = 0
        while seen < 8:
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                    key = self.entity_of(child)
                    owner = [c for c in child.children if c.dep_ == "poss"]
                    if not key and owner:
                        key = self.entity_of(owner[0])
                    if key and (not person or self.is_person(key)):
                        return key
                    if not person:
                        return None
            if token.head.i == token.i:
                return None
            token = token.head
            seen += 1
        return None

    def group_of(self, token) -> str | None:
        """An unnamed collective ('Italian opposition parties', 'human rights groups') as a group key."""
        heads = knowledge.words("groups", "heads")
        if token.lower_ not in heads or token.tag_ not in ("NNS", "NN"):
            return None
        words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "predet") and t.lower_ not in ("some", "many", "several", "other")]
        if len(words) < 2:
            return None
        label = " ".join(t.text for t in words)
        key = "group/" + slug(label)
        self.groups[key] = label
        return key

    # ------------------------------------------------------------------ evidence, time, places

    def evidence(self, token) -> Evidence:
        """The sentence a token is in, as evidence."""
        n = self._sentence_of[token.i]
        if n not in self._evidence:
            self._evidence[n] = self.sentence_evidence(self.sentences[n])
        return self._evidence[n]

    def sentence_evidence(self, sent) -> Evidence:
        text = self.text[sent.start_char:sent.end_char].rstrip()   # sent.text, without joining its tokens
        return Evidence(self.article.id, sent.start_char, sent.start_char + len(text), text)

    def in_quote(self, token) -> bool:
        return self.quote_at(token.idx) is not None

    def anchor_for(self, token) -> date | None:
        span = self.quote_at(token.idx)
        if span and span in self.quote_dates:
            return parse_iso(self.quote_dates[span].value) or self.anchor
        return self.anchor

    def date_for(self, token) -> TimeRef | None:
        """The date expression that governs a cue in its clause, resolved; a present-progressive event is today."""
        clause = _clause(token)
        best = None
        for ent in self.sentence_ents(token):
            if ent.label_ not in ("DATE", "TIME"):
                continue
            root = ent.root
            if not _dominates(clause, root) or _through(root, clause, {"since", "until", "before", "after", "by", "ago"} - {"ago"}):
                continue
            if self.quote_at(ent.start_char) != self.quote_at(token.idx):
                continue
            if root.dep_ in ("compound", "amod") and root.head.pos_ == "NOUN" and not root.head.ent_type_:
                continue  # "a two-day visit ... on Monday": a duration that qualifies a noun is no time
            if best is None or abs(root.i - token.i) < best[0]:
                best = (abs(root.i - token.i), ent)
        tense = "future" if any(c.lower_ in ("will", "'ll") for c in clause.children) else "past"
        if best:
            return resolve(best[1].text, self.anchor_for(token), tense)
        progressive = clause.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") for c in clause.children)
        if progressive and self.anchor and not self.in_quote(token):
            return TimeRef(self.anchor.isoformat(), "date", clause.text)
        return None

    def places_for(self, token, preps=("in", "at")) -> list[str]:
        """Places introduced by 'in'/'at' on a cue or its clause, most specific first ('at the Villa in Rome')."""
        out = []
        heads = [token, _clause(token)] + [c for c in token.children if c.dep_ == "dobj"]
        for head in heads:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            _place_chain(self, obj, out)
        return out

    def is_hypothetical(self, token, negation: bool = True) -> bool:
        """Negated, modal, conditional or merely wished: 'did not meet', 'should cancel his meeting',
        'if they meet', 'looking forward to speaking', 'stop supporting'."""
        not_facts = knowledge.words("modality", "not_facts")
        modals = knowledge.words("modality", "modals")
        for t in (token, _clause(token)):
            for c in t.children:
                if (negation and c.dep_ == "neg") or (c.dep_ == "aux" and c.lower_ in modals) or (c.dep_ == "mark" and c.lower_ in ("if", "unless")):
                    return True
        return any(a.lemma_ in not_facts for a in _governors(token))

    def is_scheduled(self, token) -> bool:
        """A future or planned event: 'will meet', 'agreed to meet', 'due to meet'."""
        scheduled = knowledge.words("modality", "scheduled")
        clause = _clause(token)
        return (any(c.lower_ in ("will", "'ll", "shall") for c in (*token.children, *clause.children))
                or any(a.lemma_ in scheduled or a.lower_ in scheduled for a in _governors(token)))

    def topic(self, token) -> str:
        """A non-entity target as a topic key, labelled with its noun phrase; a possessive pronoun is
        replaced by whom it refers to ('his message' -> "Donald Trump's message")."""
        owners = {c.i: self.entity_of(c) for c in token.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their")}
        owners = {i: f"{self.label(k)}'s" for i, k in owners.items() if k}
        return self.topic_named(phrase(token, owners))

    def topic_named(self, label: str) -> str:
        key = "topic/" + slug(label)
        self.topics[key] = label
        return key


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The outermost quoted passages (inside the marks). A quote never runs past a line break; an
    opening mark after a sentence's end while a quote is open closes it (the writer left it open);
    any other opening mark inside a quote starts a quotation within it, which stays part of it.

    >>> t = 'He said "We are ready. "We will win," and left. She called it "the "new" plan".'
    >>> [t[a:b] for a, b in quote_spans(t)]
    ['We are ready.', 'We will win,', 'the "new" plan']
    """
    out, depth, start = [], 0, 0

    def close(at: int) -> None:
        out.append((start, start + len(text[start:at].rstrip())))

    for m in _MARKS.finditer(text):
        mark, at = m.group(), m.start()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        straight_open = before.isspace() or before in "([{\u2014\u2013-/"
        if mark == "\n":
            if depth:
                close(at)
            depth = 0
        elif mark == "\u201c" or (mark == '"' and straight_open and not after.isspace()):
            if depth and re.search(r"[.!?]\s+$", text[start:at]):
                close(at)
                depth = 0
            if not depth:
                start = at + 1
            depth += 1
        elif depth and (mark == "\u201d" or not before.isspace()):
            depth -= 1
            if not depth:
                close(at)
    if depth:
        close(len(text))
    return [(a, b) for a, b in out if text[a:b].strip()]

_MINOR = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by", "from", "as", "vs"}


def is_title_case(line: str) -> bool:
    """Whether a headline capitalises every major word ('Trump Talks Retaliation If India Rejects').

    >>> is_title_case("Crunch Talks On New Greek Bailout"), is_title_case("Crunch talks on new Greek bailout")
    (True, False)
    """
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line) if w.lower() not in _MINOR]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _capitals_as_governments(mentions: list[RawMention], doc) -> None:
    """'Washington said', 'Beijing demands': a capital acting as a subject is its country's government."""
    verbs = knowledge.words("gazetteer", "government_verbs")
    for m in mentions:
        country = knowledge.capitals().get(fold(m.text)) if m.kind in ("City", "Place") else None
        root = doc[m.start:m.end].root
        if country and root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in verbs:
            m.key, m.name, m.kind = country.key, country.name, "Country"


def headline_end_of(article: Article) -> int:
    """The offset where an article's headline ends."""
    return len(article.title) + len(article.text) - len(article.text.lstrip())


def _trust_headline(mentions: list[RawMention], doc, article: Article, end: int) -> list[RawMention]:
    """In a Title Case headline every word looks like a name: keep only the entities the body names too."""
    if not is_title_case(article.title):
        return mentions
    body = {m.key for m in mentions if doc[m.start].idx >= end}
    return [m for m in mentions if doc[m.start].idx >= end or m.key in body]


def phrase(token, replace: dict[int, str] | None = None, limit: int = 14) -> str:
    """A noun phrase's words without determiners, relative clauses or trailing punctuation; tokens in
    `replace` are written as given."""
    skip = set()
    for child in token.children:
        if child.dep_ in ("relcl", "appos", "advcl", "cc", "conj"):
            skip.update(t.i for t in child.subtree)
    for t in token.subtree:
        if t.ent_type_ in ("DATE", "TIME") or (t.dep_ == "prep" and any(c.ent_type_ in ("DATE", "TIME") for c in t.children)):
            skip.update(x.i for x in t.subtree)
    words = [t for t in token.subtree if t.i not in skip and t.text not in ('"', "\u201c", "\u201d")]
    while words and (words[0].dep_ in ("det", "predet") or words[0].tag_ in ("WP$", "WDT") or words[0].is_punct):
        words = words[1:]
    words = words[:limit]
    while words and words[-1].is_punct:
        words = words[:-1]
    replace = replace or {}
    return "".join((replace[t.i] if t.i in replace else t.text) + _space_after(t) for t in words).strip() or token.text


def _space_after(t) -> str:
    """A token's trailing space, or that of a quotation mark right after it ('deal" with')."""
    doc = t.doc
    if not t.whitespace_ and t.i + 1 < len(doc) and doc[t.i + 1].text in ('"', "\u201c", "\u201d"):
        return doc[t.i + 1].whitespace_
    return t.whitespace_


def _governors(token, limit: int = 4) -> list:
    """The verbs and nouns a cue hangs from through xcomp/pcomp/prep/dobj links ('urged ... to meet')."""
    out, t = [], token
    for _ in range(limit):
        if t.dep_ not in ("xcomp", "pcomp", "prep", "dobj", "pobj", "ccomp", "acl", "advcl", "compound", "amod") or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def _clause(token):
    """The verb that heads the token's clause."""
    t = token
    for _ in range(10):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _dominates(head, token) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i and any(a.i == head.i for a in [token, *token.ancestors])


def _through(token, top, words: set[str]) -> bool:
    """Whether the path from token up to top passes a preposition or marker in words."""
    t = token
    while t.i != top.i and t.head.i != t.i:
        if t.lower_ in words:
            return True
        t = t.head
    return False


def _place_chain(reader: Reader, token, out: list[str]) -> None:
    key = reader.entity_of(token)
    if key and (reader.is_place(key) or key.startswith("org/")) and key not in out:
        out.append(key)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    _place_chain(reader, obj, out)
        if child.dep_ in ("appos", "conj") and reader.is_place(reader.entity_of(child)):
            _place_chain(reader, child, out)
