"""Fixtures for the credential pages and public endpoints: two competency domains in English and
German, a programme (with a German translation), its holder and an issued credential. No demo
seeding: these tests need none of its pages."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from certification.credentials import services
from certification.models import Credential, Programme
from courses.models import CompetencyDomain

from ..credential_fixtures import make_programme

HOLDER_EMAIL = "holder.private-address@example.org"


@pytest.fixture
def holder(user_factory):
    return user_factory(email=HOLDER_EMAIL, display_name="Hana Holder", preferred_language="de")


@pytest.fixture
def stranger(user_factory):
    return user_factory(email="stranger@example.org", display_name="Sam Stranger")


DOMAINS = {
    "ethics-boundaries": {"en": "Ethics and boundaries", "de": "Ethik und Grenzen"},
    "communication": {"en": "Communication", "de": "Kommunikation"},
}


@pytest.fixture
def locales(db):
    default = Locale.get_default()
    others = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("de", "id")}
    return {"en": default, **others}


@pytest.fixture
def domains(locales):
    for order, (slug, names) in enumerate(DOMAINS.items()):
        source = CompetencyDomain.objects.create(
            slug=slug, name=names["en"], sort_order=order, locale=locales["en"]
        )
        german = source.copy_for_translation(locales["de"])
        german.name = names["de"]
        german.save()


@pytest.fixture
def programme(locales, domains) -> Programme:
    source = make_programme(slug="peer-support-test", ethics=False)
    german = source.copy_for_translation(locales["de"])
    german.name = "Peer-Begleitung (Test)"
    german.description = "Bescheinigt geprüfte Peers."
    german.criteria = "Kurs abschließen, Prüfung bestehen."
    german.save()
    return source


@pytest.fixture
def credential(holder, programme) -> Credential:
    credential = services._issue(holder=holder, programme=programme, origin="earned")
    # Hours as issuance freezes them (the holder has no ledger entries in these tests).
    Credential.objects.filter(pk=credential.pk).update(
        hours={"ethics-boundaries": "1.50", "communication": "2"}, practicum_hours="3.25"
    )
    credential.refresh_from_db()
    return credential


@pytest.fixture
def admin_user(user_factory):
    return user_factory(email="registrar@example.org", is_staff=True, is_superuser=True)
