"""The account page: display name and language."""

import pytest

from lms.accounts.models import User
from lms.events.models import Event

pytestmark = pytest.mark.django_db


def test_account_page_shows_name_and_language(logged_in, trainee):
    response = logged_in.get("/en/accounts/profile/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form["display_name"].value() == "Ayu"
    assert form["preferred_language"].value() == "en"
    html = response.content.decode()
    assert 'value="Ayu"' in html
    assert '<option value="de" lang="de">Deutsch</option>' in html
    assert trainee.email in html


def test_changing_language_redirects_to_the_new_prefix_and_records_event(
    logged_in, trainee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            "/en/accounts/profile/", {"display_name": "Ayu Lestari", "preferred_language": "id"}
        )

    assert response.status_code == 302
    assert response["Location"] == "/id/accounts/profile/"
    trainee.refresh_from_db()
    assert (trainee.display_name, trainee.preferred_language) == ("Ayu Lestari", "id")
    event = Event.objects.get(type="accounts.user.preferences_changed.v1")
    assert event.payload == {"user_id": str(trainee.public_id), "preferred_language": "id"}
    # The confirmation is written in the language just chosen.
    page = logged_in.get(response["Location"])
    assert '<html lang="id">' in page.content.decode()
    assert "Pengaturan akun Anda telah disimpan." in [
        str(message) for message in page.context["messages"]
    ]


def test_saving_unchanged_preferences_records_nothing(logged_in, trainee):
    response = logged_in.post(
        "/en/accounts/profile/", {"display_name": "Ayu", "preferred_language": "en"}
    )

    assert response.status_code == 302
    assert not Event.objects.filter(type="accounts.user.preferences_changed.v1").exists()


def test_an_unknown_language_is_refused_with_a_linked_error(logged_in, trainee):
    response = logged_in.post(
        "/en/accounts/profile/", {"display_name": "Ayu", "preferred_language": "xx"}
    )

    assert response.status_code == 200
    assert User.objects.get(pk=trainee.pk).preferred_language == "en"
    html = response.content.decode()
    assert 'aria-describedby="id_preferred_language_helptext id_preferred_language_error"' in html
    assert '<a href="#id_preferred_language">' in html
