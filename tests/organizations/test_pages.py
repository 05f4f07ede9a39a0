"""Every organisation page renders in English, German and Indonesian, in the site's layout, with
the structure WCAG 2.2 AA needs (see tests/accounts/conftest.assert_accessible_structure), and
tables with a caption and scoped headers."""

import re

import pytest
from django.db import transaction

from lms.organizations import services
from tests.accounts.conftest import assert_accessible_structure

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "id"]

COORDINATOR_PAGES = [
    "organisations/harapan/",
    "organisations/harapan/members/{member}/",
    "organisations/harapan/invitations/",
    "organisations/harapan/invitations/new/",
    "organisations/harapan/cohorts/new/",
    "organisations/harapan/cohorts/{cohort}/",
    "organisations/harapan/cohorts/{cohort}/delete/",
]
MEMBER_PAGES = ["organisations/", "organisations/harapan/leave/"]

# A word of each page's heading in German and Indonesian: the page is translated, not only
# labelled so.
TRANSLATED = {
    "de": {
        "organisations/": "Meine Organisationen",
        "organisations/harapan/invitations/": "Einladungen",
        "organisations/harapan/cohorts/new/": "Neue Gruppe",
    },
    "id": {
        "organisations/": "Organisasi saya",
        "organisations/harapan/invitations/": "Undangan",
        "organisations/harapan/cohorts/new/": "Kelompok baru",
    },
}


def fill(path, world):
    return path.format(member=world.member.user.public_id, cohort=world.cohort.public_id)


def assert_tables_are_described(html):
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        assert "<caption" in table
        headers = re.findall(r"<th(?:\s[^>]*)?>", table)
        assert headers and all('scope="' in th for th in headers), headers


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_pages_render_in_each_language(harapan, as_user, path, language):
    response = as_user(harapan.coordinator).get(f"/{language}/{fill(path, harapan)}")

    assert response.status_code == 200
    assert_accessible_structure(response, language)
    assert_tables_are_described(response.content.decode())
    word = TRANSLATED.get(language, {}).get(path)
    if word:
        assert word in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_pages_render_in_each_language(harapan, nord, make_member, as_user, path, language):
    make_member(nord.organization, harapan.member.user.email)  # two organisations on one page
    response = as_user(harapan.member.user).get(f"/{language}/{path}")

    assert response.status_code == 200
    assert_accessible_structure(response, language)
    word = TRANSLATED.get(language, {}).get(path)
    if word:
        assert word in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_page_renders_in_each_language(harapan, user_factory, as_user, client, language):
    with transaction.atomic():
        token = services.invitation_create(
            organization=harapan.organization,
            email="ayu@example.org",
            invited_by=harapan.coordinator,
        ).token
    anonymous = client.get(f"/{language}/organisations/invitations/{token}/")
    assert anonymous.status_code == 200
    assert_accessible_structure(anonymous, language)

    signed_in = as_user(user_factory(email="ayu@example.org")).get(
        f"/{language}/organisations/invitations/{token}/"
    )
    assert signed_in.status_code == 200
    assert_accessible_structure(signed_in, language)
    html = signed_in.content.decode()
    assert "Harapan Peer Network" in html
    assert html.count('type="checkbox"') == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_render_accessibly(harapan, as_user, language):
    response = as_user(harapan.coordinator).post(
        f"/{language}/organisations/harapan/invitations/new/", {"emails": "", "role": "member"}
    )

    assert response.status_code == 400
    assert_accessible_structure(response, language)
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>" in html and re.search(r"<title>[^<]*:", html)  # "Error: …" in the title


def test_coordinator_navigation_marks_the_current_page(harapan, as_user):
    html = (
        as_user(harapan.coordinator).get("/en/organisations/harapan/invitations/").content.decode()
    )

    assert 'aria-label="Manage Harapan Peer Network"' in html
    assert re.search(r'href="/en/organisations/harapan/invitations/" aria-current="page"', html)


def test_consent_forms_have_distinct_ids_per_organisation(harapan, nord, make_member, as_user):
    make_member(nord.organization, harapan.member.user.email)

    html = as_user(harapan.member.user).get("/en/organisations/").content.decode()

    assert 'id="id_harapan-shares_progress"' in html
    assert 'id="id_nord-shares_progress"' in html
    assert 'action="/en/organisations/nord/consent/"' in html
