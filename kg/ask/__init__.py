"""Plain-English questions answered from the graph: `answer("Who did Starmer meet?", Path("output/graph.ttl"))`.

A question is read word by word (spaCy's tagger and lemmatizer, no parser), its names are looked up
among the graph's own names, and its other words choose a question of the catalogue (queries/*.rq)
and that question's parameters, as kg/data/ask.toml says. The entities it names enter the SPARQL
only as the graph's own IRIs, and other values only as escaped literals. A question kg cannot answer
raises CannotAnswer with one line saying what kg understood and why there is no answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CannotAnswer
from .names import GROUPS, KG, Entity, graph_names
from .read import Mention, Reading, read_question, vocabulary

__all__ = ["Answer", "CannotAnswer", "answer", "answer_store", "write"]
MAX_QUESTION = 300
KINDS_TEXT = "meetings, visits, roles, agreements, quotes, stances, what was said about something, connections, " \
             "profiles, timelines and the entities named"


@dataclass
class Answer:
    """kg's answer to a question: what it understood, the SPARQL it ran, and the rows (plain strings,
    empty where the graph has no value)."""
    question: str
    understood: str
    sparql: str | None
    columns: list[str]
    rows: list[list[str]]

    def as_dict(self) -> dict:
        return {"question": self.question, "understood": self.understood, "sparql": self.sparql,
                "columns": self.columns, "rows": self.rows}


@dataclass
class Plan:
    """A catalogue question with its parameters, and how to narrow or count its rows."""
    kind: str
    params: dict[str, Entity | str] = field(default_factory=dict)
    asks: str | None = None                                  # the column the question asks for
    exclude: dict[str, list[str]] = field(default_factory=dict)   # column -> labels left out
    answer_class: str | None = None                          # class word for the asked column
    count: bool = False
    evidence: bool = False                                   # add each row's evidence sentence
    shown: dict[str, str] = field(default_factory=dict)      # parameters as words, where not their value


def write(found: Answer, fmt: str, out) -> None:
    """An answer as kg ask prints it (and kg serve's /ask sends it): json (question, understood,
    sparql, columns and rows), csv or tsv (the rows), or table (a '# understood' line, then the rows)."""
    import json

    from ..sparql.query import Answer as Rows, write_answer

    if fmt == "json":
        out.write(json.dumps(found.as_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "table":
        out.write(f"# {found.understood}\n")
    cells = ([("literal", value, None, None) if value else None for value in row] for row in found.rows)
    write_answer(Rows("select", found.columns, cells), fmt, out)


def answer(question: str, graph: Path | str) -> Answer:
    """Answer a plain-English question from a graph file (its query store is opened, or built first)."""
    from ..sparql.store import open_store

    return answer_store(question, open_store(Path(graph)))


def answer_store(question: str, store) -> Answer:
    """Answer a plain-English question from an open pyoxigraph store (as `kg serve`'s workers hold)."""
    from ..extract.nlp import read_words

    text = " ".join(question.split())
    if not any(c.isalnum() for c in text):
        raise CannotAnswer("ask a question in words, such as 'Who did Starmer meet?'")
    if len(text) > MAX_QUESTION:
        raise CannotAnswer(f"the question is {len(text)} characters long; kg reads questions of up to {MAX_QUESTION}")
    names = _names_of(store)
    reading = read_question(read_words(text), text, names)
    _check_words(reading)
    _office_holders(reading, store, names)
    plan = make_plan(reading)
    return run_plan(plan, text, store)


# ----------------------------------------------------------------------------- what the words say

_LAST_NAMES: list = []


def _names_of(store):
    """The graph's names, read once per store: kg serve's workers answer many questions from one."""
    if not _LAST_NAMES or _LAST_NAMES[0] is not store:
        _LAST_NAMES[:] = [store, graph_names(store)]
    return _LAST_NAMES[1]


def _check_words(reading: Reading) -> None:
    """Decline a question with a word kg does not know, a subject it has no data on, or an ambiguous name."""
    said = _read_so_far(reading)
    unsupported = reading.first("unsupported")
    if unsupported:
        raise CannotAnswer(f"{unsupported[1]}{said}")
    for unknown in reading.unknown:
        if unknown[:1].isupper() and not _first_word(reading, unknown):
            raise CannotAnswer(f"'{unknown}' is not a name in this graph{said}")
        raise CannotAnswer(f"kg does not know '{unknown}' here: it is no name in this graph and no word of the "
                           f"questions kg answers ({KINDS_TEXT}){said}")
    for m in reading.mentions:
        if len(m.entities) > 1:
            labels = tuple(e.label for e in m.entities)
            raise CannotAnswer(f"'{m.text}' could be {_join(labels, 'or')}: ask again with the one you mean", labels)


def _first_word(reading: Reading, text: str) -> bool:
    """Whether the unknown text starts the question, where a capital says nothing."""
    return bool(reading.words) and reading.words[0].text == text.split()[0] and \
        not any(w.text == text.split()[0] for w in reading.words[1:])


def _read_so_far(reading: Reading) -> str:
    names = [m.entity.label for m in reading.mentions if len(m.entities) == 1]
    return f" (kg read {_join(names, 'and')})" if names else ""


def _join(items, word: str) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _office_holders(reading: Reading, store, names) -> None:
    """'the Italian prime minister', 'the head of Amnesty' in a question about something else than roles:
    the person the graph gives that title in that country or body."""
    from ..sparql.query import catalogue, run_store_query

    kind = next((k for k in vocabulary()["order"] if reading.has("cue", k) and k != "profile"), None)
    if kind in (None, "roles"):
        return
    for i, tags in enumerate(reading.tags):
        title = next((t[1] for t in tags if t[0] == "title"), None)
        if not title:
            continue
        end = i + len(title.split())
        holder = next((m for m in reading.mentions if m.end == i and m.entity.group in ("place", "organisation")), None) \
            or next((m for m in reading.mentions if m.start == end + 1 and reading.words[end].text.lower() == "of"
                     and m.entity.group in ("place", "organisation")), None)
        if not holder:
            continue
        found = run_store_query(store, catalogue()["roles"], {"organisation": holder.entity.iri, "title": _regex_words(title)})
        people = sorted({row[0][1] for row in found.rows})
        if not people:
            raise CannotAnswer(f"no {title} of {holder.entity.label} in this graph")
        if len(people) > 1:
            raise CannotAnswer(f"the {title} of {holder.entity.label} could be {_join(people, 'or')}: ask again with the one you mean",
                               tuple(people))
        person = next(e for e in names.find(people[0]) if e.group == "person")
        start, stop = min(i, holder.start), max(end, holder.end)
        reading.mentions = sorted([m for m in reading.mentions if m is not holder]
                                  + [Mention(start, stop, f"{holder.text} {title}", (person,))], key=lambda m: m.start)
        reading.tags[i] = frozenset({("filler",)})
        reading.titles.remove(title)


def choose_kind(reading: Reading) -> str:
    """The kind of question: the first of ask.toml's `order` whose cue the question has, else what its
    names, titles, date and class words call for."""
    for kind in vocabulary()["order"]:
        if reading.has("cue", kind) and kind != "profile":
            return kind
        if kind == "roles" and reading.has("lead") and reading.mentions:  # "What does Hewitt lead?"
            return kind
    if reading.titles or reading.has("lead"):
        return "roles"
    if any(m.entity.group == "agreement" for m in reading.mentions):
        return "agreements"
    if reading.has("cue", "profile") and len(reading.mentions) == 1:
        return "profile"
    if reading.has("class") and not reading.mentions:
        return "entities"
    if reading.date:
        return "timeline"
    if len(reading.mentions) == 1:
        return "profile"
    if not reading.mentions:
        raise CannotAnswer(f"kg did not find what to look for in this question; it answers questions about {KINDS_TEXT}")
    raise CannotAnswer(f"kg read {_join([m.text for m in reading.mentions], 'and')} but not what to ask about them; "
                       f"it answers questions about {KINDS_TEXT}")


def make_plan(reading: Reading) -> Plan:
    """The catalogue question and parameters a read question calls for."""
    kind = choose_kind(reading)
    plan = Plan(kind, count=reading.has("count"), evidence=reading.has("evidence"))
    spec = vocabulary()["kinds"][kind]
    wh = reading.wh
    plan.asks = spec.get("asks", {}).get(wh) if wh else None
    left = list(reading.mentions)
    _SLOTS[kind](reading, plan, left)
    if left:
        raise CannotAnswer(f"kg read {_join([m.entity.label for m in left], 'and')} but cannot use "
                           f"{'it' if len(left) == 1 else 'them'} in a question about {kind.replace('_', ' ')}")
    if reading.date and "date" not in plan.params:
        if kind not in ("meetings", "visits", "agreements", "timeline"):
            raise CannotAnswer(f"kg cannot narrow {kind.replace('_', ' ')} by date ({reading.date_text})")
        plan.params["date"] = reading.date
    cls = reading.first("class")
    asks = spec.get("asks", {})
    if cls and kind != "entities" and cls[1] and wh in ("where", "when") and cls[1] not in ("place", "Country", "City", "Place"):
        cls = None  # "Where did the two leaders meet?": the class word says who acted, not what is asked
    if cls and kind != "entities" and cls[1]:
        plan.answer_class = cls[1]
        plan.shown["class"] = reading.words[reading.index("class")].text.lower()
        place = cls[1] in ("place", "Country", "City", "Place")
        if plan.asks is None or (place and plan.asks != asks.get("where")):
            plan.asks = asks.get("where" if place else "who") or (asks.get("who") if place else None)
        if not plan.asks or (place and plan.asks not in (asks.get("where"), asks.get("who"))):
            plan.answer_class = None
            raise CannotAnswer(f"kg cannot narrow {describe(plan)} to {plan.shown['class']}")
    return plan


def _cue_index(reading: Reading, kind: str) -> int:
    found = reading.index("cue", kind)
    return len(reading.words) if found is None else found


def _take(left: list[Mention], test) -> list[Mention]:
    taken = [m for m in left if test(m)]
    for m in taken:
        left.remove(m)
    return taken


def _one(plan: Plan, name: str, mentions: list[Mention], what: str) -> None:
    if len(mentions) > 1:
        raise CannotAnswer(f"kg can look for one {what} at a time, and read {_join([m.entity.label for m in mentions], 'and')}")
    if mentions:
        plan.params[name] = mentions[0].entity


def _two(plan: Plan, names: tuple[str, str], mentions: list[Mention], what: str) -> None:
    if len(mentions) > 2:
        raise CannotAnswer(f"kg can look for two {what} at a time, and read {_join([m.entity.label for m in mentions], 'and')}")
    for name, m in zip(names, mentions):
        plan.params[name] = m.entity


def _after_in(reading: Reading, m: Mention) -> bool:
    """Whether a name follows 'in' or 'at' ('meetings in Rome')."""
    return m.start > 0 and reading.words[m.start - 1].text.lower() in ("in", "at", "inside")


def _meetings(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    places = _take(left, lambda m: m.entity.cls in ("City", "Place") or (m.entity.group == "place" and _after_in(reading, m)))
    _one(plan, "place", places, "place")
    people = _take(left, lambda m: m.entity.group in ("person", "organisation", "group", "place"))
    _two(plan, ("person", "with"), people, "participants")
    if plan.asks == "participant":
        plan.exclude["participant"] = [m.entity.label for m in people]


def _visits(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    cue = _cue_index(reading, "visits")
    people = _take(left, lambda m: m.entity.group in ("person", "group")
                   or (m.entity.group == "organisation" and m.start < cue and not _after_in(reading, m)))
    _one(plan, "person", people, "visitor")
    places = _take(left, lambda m: m.entity.group in ("place", "organisation"))
    _one(plan, "place", places, "place")


def _agreements(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    _one(plan, "agreement", _take(left, lambda m: m.entity.group == "agreement"), "agreement")
    # parties are mostly countries and bodies, sometimes people ("the Kabila-opposition accord")
    _two(plan, ("party", "with"), _take(left, lambda m: m.entity.group in ("place", "organisation", "group", "person")),
         "parties")
    status = reading.first("status")
    if status and reading.wh != "when" and "agreement" not in plan.params:
        plan.params["status"] = status[1]
    if plan.asks == "agreement" and "agreement" in plan.params:
        plan.asks = None


def _roles(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    _one(plan, "person", _take(left, lambda m: m.entity.group == "person"), "person")
    _one(plan, "organisation", _take(left, lambda m: m.entity.group in ("place", "organisation", "group")), "organisation")
    titles = reading.titles or (vocabulary()["kinds"]["roles"]["lead_titles"] if reading.has("lead") else [])
    if titles:
        plan.params["title"] = "|".join(_regex_words(t) for t in titles)
        plan.shown["title"] = " or ".join(reading.titles) if reading.titles else "leading"
    if plan.asks == "person" and "person" in plan.params:
        plan.asks = None
    if reading.has("class") and reading.wh in ("which", "what"):
        plan.asks = "organisation"


def _regex_words(title: str) -> str:
    """A title as a regular expression that finds it as whole words (XPath syntax)."""
    escaped = re.sub(r"([\\|.\-^?*+{}()\[\]$])", r"\\\1", title)
    return f"(^|[^a-z]){escaped}([^a-z]|$)"


def _sides(reading: Reading, left: list[Mention], kind: str) -> tuple[list[Mention], list[Mention]]:
    """Sources and targets of a stance: before and after its cue, swapped in the passive ('was criticised by')."""
    cue = _cue_index(reading, kind)
    words = reading.words
    by = next((i for i, w in enumerate(words) if w.text.lower() == "by" and i > cue), None)
    passive = cue < len(words) and words[cue].tag == "VBN" and any(w.lemma == "be" for w in words[:cue])
    if passive or by is not None:
        sources = [m for m in left if by is not None and m.start > by]
        targets = [m for m in left if m not in sources]
    else:
        sources = [m for m in left if m.start < cue]
        targets = [m for m in left if m.start > cue]
    return sources, targets


def _stances(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    sources, targets = _sides(reading, left, "stances")
    polarity = next((t[2] for tags in reading.tags for t in tags if t[:2] == ("cue", "stances") and len(t) > 2), None)
    if polarity and not (reading.has("cue", "stances", "positive") and reading.has("cue", "stances", "negative")):
        plan.params["polarity"] = polarity
    _one(plan, "source", _take(left, lambda m: m in sources), "source")
    _one(plan, "target", _take(left, lambda m: m in targets), "target")
    if plan.asks == "target" and "target" in plan.params:
        plan.asks = "source" if "source" not in plan.params else None
    if plan.asks == "source" and "source" in plan.params:
        plan.asks = None


def _opinion(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    sources, targets = _sides(reading, left, "opinion")
    if not sources:
        plan.kind = "said_about"
        _one(plan, "entity", _take(left, lambda m: m in targets), "entity")
        plan.asks = None
        return
    _one(plan, "source", _take(left, lambda m: m in sources), "source")
    _one(plan, "target", _take(left, lambda m: m in targets), "target")
    if plan.asks == "source" and "source" in plan.params:
        plan.asks = None


def _said_about(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    cue = _cue_index(reading, "said_about")
    _one(plan, "source", _take(left, lambda m: m.start < cue), "speaker")
    _one(plan, "entity", _take(left, lambda m: m.start > cue), "subject")
    if "entity" not in plan.params:
        raise CannotAnswer("kg needs to know what the question asks about: say about whom or what")


def _quotes(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    _one(plan, "speaker", _take(left, lambda m: True), "speaker")


def _connections(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    if len(left) != 2:
        raise CannotAnswer(f"kg looks for the links between two entities, and read {len(left)}"
                           + (f": {_join([m.entity.label for m in left], 'and')}" if left else ""))
    _two(plan, ("a", "b"), _take(left, lambda m: True), "entities")
    plan.asks = None


def _timeline(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    _one(plan, "entity", _take(left, lambda m: True), "entity")
    plan.asks = None


def _entities(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    cls = reading.first("class")
    if cls and cls[1]:
        plan.params["kind"] = cls[1]
    plan.asks = None


def _profile(reading: Reading, plan: Plan, left: list[Mention]) -> None:
    if not left:
        raise CannotAnswer("kg found no name of this graph in the question to tell about")
    _one(plan, "entity", _take(left, lambda m: True), "entity")
    plan.asks = None


_SLOTS = {"meetings": _meetings, "visits": _visits, "agreements": _agreements, "roles": _roles, "stances": _stances,
          "opinion": _opinion, "said_about": _said_about, "quotes": _quotes, "connections": _connections,
          "timeline": _timeline, "entities": _entities, "profile": _profile}


# ----------------------------------------------------------------------------- the SPARQL and its answer

def describe(plan: Plan) -> str:
    """What kg understood, in words: 'meetings of Keir Starmer at Rome'."""
    spec = vocabulary()["kinds"][plan.kind]
    shown = {k: (v.label if isinstance(v, Entity) else v) for k, v in plan.params.items()} | plan.shown
    parts = []
    for part in spec["describe"]:
        wanted = re.findall(r"\{(\w+)\}", part)
        if all(w in shown for w in wanted):
            parts.append(part.format(**shown))
    text = " ".join(parts)
    if plan.answer_class:
        text += f" ({plan.shown.get('class', plan.answer_class)} only)"
    return ("the number of " + text) if plan.count else text


def sparql_of(plan: Plan) -> str:
    """The SPARQL for a plan: the catalogue question with its parameters bound, wrapped when it is
    narrowed, counted or given its evidence."""
    from ..sparql.query import bind, catalogue

    question = catalogue()[vocabulary()["kinds"][plan.kind]["query"]]
    values = {k: (v.iri if isinstance(v, Entity) else v) for k, v in plan.params.items()}
    text = bind(question, values).text
    fact = vocabulary()["kinds"][plan.kind].get("fact") if plan.evidence else None
    if not (plan.exclude or plan.answer_class or plan.count or fact):
        return text
    return _wrapped(text, plan, fact)


def _columns(text: str) -> list[str]:
    """The variables a SELECT query projects, in order ('(MIN(?s) AS ?evidence)' gives 'evidence')."""
    select = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s+WHERE\b", text, re.S | re.I).group(1)
    out, depth, start = [], 0, 0
    for i, c in enumerate(select + " "):
        if c == "(":
            depth, start = depth + 1, i if depth == 0 else start
        elif c == ")":
            depth -= 1
            if depth == 0:
                out.append(re.search(r"\bAS\s+\?(\w+)\s*$", select[start + 1: i], re.I).group(1))
        elif depth == 0 and c == "?":
            out.append(re.match(r"\?(\w+)", select[i:]).group(1))
    return out


def _wrapped(text: str, plan: Plan, fact: str | None) -> str:
    import pyoxigraph as ox

    prologue = "\n".join(line for line in text.splitlines() if re.match(r"\s*PREFIX\b", line, re.I))
    body = "\n".join("    " + line for line in text.splitlines() if not re.match(r"\s*(PREFIX\b|#|$)", line, re.I))
    columns = _columns(text)
    inner = ["  {\n" + body + "\n  }"]
    for column, labels in plan.exclude.items():
        inner.append(f"  FILTER(?{column} NOT IN ({', '.join(str(ox.Literal(label)) for label in labels)}))")
    if plan.answer_class and plan.asks in columns:
        classes = " ".join(f"<{KG}{c}>" for c in _classes(plan.answer_class))
        inner.append(f"  ?ask_c rdfs:label ?{plan.asks} ; a ?ask_k . VALUES ?ask_k {{ {classes} }}")
    if plan.count:
        counted = plan.asks if plan.answer_class and plan.asks in columns else \
            {"meetings": "meeting", "agreements": "agreement"}.get(plan.kind)
        what = f"COUNT(DISTINCT ?{counted})" if counted else "COUNT(*)"
        return f"{prologue}\n\nSELECT ({what} AS ?count) WHERE {{\n" + "\n".join(inner) + "\n}\n"
    names = " ".join("?" + c for c in columns)
    if fact:
        inner.append(f"  OPTIONAL {{ {fact.replace('?f ', '?ask_f ')} ?ask_f kg:evidence/kg:sentence ?ask_s . }}")
        return (f"{prologue}\n\nSELECT {names} (MIN(?ask_s) AS ?evidence) WHERE {{\n" + "\n".join(inner)
                + f"\n}}\nGROUP BY {names}\nORDER BY {names}\n")
    return f"{prologue}\n\nSELECT DISTINCT {names} WHERE {{\n" + "\n".join(inner) + f"\n}}\nORDER BY {names}\n"


def _classes(word: str) -> list[str]:
    return [c for c, group in GROUPS.items() if group == word] or [word]


def run_plan(plan: Plan, question: str, store) -> Answer:
    """Run a plan's SPARQL; decline when the graph has no answer to it."""
    from ..sparql.query import Question, run_store_query

    text = sparql_of(plan)
    found = run_store_query(store, Question("ask", question, text))
    columns = found.variables
    rows = [[c[1] if c else "" for c in row] for row in found.rows]
    understood = describe(plan)
    if plan.count:
        return Answer(question, understood, text, columns, rows)
    if not rows:
        raise CannotAnswer(f"no {understood} in this graph")
    if plan.asks in columns and not any(row[columns.index(plan.asks)] for row in rows):
        raise CannotAnswer(f"kg found {understood}, but the graph gives no {plan.asks} for "
                           f"{'it' if len(rows) == 1 else 'them'}")
    return Answer(question, understood, text, columns, rows)
