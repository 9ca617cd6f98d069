"""The one error family that library code raises; the CLI turns it into a message and exit 1."""


class KgError(Exception):
    """Something the user can fix: bad input, unknown question, unreadable graph."""


class InputError(KgError):
    """An article or input path that cannot be read."""


class NothingRead(InputError):
    """No input could be read: the message names the first reason, `skipped` holds them all."""

    def __init__(self, message: str, skipped: list[tuple[str, str]]):
        super().__init__(message)
        self.skipped = skipped


class QueryError(KgError):
    """An unknown question, malformed SPARQL or a missing parameter."""


class GraphError(KgError):
    """A graph file that is missing or not RDF."""


class UnsafeQuery(QueryError):
    """A query that would change data or reach the network."""


class CannotAnswer(KgError):
    """A question kg ask cannot answer from the graph: the message says what kg understood and why.
    `candidates` holds the labels an ambiguous name could stand for."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.candidates = candidates
