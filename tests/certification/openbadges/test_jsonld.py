"""Canonicalisation: RDFC-1.0 N-Quads, offline, and no undefined term gets through."""

import copy

import pytest

from certification.openbadges import (
    CanonicalizationError,
    ContextNotAvailable,
    UndefinedTerm,
    canonicalize,
)


def test_canonical_form_is_nquads_and_stable(credential):
    nquads = canonicalize(credential)
    assert nquads.endswith(" .\n")
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>" in nquads
    assert "<https://www.w3.org/ns/credentials/status#BitstringStatusListEntry>" in nquads
    reordered = dict(reversed(list(credential.items())))
    assert canonicalize(reordered) == nquads
    assert canonicalize(copy.deepcopy(credential)) == nquads


def test_blank_nodes_are_canonically_labelled(credential):
    nquads = canonicalize(credential)
    assert "_:c14n0" in nquads  # the subject, criteria and identifier have no id


def test_extra_top_level_property_is_an_undefined_term(credential):
    credential["favouriteColour"] = "teal"
    with pytest.raises(UndefinedTerm) as caught:
        canonicalize(credential)
    assert caught.value.term == "favouriteColour"
    assert "favouriteColour" in str(caught.value)


def test_nested_undefined_property(credential):
    credential["credentialSubject"]["achievement"]["criteria"]["shoeSize"] = 42
    with pytest.raises(UndefinedTerm, match="shoeSize"):
        canonicalize(credential)


def test_undefined_type(credential):
    credential["type"].append("SuperBadge")
    with pytest.raises(UndefinedTerm) as caught:
        canonicalize(credential)
    assert caught.value.term == "SuperBadge"
    assert caught.value.kind == "type"


def test_wrong_type_loses_its_scoped_terms(credential):
    # `criteria` is defined only inside the Achievement type's scoped context.
    credential["credentialSubject"]["achievement"]["type"] = ["Thing"]
    with pytest.raises(UndefinedTerm):
        canonicalize(credential)


def test_relative_identifier_is_refused(credential):
    credential["credentialSubject"]["id"] = "learner-42"
    with pytest.raises(CanonicalizationError, match="learner-42"):
        canonicalize(credential)


def test_protected_term_cannot_be_redefined(credential):
    credential["@context"].append({"name": "https://evil.example/name"})
    with pytest.raises(CanonicalizationError):
        canonicalize(credential)


def test_unknown_context(credential):
    credential["@context"].append("https://www.w3.org/2018/credentials/v1")
    with pytest.raises(ContextNotAvailable):
        canonicalize(credential)


@pytest.mark.parametrize("document", [[], "text", None])
def test_not_an_object(document):
    with pytest.raises(CanonicalizationError):
        canonicalize(document)
