"""Direct quotations and who said them, inside and across sentences."""
from __future__ import annotations

from .. import knowledge
from ..model import Quote
from .context import Reader


def extract_quotes(r: Reader) -> list[Quote]:
    """Each quoted passage with its speaker: the subject of the nearest speech verb, else the
    speaker of the previous quote in the paragraph, else of the paragraph before."""
    speech = knowledge.words("speech", "verbs")
    doc, out = r.doc, []
    verbs = [t for t in doc if t.lemma_ in speech and t.pos_ in ("VERB", "AUX") and not r.in_quote(t)]
    last_in_paragraph: dict[int, str] = {}
    body = r.doc[r.body_start].idx if r.body_start < len(r.doc) else len(r.text)
    for begin, end in r.quotes:
        if begin < body:
            continue
        para = _paragraph(r.text, begin)
        sents = [s for s in r.sentences if s.start_char < end and s.end_char > begin]
        near = [v for v in verbs if any(s.start <= v.i < s.end for s in sents)]
        speaker, verb = None, None
        if near:
            verb = min(near, key=lambda v: v.idx - end if v.idx >= end else begin - v.idx - len(v.text))
            speaker = _speaker(r, verb)
        elif para in last_in_paragraph:
            speaker = last_in_paragraph[para]
        elif r.text[para:begin].strip() in ("", "\u201c", '"'):
            speaker = _previous_paragraph_speaker(r, verbs, para)
        if not speaker:
            continue
        last_in_paragraph[para] = speaker
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


def _speaker(r: Reader, verb) -> str | None:
    """The subject of a speech verb; a subject the parser found inside the quotation is a misparse, and
    the name right by the verb (", John Miller said") is taken instead."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not r.in_quote(child):
            return r.entity_of(child)
    if any(c.dep_ == "nsubj" for c in verb.children):
        sent = verb.sent
        near = [m for m in r.mentions if sent.start <= m.start < sent.end and not r.in_quote(r.doc[m.start])
                and m.kind == "Person" and abs(m.start - verb.i) <= 4]
        return near[0].key if near else None
    if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") or verb.tag_ == "VBG":
        return r.agent(verb.head)
    return None


def _paragraph(text: str, offset: int) -> int:
    return text.rfind("\n\n", 0, offset) + 1


def _previous_paragraph_speaker(r: Reader, verbs, para: int) -> str | None:
    before = r.text.rfind("\n\n", 0, max(0, para - 2)) + 1
    candidates = [v for v in verbs if before <= v.idx < para]
    for verb in reversed(candidates):
        speaker = _speaker(r, verb)
        if speaker:
            return speaker
    return None
