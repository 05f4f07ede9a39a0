"""The admin side: settings with the crisis lines an operator must confirm, navigation snippets."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from cms.models import CrisisLine


@pytest.fixture
def admin_client(client, site_frame, user_factory):
    client.force_login(user_factory(email="boss@example.org", is_superuser=True, is_staff=True))
    return client


def test_the_dashboard_warns_about_unconfirmed_crisis_lines(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "6 crisis lines have not been confirmed for your region yet." in html

    CrisisLine.objects.update(operator_confirmed=True)
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "have not been confirmed" not in html


def test_the_settings_show_the_crisis_lines_to_confirm(admin_client):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(
        reverse("wagtailsettings:edit", args=["cms", "sitesettings", site.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "TelefonSeelsorge" in html
    assert "confirm before going live" in html
    assert "Operator confirmed for this region" in html


def test_the_navigation_snippets_open_in_the_admin(admin_client):
    from cms.models import Navigation

    navigation = Navigation.objects.get(locale__language_code="id")
    url = reverse("wagtailsnippets_cms_navigation:edit", args=[navigation.pk])
    assert admin_client.get(url).status_code == 200


def test_an_editor_does_not_see_the_crisis_line_warning(client, site_frame, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "crisis lines" not in html


@pytest.mark.parametrize("model", ["homepage", "standardpage"])
def test_the_page_editors_open(admin_client, site_frame, model):
    page = site_frame["en"] if model == "homepage" else site_frame["en"].get_children().first()
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
