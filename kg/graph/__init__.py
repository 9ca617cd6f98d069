"""Facts to RDF: resolving entities, minting IRIs, the vocabulary, validation, writing and exporting."""
