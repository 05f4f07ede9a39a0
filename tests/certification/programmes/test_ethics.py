"""Signing a programme's code of ethics: the text in the reader's language, the digest of the
exact text shown, the event, and signing again only for a renewal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from certification.models import EthicsAttestation
from certification.programmes import services

from .conftest import certification_events, make_credential

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

SIGN = {"agree": "on", "typed_name": "Quinn Taker"}


@pytest.mark.parametrize(("language", "text"), [("en", "healthy boundaries"), ("de", "Grenzen")])
def test_signing_keeps_the_digest_of_the_text_shown_and_records_the_event(
    client, trainee, world, language, text
):
    client.force_login(trainee)
    page = client.get(f"/{language}/programmes/foundations/ethics/")
    assert text in page.content.decode()

    response = client.post(f"/{language}/programmes/foundations/ethics/", SIGN)

    assert response.status_code == 302
    attestation = EthicsAttestation.objects.get(user=trainee)
    shown = world.code_de if language == "de" else world.code
    assert attestation.text_sha256 == shown.text_sha256
    assert attestation.language_code == language
    assert (attestation.code_key, attestation.version) == (world.code.translation_key, "2026.1")
    assert attestation.typed_name == "Quinn Taker"
    [event] = certification_events("certification.attestation.signed")
    assert event.payload == {
        "attestation_id": str(attestation.public_id),
        "holder_id": str(trainee.public_id),
        "code_id": str(world.code.translation_key),
        "version": "2026.1",
        "language": language,
    }
    if language == "de":
        assert attestation.text_sha256 != world.code.text_sha256


def test_signing_needs_the_box_ticked_and_a_name(client, trainee, world):
    client.force_login(trainee)
    response = client.post("/en/programmes/foundations/ethics/", {"typed_name": " "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to agree to follow the code." in html
    assert "Type your full name to sign." in html
    assert not EthicsAttestation.objects.filter(user=trainee).exists()


def test_signing_the_same_version_again_changes_nothing(client, trainee, world):
    services.attestation_sign(user=trainee, code=world.code, language_code="en", typed_name="Q")
    client.force_login(trainee)
    assert (
        "You signed this version on"
        in client.get("/en/programmes/foundations/ethics/").content.decode()
    )

    response = client.post("/en/programmes/foundations/ethics/", SIGN, follow=True)

    assert "Nothing changed." in response.content.decode()
    assert EthicsAttestation.objects.filter(user=trainee).count() == 1
    assert len(certification_events("certification.attestation.signed")) == 1


def test_a_holder_signs_again_for_a_renewal(trainee, world):
    first = services.attestation_sign(
        user=trainee, code=world.code, language_code="en", typed_name="Q"
    )
    EthicsAttestation.objects.filter(pk=first.pk).update(
        signed_at=timezone.now() - timedelta(days=800)
    )
    make_credential(trainee, world.programme, valid_from=timezone.now() - timedelta(days=700))

    services.attestation_sign(user=trainee, code=world.code_de, language_code="de", typed_name="Q")

    assert EthicsAttestation.objects.filter(user=trainee).count() == 2
    with pytest.raises(services.AlreadySigned):
        services.attestation_sign(user=trainee, code=world.code, language_code="en", typed_name="Q")


def test_anonymous_visitors_read_the_code_and_are_asked_to_log_in(client, world):
    response = client.get("/en/programmes/foundations/ethics/")
    assert response.status_code == 200
    assert "healthy boundaries" in response.content.decode()
    assert 'name="typed_name"' not in response.content.decode()
    assert client.post("/en/programmes/foundations/ethics/", SIGN).status_code == 302
    assert not EthicsAttestation.objects.exists()
