"""Offline JSON-LD: a document loader that serves only the vendored contexts, and RDFC-1.0
canonicalisation that refuses undefined terms.

The context documents live in `contexts/`, listed with their source package and sha256 in
`contexts/manifest.json`; they are read once per process. Nothing here opens a connection: a
context the project does not ship is an error (`ContextNotAvailable`), not a fetch.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from .errors import CanonicalizationError, ContextNotAvailable, UndefinedTerm

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

# Resolved (processed) contexts, shared by every call. Bounded: documents may carry inline
# contexts, which pyld caches too.
_resolved_contexts: LRUCache = LRUCache(maxsize=64)

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@functools.cache
def manifest() -> dict[str, Any]:
    """The parsed `contexts/manifest.json`."""
    return json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))


@functools.cache
def _contexts() -> dict[str, dict[str, Any]]:
    """URL -> parsed context document, read from disk once per process."""
    return {
        entry["url"]: json.loads((CONTEXTS_DIR / entry["file"]).read_text(encoding="utf-8"))
        for entry in manifest()["contexts"]
    }


def available_contexts() -> frozenset[str]:
    """The context URLs the loader serves."""
    return frozenset(_contexts())


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader serving only the vendored contexts; anything else raises
    `ContextNotAvailable`. The `static` tag lets pyld keep the processed context between calls."""
    try:
        document = _contexts()[url]
    except KeyError:
        raise ContextNotAvailable(url) from None
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(document),
        "tag": "static",
    }


def _options() -> dict[str, Any]:
    return {
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_resolved_contexts, document_loader),
        "base": None,
    }


def _unavailable_context(error: BaseException) -> ContextNotAvailable | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ContextNotAvailable):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__ or getattr(current, "cause", None)
    return None


def _check_iris(node: Any) -> None:
    """Walk expanded JSON-LD: every type and node id must be an absolute IRI (or a blank node);
    a relative one is a term no context defined, and would vanish from the RDF."""
    if isinstance(node, list):
        for item in node:
            _check_iris(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        datatype = node.get("@type")
        if isinstance(datatype, str) and datatype != "@json" and not _ABSOLUTE_IRI.match(datatype):
            raise UndefinedTerm(datatype, kind="type")
        return
    for value in node.get("@type", []) if isinstance(node.get("@type"), list) else []:
        if isinstance(value, str) and not _ABSOLUTE_IRI.match(value):
            raise UndefinedTerm(value, kind="type")
    node_id = node.get("@id")
    if isinstance(node_id, str) and not _ABSOLUTE_IRI.match(node_id):
        raise CanonicalizationError(f"relative IRI as an identifier: {node_id!r}")
    for key, value in node.items():
        if key not in ("@id", "@type", "@value"):
            _check_iris(value)


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand `document` offline, raising `UndefinedTerm` for any property or type its contexts
    do not define (the JSON-LD "safe mode" check: such terms would otherwise be dropped)."""
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    try:
        expanded = processor.expand(document, _options())
    except jsonld.JsonLdError as error:
        missing = _unavailable_context(error)
        if missing is not None:
            raise ContextNotAvailable(missing.url) from error
        raise CanonicalizationError(str(error)) from error
    if dropped:
        raise UndefinedTerm(str(dropped[0]))
    _check_iris(expanded)
    return expanded


def canonicalize(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, computed offline.

    Raises `UndefinedTerm` for a property or type the contexts do not define,
    `ContextNotAvailable` for a context the project does not ship, and `CanonicalizationError`
    for anything else that is not valid JSON-LD."""
    if not isinstance(document, dict):
        raise CanonicalizationError("a JSON-LD document must be an object")
    expanded = expand(document)
    options = _options()
    options.update(algorithm="URDNA2015", format="application/n-quads")
    try:
        return jsonld.JsonLdProcessor().normalize(expanded, options)
    except jsonld.JsonLdError as error:
        raise CanonicalizationError(str(error)) from error
