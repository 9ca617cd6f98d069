"""The one error family that library code raises; the CLI turns it into a message and exit 1."""


class KgError(Exception):
    """Something the user can fix: bad input, unknown question, unreadable graph."""


class InputError(KgError):
    """An article or input path that cannot be read."""


class QueryError(KgError):
    """An unknown question, malformed SPARQL or a missing parameter."""


class GraphError(KgError):
    """A graph file that is missing or not RDF."""


class UnsafeQuery(QueryError):
    """A query that would change data or reach the network."""
