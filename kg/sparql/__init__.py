"""SPARQL: the catalogue, the embedded store, remote endpoints and `kg serve`."""
