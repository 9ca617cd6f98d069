"""Extraction: a parsed article in, entities and facts with evidence out (plain dataclasses)."""
from __future__ import annotations

from ..model import Article, Extraction, Topic


def extract_article(doc, article: Article) -> Extraction:
    """Every fact kg reads from one parsed article; roles and quotes first, as later stages resolve through them."""
    # imported here, not with the package: kg ask reads questions with kg.extract.nlp alone
    from .agreements import extract_agreements
    from .context import Reader
    from .events import extract_meetings, extract_visits
    from .quotes import extract_quotes
    from .roles import extract_roles
    from .stances import extract_stances

    r = Reader(doc, article)
    roles = extract_roles(r)
    quotes = extract_quotes(r)
    meetings = extract_meetings(r)
    visits = extract_visits(r, meetings)
    agreements = extract_agreements(r)
    stances = extract_stances(r)
    agreement_keys = {a.key for a in agreements}
    topics = tuple(Topic(k, v) for k, v in sorted(r.topics.items()) if k not in agreement_keys
                   and any(s.target == k for s in stances))
    return Extraction(
        article=article,
        entities=tuple(sorted(r.entities(), key=lambda e: e.key)),
        mentions=tuple(r.entity_mentions()),
        topics=topics,
        roles=tuple(roles), meetings=tuple(meetings), visits=tuple(visits),
        agreements=tuple(agreements), quotes=tuple(quotes), stances=tuple(stances),
    )
