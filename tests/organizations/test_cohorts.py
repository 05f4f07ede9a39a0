"""Cohorts: named groups of one organisation's members, and the action hook higher apps use."""

import pytest
from django.db import transaction
from django.utils.html import format_html
from wagtail import hooks

from lms.organizations import api, services
from lms.organizations.models import Cohort, CohortMembership

from .conftest import events_of

pytestmark = pytest.mark.django_db


def test_create_rename_delete_record_events_without_names(harapan):
    with transaction.atomic():
        cohort = services.cohort_create(organization=harapan.organization, name="  Intake   May ")
    assert cohort.name == "Intake May"
    services.cohort_rename(cohort=cohort, name="Intake June")
    services.cohort_member_add(cohort=cohort, membership=harapan.member)
    services.cohort_delete(cohort=cohort)

    ids = {
        "organization_id": str(harapan.organization.public_id),
        "cohort_id": str(cohort.public_id),
    }
    assert events_of("organizations.cohort.created.v1")[-1] == ids
    assert events_of("organizations.cohort.renamed.v1") == [ids]
    assert events_of("organizations.cohort.deleted.v1") == [
        {**ids, "member_ids": [str(harapan.member.user.public_id)]}
    ]
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    harapan.member.refresh_from_db()  # still a member of the organisation
    assert harapan.member.is_active


def test_cohort_names_are_unique_per_organisation_ignoring_case(harapan, nord):
    with pytest.raises(services.CohortNameTaken):
        services.cohort_create(
            organization=harapan.organization, name="HARAPAN peer network cohort"
        )
    # The same name in another organisation is fine.
    services.cohort_create(organization=nord.organization, name="Harapan Peer Network cohort")
    other = services.cohort_create(organization=harapan.organization, name="Second")
    with pytest.raises(services.CohortNameTaken):
        services.cohort_rename(cohort=other, name="harapan peer network cohort")
    # A change of case of its own name is a rename.
    services.cohort_rename(cohort=other, name="SECOND")


def test_adding_is_idempotent(harapan):
    services.cohort_member_add(cohort=harapan.cohort, membership=harapan.member)

    assert CohortMembership.objects.filter(cohort=harapan.cohort).count() == 1
    assert len(events_of("organizations.cohort.member_added.v1")) == 1
    assert api.cohort_member_ids(harapan.cohort.pk) == {harapan.member.user.pk}


def test_only_members_of_the_same_organisation_can_be_added(harapan, nord):
    with pytest.raises(services.MemberNotInOrganization):
        services.cohort_member_add(cohort=harapan.cohort, membership=nord.member)
    services.membership_leave(member=harapan.member.user, organization=harapan.organization)
    with pytest.raises(services.MemberNotInOrganization):
        services.cohort_member_add(cohort=harapan.cohort, membership=harapan.member)

    assert api.cohort_member_ids(harapan.cohort.pk) == frozenset()


def test_removing_records_once(harapan):
    assert services.cohort_member_remove(cohort=harapan.cohort, membership=harapan.member)
    assert not services.cohort_member_remove(cohort=harapan.cohort, membership=harapan.member)

    assert events_of("organizations.cohort.member_removed.v1") == [
        {
            "organization_id": str(harapan.organization.public_id),
            "cohort_id": str(harapan.cohort.public_id),
            "user_id": str(harapan.member.user.public_id),
        }
    ]


def test_cohort_pages_create_add_remove_rename_delete(harapan, make_member, as_user):
    second = make_member(harapan.organization, "second@example.org", display_name="Second")
    client = as_user(harapan.coordinator)

    created = client.post("/en/organisations/harapan/cohorts/new/", {"name": "Team B"})
    cohort = Cohort.objects.get(organization=harapan.organization, name="Team B")
    assert created["Location"] == f"/en/organisations/harapan/cohorts/{cohort.public_id}/"
    base = created["Location"]

    page = client.get(base)
    assert 'value="' + str(second.user.public_id) + '"' in page.content.decode()
    client.post(
        base + "members/add/",
        {"members": [str(second.user.public_id), str(harapan.member.user.public_id)]},
    )
    assert api.cohort_member_ids(cohort.pk) == {second.user.pk, harapan.member.user.pk}

    client.post(base + f"members/{second.user.public_id}/remove/")
    assert api.cohort_member_ids(cohort.pk) == {harapan.member.user.pk}

    client.post(base + "rename/", {"name": "Team C"})
    cohort.refresh_from_db()
    assert cohort.name == "Team C"

    assert client.get(base + "delete/").status_code == 200
    deleted = client.post(base + "delete/")
    assert deleted["Location"] == "/en/organisations/harapan/"
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_cohort_pages_report_errors(harapan, nord, as_user):
    client = as_user(harapan.coordinator)
    base = f"/en/organisations/harapan/cohorts/{harapan.cohort.public_id}/"

    duplicate = client.post(
        "/en/organisations/harapan/cohorts/new/", {"name": "harapan peer network COHORT"}
    )
    assert duplicate.status_code == 400
    assert "already has a cohort with that name" in duplicate.content.decode()
    empty = client.post(base + "rename/", {"name": "   "})
    assert empty.status_code == 400
    assert "Enter a name for the cohort." in empty.content.decode()
    # Another organisation's member is not a choice: refused as an invalid choice.
    foreign = client.post(base + "members/add/", {"members": [str(nord.member.user.public_id)]})
    assert foreign.status_code == 400
    assert api.cohort_member_ids(harapan.cohort.pk) == {harapan.member.user.pk}
    nothing = client.post(base + "members/add/", {})
    assert nothing.status_code == 400
    assert "Choose at least one member to add." in nothing.content.decode()


def test_cohort_actions_hook_adds_a_panel_for_the_cohort(harapan, as_user):
    seen = []

    def enrol_action(*, cohort, request):
        seen.append(cohort)
        return format_html(
            '<h2>Enrol</h2><p data-cohort="{}">{}</p>', cohort.public_id, cohort.name
        )

    def silent_action(*, cohort, request):
        return None

    client = as_user(harapan.coordinator)
    url = f"/en/organisations/harapan/cohorts/{harapan.cohort.public_id}/"
    before = client.get(url).content.decode().count('class="cohort-action"')  # other apps' actions
    with (
        hooks.register_temporarily(api.COHORT_ACTIONS_HOOK, enrol_action),
        hooks.register_temporarily(api.COHORT_ACTIONS_HOOK, silent_action),
    ):
        html = client.get(url).content.decode()

    assert seen == [api.CohortInfo.of(harapan.cohort)]
    assert seen[0].organization.slug == "harapan"
    assert (
        f'<section class="cohort-action"><h2>Enrol</h2><p data-cohort="{harapan.cohort.public_id}">'
        in html
    )
    assert html.count('class="cohort-action"') == before + 1  # nothing for the silent one


def test_a_plain_string_from_a_cohort_action_is_escaped(harapan, as_user):
    with hooks.register_temporarily(
        api.COHORT_ACTIONS_HOOK, lambda *, cohort, request: "<script>x</script>"
    ):
        html = (
            as_user(harapan.coordinator)
            .get(f"/en/organisations/harapan/cohorts/{harapan.cohort.public_id}/")
            .content.decode()
        )

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html
