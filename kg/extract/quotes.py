"""Direct quotations and who said them, inside and across sentences."""
from __future__ import annotations

import re
from itertools import accumulate

from .. import knowledge
from ..knowledge import fold, slug
from ..model import Quote
from .context import Reader

_GENDER = {"he": "m", "she": "f"}
_RELATIVE = {"who", "which", "that"}
_MINOR = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by", "from"}


def extract_quotes(r: Reader) -> list[Quote]:
    """Each quoted passage with its speaker: the subject of the speech verb that governs it, or, for
    a quote that stands as a sentence of its own, of the speech verb beside it; a lone quote with
    neither goes on from the quote or the statement just before it. Otherwise no speaker."""
    speech = Speech(r)
    body = r.doc[r.body_start].idx if r.body_start < len(r.doc) else len(r.text)
    out, previous = [], None   # previous: (last sentence number, speaker) of the last quote given one
    for begin, end in r.quotes:
        if begin < body:
            continue
        sents = [s for s in r.sentences if s.start_char < end and s.end_char > begin]
        if not sents:
            continue
        first, last = speech.said_at(sents[0]), speech.said_at(sents[-1])
        alone = _stands_alone(r, begin, sents[0])
        if _is_a_name(r, begin, end, sents[0], alone):
            continue
        source = speech.according(begin, end, sents)   # a fragment is the words of the source named there
        verb = speech.governing(begin, end, sents) if source is None or alone else None
        if verb is None and alone:
            verb = speech.beside(begin, end, sents)
        speaker = speech.speaker.get(verb.i) if verb is not None else speech.key(source) if source is not None else None
        if verb is None and alone and source is None:
            speaker = speech.introduced(first, begin)
            if not speaker and previous and previous[0] >= first - 1:
                speaker = previous[1]
        if not speaker:
            continue
        if speaker in speech.bodies:
            r.add_entity(speaker, *speech.bodies[speaker])
        previous = (last, speaker)
        r.quote_speakers[(begin, end)] = speaker
        when = r.date_for(verb) if verb is not None else None
        if when is None:
            when = next((r.quote_dates[q] for q in reversed(list(r.quote_dates)) if r.quote_speakers.get(q) == speaker), None)
        if when:
            r.quote_dates[(begin, end)] = when
        text = r.text[begin:end].strip().rstrip(",").strip()
        evidence = tuple(r.sentence_evidence(s) for s in sents)
        if text:
            out.append(Quote(speaker, text, begin, end, evidence))
    return out


def _is_a_name(r: Reader, begin: int, end: int, sent, alone: bool) -> bool:
    """A name in quotation marks, no one's words: after 'also known as', 'the so-called', or a
    capitalised title inside a sentence ('the annual "Joint Review Meeting"')."""
    before = " ".join(t.lower_ for t in r.tokens[sent.start:sent.end] if t.idx < begin - 1 and not t.is_space)
    if any(before.endswith(marker) for marker in knowledge.words("speech", "name_markers")):
        return True
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", r.text[begin:end])
    major = [w for w in words if w.lower() not in _MINOR]
    return not alone and len(words) >= 2 and bool(major) and all(w[0].isupper() for w in major)


def _stands_alone(r: Reader, begin: int, sent) -> bool:
    """Whether a quote opens its sentence (after 'But', 'And' at most), or follows an attribution
    ('X said:', 'X said,')."""
    before = [t for t in r.tokens[sent.start:sent.end] if t.idx < begin - 1 and not t.is_space]
    if all(t.is_punct or t.pos_ in ("CCONJ", "INTJ") for t in before):
        return True
    if before[-1].text in (":", ","):   # 'X said:', but not 'under the headline:'
        return any(t.lemma_ in knowledge.words("speech", "verbs") and t.pos_ in ("VERB", "AUX") for t in before)
    return _subject_then_quote(r, begin, sent, before)


def _subject_then_quote(r: Reader, begin: int, sent, before) -> bool:
    """'Mr Hale "has put aside ..."': the words before the quote are only the subject of the quoted
    verb, and nothing but punctuation follows it."""
    words = r.tokens[sent.start:sent.end]
    quoted = [t for t in words if t.idx >= begin and r.in_quote(t) and not t.is_punct]
    if not quoted or any(not t.is_punct and not r.in_quote(t) and not t.is_space for t in words if t.idx > quoted[-1].idx):
        return False
    subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and r.in_quote(t.head)]
    return len(subjects) == 1 and {t.i for t in before} <= {t.i for t in subjects[0].subtree}


def _relative_subject(verb) -> bool:
    """Whether a relative clause has a relative pronoun for subject ('the group, who used ...')."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVE for c in verb.children)


def _reports(outer, inner) -> bool:
    """Whether inner's clause is what outer says: reached through complements and conjuncts only
    ('X said Y had concluded ...', not 'X said ..., when Y asked ...')."""
    t = inner
    while t.i != outer.i:
        if t.dep_ not in ("ccomp", "xcomp", "conj", "parataxis") or t.head.i == t.i:
            return False
        t = t.head
    return True


class Speech:
    """The speech verbs of an article outside quotations, each with its speaker, read in order so
    that 'he said' goes to the last person who spoke or was the subject of a main clause."""

    def __init__(self, r: Reader):
        self.r = r
        self.verbs_lemmas = knowledge.words("speech", "verbs")
        self.naming = knowledge.words("speech", "naming_verbs")
        self.proxies = knowledge.words("speech", "proxies")
        self.statements = knowledge.words("speech", "statement_nouns")
        self.heads = knowledge.words("organisations", "heads")
        self.agencies = knowledge.words("speech", "agency_heads")
        self.content_preps = knowledge.words("speech", "content_preps")
        self.gender: dict[str, str] = {}
        self.bodies: dict[str, tuple[str, str]] = {}   # bodies named by a common noun phrase: key -> (label, kind)
        self.acts: list[tuple[int, str]] = []      # (token, speaker) in text order
        self.speaker: dict[int, str | None] = {}
        self.verbs = [t for t in r.tokens[r.body_start:] if self._is_speech(t) and not r.in_quote(t)]
        self.verb_ids = {v.i for v in self.verbs}
        # how many sentences with words outside quotations, and with any words, come before each
        sentence_tokens = [r.tokens[s.start:s.end] for s in r.sentences]
        self.told_before = [0, *accumulate(any(t.is_alpha and not r.in_quote(t) for t in s) for s in sentence_tokens)]
        self.worded_before = [0, *accumulate(any(t.is_alpha for t in s) for s in sentence_tokens)]
        for verb in self.verbs:
            key = self._subject(verb)
            self.speaker[verb.i] = key
            if key:
                self.acts.append((verb.i, key))

    def _is_speech(self, t) -> bool:
        return t.pos_ in ("VERB", "AUX") and (t.lemma_ in self.verbs_lemmas or t.lemma_ in self.naming)

    # ------------------------------------------------------------------ which verb

    def governing(self, begin: int, end: int, sents):
        """The speech verb outside the quote that the quoted words hang from: the outermost one
        ('X said Y had concluded it was "..."' is X's), unless a naming verb comes first ('Y called it
        "..."' is Y's). A fragment must hang from what the verb says, not from a circumstance, an
        apposition or someone else's relative clause ('the rebels, who used the name "X"')."""
        r = self.r
        best = None
        words = [t for s in sents for t in r.tokens[s.start:s.end] if begin <= t.idx < end and not t.is_punct]
        short = len(words) <= 4 or not any(t.pos_ in ("VERB", "AUX") for t in words)   # a fragment or a name
        for s in sents:
            for t in r.tokens[s.start:s.end]:
                if not (begin <= t.idx < end) or begin <= t.head.idx < end or t.head.i == t.i or t.is_punct:
                    continue
                path, head = [], t.head
                for _ in range(12):
                    if head.i in self.speaker and not r.in_quote(head):
                        path.append(head)
                    if head.head.i == head.i:
                        break
                    head = head.head
                if not path:
                    continue
                found = path[0]
                for verb in path[1:]:
                    if found.lemma_ in self.naming or verb.lemma_ in self.naming or not _reports(verb, found):
                        break
                    found = verb
                between = [a for a in (t, *t.ancestors) if found.is_ancestor(a)]
                if short and (not self._what_is_said(between[-1]) or any(
                        a.dep_ == "appos" or (a.dep_ in ("relcl", "acl") and _relative_subject(a)) for a in between)):
                    continue
                depth = sum(1 for a in t.ancestors if a.i != found.i and found.is_ancestor(a))
                if best is None or depth < best[0]:
                    best = (depth, found)
        return best[1] if best else None

    def _what_is_said(self, link) -> bool:
        """Whether a word hanging from a speech verb is what it says ('said the plan was ...', 'warned
        of ...'), not its subject or a circumstance ('sipping a beer at ...', 'said at the ...')."""
        if link.dep_ == "prep":
            return link.lower_ in self.content_preps
        return link.dep_ not in ("nsubj", "nsubjpass", "advcl", "npadvmod", "appos", "relcl", "acl", "agent")

    def beside(self, begin: int, end: int, sents):
        """For a quote that is its own sentence: the speech verb of its attribution (', he said'),
        in its sentences or at the start of the next when the quote ends on ',', '!' or '?'."""
        near = [self.r.doc[i] for i in self.speaker if any(s.start <= i < s.end for s in sents)
                and self.r.doc[i].lemma_ in self.verbs_lemmas]
        if not near and re.search(r"[,!?]\W*$", self.r.text[begin:end]):
            n = self.r.sentence_number[sents[-1].start] + 1
            if n < len(self.r.sentences):
                nxt = self.r.sentences[n]
                if not self.r.text[end:nxt.start_char].strip(" \"\u201d\n"):
                    lead = []
                    for t in nxt:
                        if t.is_punct or len(lead) > 5:
                            break
                        lead.append(t)
                    near = [t for t in lead if t.i in self.speaker and t.lemma_ in self.verbs_lemmas]
        if not near:
            return None
        return min(near, key=lambda v: v.idx - end if v.idx >= end else begin - v.idx - len(v.text))

    def said_at(self, sent) -> int:
        """A sentence's number, counting only sentences with words (a paragraph break is none)."""
        return self.worded_before[self.r.sentence_number[sent.start]]

    def according(self, begin: int, end: int, sents):
        """'"...," according to X' and 'according to X, the plan "..."': the phrase's object, when the
        phrase hangs from the quoted words or a clause above them; None when there is no such phrase
        or it names a medium, not a source ('according to a statement')."""
        r = self.r
        for s in sents:
            for t in r.tokens[s.start:s.end]:
                if t.lower_ != "according" or r.in_quote(t):
                    continue
                objects = [o for to in t.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"]
                quoted = [q for q in r.tokens[s.start:s.end] if begin <= q.idx < end and not q.is_punct]
                if objects and any(q.i == t.head.i or t.head.is_ancestor(q) for q in quoted):
                    medium = objects[0].lemma_ in self.statements and not self._owner(objects[0])
                    return None if medium else objects[0]
        return None

    def introduced(self, number: int, begin: int) -> str | None:
        """The speaker of a statement in the sentence just before a lone quote: one that ends in a
        colon ('X said:'), or whose main verb is a speech verb ('X said the talks failed.')."""
        before = [s for s in self.r.sentences if self.said_at(s) == number - 1 and any(t.is_alpha for t in s)]
        if number == 0 or not before or before[0].end_char > begin:
            return None
        sent = before[0]
        colon = sent.text.rstrip().endswith(":")
        for verb in reversed([self.r.doc[i] for i in self.speaker if sent.start <= i < sent.end]):
            if verb.lemma_ in self.verbs_lemmas and (colon or verb.dep_ == "ROOT") and self.speaker[verb.i]:
                return self.speaker[verb.i]
        return None

    # ------------------------------------------------------------------ who speaks

    def _subject(self, verb) -> str | None:
        """The speaker of a speech verb: its subject, the subject it shares ('said ... and added'),
        the one quoted 'as saying', or a name right by it (', John Miller said' misparsed)."""
        r = self.r
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not r.in_quote(child):
                return self.key(child)
        if any(c.dep_ == "nsubj" for c in verb.children):
            sent = verb.sent
            near = [m for m in r.mentions if sent.start <= m.start < sent.end and not r.in_quote(r.doc[m.start])
                    and m.kind == "Person" and abs(m.start - verb.i) <= 4]
            return near[0].key if near else None
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":   # 'quoted X as saying': X, if X is named
            said = [self.key(c) for c in verb.head.head.children if c.dep_ == "dobj"]
            if said and said[0]:
                return said[0]
        if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") or verb.tag_ == "VBG":
            head = verb.head
            for _ in range(4):   # 'tried to rally support by saying ...': up to the clause with a subject
                if head.i in self.speaker:
                    return self.speaker[head.i]
                for child in head.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and not r.in_quote(child):
                        return self.key(child)
                if head.head.i == head.i or head.dep_ not in ("prep", "pcomp", "xcomp", "advcl", "conj"):
                    break
                head = head.head
        return None

    def key(self, token) -> str | None:
        """The entity a speaker token stands for."""
        r = self.r
        lower = token.lower_
        if token.i in r.by_token:
            return r.by_token[token.i].key
        if lower in _GENDER:
            key = self._pronoun(token)
            if key:
                self.gender.setdefault(key, _GENDER[lower])
            return key
        if lower == "it":
            return self._last_body(token)
        if lower in _RELATIVE and token.head.dep_ == "relcl":
            return self.key(token.head.head)
        if token.lemma_ in self.proxies or token.lemma_ in self.statements:
            return self._owner(token)
        if token.pos_ == "PROPN" and self._surname(token):
            return self._surname(token)
        return r.entity_of(token) or self._titled(token) or self._named_in(token) or self._body(token)

    def _named_in(self, token) -> str | None:
        """'Ruritania's vice premier, Ana Ruiz', 'Freedonian Ambassador to the United Nations Tom Hale': a
        title whose phrase ends with a person's name."""
        r = self.r
        if token.pos_ != "PROPN" and not any(token.lower_ == t[-1] for t in knowledge.role_titles()):
            return None
        last = token.right_edge
        m = r.by_token.get(last.i)
        if m and m.kind == "Person" and last.i > token.i:
            return m.key
        return None

    def _body(self, token) -> str | None:
        """A body named by a common noun phrase ('the Peruvian foreign ministry'): taken as an
        organisation when a country or a capitalised word qualifies it; 'the ministry' alone is the
        body of that kind that spoke last."""
        r = self.r
        if token.lemma_.lower() not in self.heads or token.tag_ not in ("NN", "NNP"):
            return None
        left = [c for c in token.children if c.i < token.i and c.dep_ in ("amod", "compound", "poss")]
        if not left:
            if [c.lower_ for c in token.children] != ["the"]:
                return None
            return next((k for i, k in reversed(self.acts) if not r.is_person(k) and self._near(i, token)
                         and self._label(k).lower().split()[-1] == token.lower_), None)
        words = [c for t in left for c in t.subtree]
        named = [r.by_token[c.i].key for c in words if c.i in r.by_token]
        bodies = [k for k in named if k.startswith("org/")]
        if bodies:   # 'the official Arvenna news agency'
            return bodies[0]
        if not named and not any(c.pos_ == "PROPN" for c in words):
            return None
        start = min(c.left_edge.i for c in left)
        label = r.doc[start:token.i + 1].text
        rest = fold(" ".join(t.text for t in r.doc[start:token.i + 1] if t.i not in r.by_token and t.dep_ != "case"))
        same = [m.key for m in r.mentions if m.key.startswith("org/") and fold(m.name) == rest]
        if same:     # 'the Peruvian foreign ministry' after 'Peru's Foreign Ministry'
            return same[0]
        key = "org/" + slug(label)
        self.bodies[key] = (label, "GovernmentAgency" if token.lemma_.lower() in self.agencies else "Organisation")
        return key

    def _label(self, key: str) -> str:
        return self.bodies[key][0] if key in self.bodies else self.r.label(key)

    def _last_body(self, token) -> str | None:
        """'it said': the body that spoke or issued a statement last."""
        r = self.r
        bodies = [(i, k) for i, k in self.acts if not r.is_person(k)]
        bodies += [(t.i, self._owner(t)) for t in r.doc[max(0, token.sent.start - 200):token.i]
                   if t.lemma_ in self.statements and t.pos_ == "NOUN" and not r.in_quote(t)]
        for i, key in sorted((b for b in bodies if b[1]), reverse=True):
            if i < token.i:
                return key if self._near(i, token) else None
        return None

    def _titled(self, token) -> str | None:
        """'the French president': the one person given that title by the body or country named
        with it."""
        r = self.r
        if not any(c.lower_ == "the" for c in token.children):
            return None
        owners = {r.by_token[c.i].key for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.i in r.by_token}
        people = {x.person for x in r.roles if x.title and x.title.lower().split()[-1] == token.lower_
                  and x.organisation in owners}
        return people.pop() if len(people) == 1 else None

    def _owner(self, token) -> str | None:
        """'a spokesman for the Foreign Office', 'the White House statement': the body behind a
        spokesperson or a statement; a spokesperson named in apposition is the speaker."""
        r = self.r
        for child in token.children:
            if child.dep_ == "appos" and child.i in r.by_token and r.by_token[child.i].kind == "Person":
                return r.by_token[child.i].key
        for child in token.children:
            found = []
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                found = [child]
            elif child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "by", "at"):
                found = [c for c in child.children if c.dep_ == "pobj"]
            for t in found:
                key = r.by_token[t.i].key if t.i in r.by_token else self._body(t)
                if key and not r.is_person(key):
                    return key
        return None

    def _surname(self, token) -> str | None:
        """A surname the tagger missed ('Hale said'): the one person named in full with it; not a
        name of its own ('Jo Smith' is not 'Al Smith')."""
        honorifics = {h.rstrip(".") for h in knowledge.lexicon()["roles"]["honorifics"]}
        if any(c.dep_ == "compound" and c.lower_.rstrip(".") not in honorifics for c in token.children):
            return None
        keys = {m.key for m in self.r.mentions if m.kind == "Person" and m.text.split()[-1] == token.text
                and len(m.text.split()) > 1}
        return keys.pop() if len(keys) == 1 else None

    def _pronoun(self, token) -> str | None:
        """he/she: the last person who spoke or was the subject of a main clause, within three
        sentences; names inside quotations, in the headline and subjects of clauses someone else
        reports do not count. None when the last such subject is someone unnamed, or is the subject
        of the pronoun's own reported clause while someone else spoke just before."""
        r = self.r
        want = _GENDER[token.lower_]
        candidates = [(i, k) for i, k in self.acts if r.is_person(k)]
        for m in r.mentions:
            head = r.root_of(m.start, m.end)
            if head.dep_ == "appos":   # 'the attorney, Ty Cobb, declined'
                head = head.head
            if m.kind == "Person" and m.start >= r.body_start and head.dep_ in ("nsubj", "nsubjpass") \
                    and not r.in_quote(head) and not self._reported(head.head, token.head):
                candidates.append((head.i, m.key))
        for t in r.tokens[max(r.body_start, token.i - 80):token.i]:   # '... his son, who praised him': someone unnamed
            whom = t.head.head
            if t.lower_ == "who" and t.dep_ == "nsubj" and t.head.dep_ == "relcl" and whom.tag_ in ("NN", "NNP") \
                    and not (whom.i in r.by_token and r.by_token[whom.i].kind == "Person") and not r.in_quote(t):
                candidates.append((t.i, None))
        for i, key in sorted(candidates, key=lambda c: c[0], reverse=True):
            if i >= token.i or (key and self.gender.get(key, want) != want):
                continue
            if not key or not self._near(i, token):
                return None
            if token.head.is_ancestor(r.tokens[i]) and any(   # 'Lee has failed, he claimed' after Ruiz spoke: unclear
                    k != key and r.is_person(k) and j < i and self._near(j, token) for j, k in self.acts):
                return None
            return key
        return None

    def _reported(self, verb, own) -> bool:
        """Whether a clause is reported by a speech verb above it ('he said Hale should ...') other
        than the pronoun's own ('Lee is ready, he said': Lee is the one who spoke)."""
        t = verb
        for _ in range(8):
            if t.head.i == t.i:
                return False
            t = t.head
            if t.i in self.verb_ids:
                return t.i != own.i
        return False

    def _near(self, i: int, token) -> bool:
        """Whether at most three sentences outside quotations lie after token i up to token."""
        r = self.r
        return self.told_before[r.sentence_index(token.i) + 1] - self.told_before[r.sentence_index(i) + 1] <= 3
