"""What certification adds to lower apps' pages: the learner dashboard's "My credentials" and
"My programmes" panels (a fixed number of queries), the roster's credential and practicum
columns (only for members who consented), and a course page's programmes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from certification.programmes import panels, services
from courses import services as course_services
from courses.models import ModulePage
from lms.organizations.models import Membership

from .conftest import make_credential, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

DASHBOARD = "/en/learn/"


def dashboard(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_my_credentials_lists_each_credential_with_its_state(client, trainee, world):
    valid = make_credential(trainee, world.programme, days=400)
    other = make_programme("advanced", name="Certified Peer Supporter — Advanced")
    expiring = make_credential(trainee, other, days=10)
    replaced = make_credential(trainee, world.programme, status="replaced")
    revoked = make_credential(trainee, world.programme, status="revoked")
    client.force_login(trainee)

    html = dashboard(client)

    assert "My credentials" in html
    assert f'href="/credentials/{valid.public_id}/"' in html
    assert f'href="/credentials/{expiring.public_id}/"' in html
    assert f"/credentials/{replaced.public_id}/" not in html
    assert f'href="/credentials/{revoked.public_id}/"' in html
    for label in ("Valid", "Expiring soon", "Revoked"):
        assert f">{label}</span>" in html
    try:
        holder_url = reverse("credentials:detail", args=[valid.public_id])
    except NoReverseMatch:
        pytest.skip("The holder's credential page (credentials:detail) does not exist yet.")
    assert f'href="{holder_url}"' in html


def test_my_credentials_is_in_the_active_language(client, trainee, world):
    make_credential(trainee, world.programme)
    client.force_login(trainee)
    assert "Zertifizierte Peer-Begleitung" in client.get("/de/learn/").content.decode()
    assert "Certified Peer Supporter — Foundations" in client.get("/id/learn/").content.decode()


def test_the_dashboard_makes_as_many_queries_for_five_credentials_as_for_one(
    client, trainee, world
):
    programmes = [world.programme] + [
        make_programme(f"programme-{number}", name=f"Programme {number}") for number in range(4)
    ]
    make_credential(trainee, programmes[0])
    client.force_login(trainee)
    dashboard(client)  # warm the caches
    with CaptureQueriesContext(connection) as one:
        assert "My credentials" in dashboard(client)
    for programme in programmes[1:]:
        make_credential(trainee, programme, days=20)
    with CaptureQueriesContext(connection) as five:
        html = dashboard(client)
    assert html.count('href="/credentials/') == 5
    assert len(five) <= len(one), [query["sql"] for query in five.captured_queries]


def test_my_programmes_shows_the_started_ones_with_hours_against_what_they_need(
    client, trainee, world
):
    untouched = make_programme(
        "untouched", name="Untouched programme", domain_hours=[("crisis-safety", "3")]
    )
    client.force_login(trainee)
    assert "My programmes" not in dashboard(client)

    course_services.enrolment_create(user=trainee, course_key=world.course.translation_key)
    course_services.module_complete(
        user=trainee, module=ModulePage.objects.child_of(world.course).live().first()
    )
    html = dashboard(client)

    assert "My programmes" in html
    section = html.split('id="my-programmes-title"')[1]
    assert "Certified Peer Supporter — Foundations" in section
    assert untouched.name not in section
    assert 'href="/en/programmes/foundations/"' in section
    assert "Supervised practice, approved" in section


def roster(client, organization) -> str:
    response = client.get(reverse("organizations:dashboard", args=[organization.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_roster_shows_credentials_and_hours_of_consenting_members_only(
    client, trainee, user_factory, world, orgs
):
    make_credential(
        trainee, world.programme, valid_until=timezone.make_aware(timezone.datetime(2028, 1, 31))
    )
    entry = services.practicum_log(
        user=trainee,
        organization_id=orgs["harapan"].pk,
        date=timezone.localdate(),
        hours=Decimal("2.5"),
        domain="peer-role",
        description="Group session.",
    )
    services.practicum_decide(entry=entry, supervisor=orgs["harapan_supervisor"], approve=True)
    private = user_factory(email="private.member@example.org", display_name="Pia Private")
    Membership.objects.create(organization=orgs["harapan"], user=private)
    make_credential(private, world.programme, status="suspended")
    client.force_login(orgs["harapan_coordinator"])

    html = roster(client, orgs["harapan"])

    assert "Credentials" in html
    assert "Practicum hours (approved)" in html
    assert "Certified Peer Supporter — Foundations: valid until 2028-01-3" in html
    assert "2.5" in html
    assert "suspended" not in html
    private_row = html.split("Pia Private")[1].split("</tr>")[0]
    assert "Not shared" in private_row
    assert "Foundations" not in private_row


def test_roster_values_cover_every_state_in_one_line_each(trainee, other_trainee, world):
    make_credential(trainee, world.programme, status="suspended")
    make_credential(
        trainee, world.programme, status="expired", valid_until=timezone.now() - timedelta(days=1)
    )
    values = panels.roster_credentials(
        organization_id=0, user_ids=frozenset({trainee.pk, other_trainee.pk})
    )
    assert set(values) == {trainee.pk}
    assert "Certified Peer Supporter — Foundations: suspended" in values[trainee.pk]
    assert "Certified Peer Supporter — Foundations: expired on" in values[trainee.pk]
    hours = panels.roster_practicum_hours(organization_id=0, user_ids=frozenset({trainee.pk}))
    assert hours == {trainee.pk: "0"}


def test_a_course_page_names_the_programmes_it_counts_towards(client, world):
    response = client.get(world.course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This course counts towards" in html
    assert 'href="/en/programmes/foundations/"' in html
