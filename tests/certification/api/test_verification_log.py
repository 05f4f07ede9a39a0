"""Every verification is logged; the holder sees who verified their credentials."""

import pytest
from django.template.loader import render_to_string

from certification.credentials.verification_log import verifications_for_holder
from certification.models import VerificationLog

pytestmark = pytest.mark.django_db


def test_public_page_views_by_others_are_logged_not_the_holders_own(client, credential, holder):
    page = f"/credentials/{credential.public_id}/"
    assert client.get(page).status_code == 200
    assert client.head(page).status_code == 200
    client.force_login(holder)
    assert client.get(page).status_code == 200
    [log] = VerificationLog.objects.all()
    assert log.channel == "public_page" and log.organization is None


def test_the_holder_sees_who_verified(api, client, credential, holder, api_organization):
    api.get(f"/api/v1/credentials/{credential.public_id}")
    api.post("/api/v1/credentials/verify", {"credential": credential.document}, format="json")
    client.get(f"/credentials/{credential.public_id}/")
    verifications = verifications_for_holder(holder)
    assert [v.channel for v in verifications] == ["public_page", "api_presented", "api"]
    assert verifications[1].organization_name == api_organization.name
    assert verifications[0].organization_name == ""
    html = render_to_string(
        "certification/credentials/_verifications.html", {"verifications": verifications}
    )
    assert api_organization.name in html and "Someone with the link" in html


def test_nobody_elses_verifications_are_shown(credential, stranger):
    VerificationLog.objects.create(credential=credential, channel="api")
    assert verifications_for_holder(stranger) == []
