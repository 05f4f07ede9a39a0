"""Domain events become feed entries and deliveries for the organisations that may see them."""

from __future__ import annotations

import uuid

import pytest

from courses.events import CourseCompleted
from lms.events.models import OrganizationEvent, WebhookDelivery
from lms.events.webhooks import services
from lms.organizations import services as organization_services
from lms.organizations.events import MemberJoined

from .conftest import Credential, join, make_endpoint, record

pytestmark = pytest.mark.django_db

# No request leaves the process in these tests: nothing listens on this port.
NOWHERE = "http://127.0.0.1:9/hooks"


def feed(organization) -> list[tuple[str, str]]:
    return list(
        OrganizationEvent.objects.filter(organization=organization, withdrawn_at__isnull=True)
        .order_by("sequence")
        .values_list("type", "data__member_id")
    )


def test_a_credential_event_reaches_every_organisation_the_holder_shares_credentials_with(
    holder, organization, other_organization, user_factory, on_commit
):
    join(holder, other_organization, credentials=False, progress=True)
    bystander = user_factory(email="bystander@example.org")
    join(bystander, organization)
    credential = Credential(holder)

    with on_commit():
        credential.issue()

    (entry,) = OrganizationEvent.objects.all()
    assert entry.organization == organization
    assert entry.type == "credential.issued"
    assert entry.subject_key == f"credential:{credential.id}"
    assert entry.data == {
        "credential_id": str(credential.id),
        "member_id": str(holder.public_id),
        "programme_id": "00000000-0000-4000-8000-000000000001",
        "origin": "earned",
        "valid_from": entry.data["valid_from"],
        "valid_until": None,
        "organization_id": str(organization.public_id),
    }
    assert feed(other_organization) == []


def test_course_completion_goes_to_those_sharing_progress_and_members_events_to_their_own(
    holder, organization, other_organization, on_commit
):
    join(holder, other_organization, credentials=True, progress=False)
    with on_commit():
        record(
            CourseCompleted(
                enrolment_id=uuid.uuid4(),
                user_id=holder.public_id,
                course_id=uuid.uuid4(),
                hours=[{"domain": "ethics-boundaries", "hours": "1.50"}],
            )
        )
        record(
            MemberJoined(
                organization_id=other_organization.public_id,
                user_id=holder.public_id,
                role="member",
                shares_progress=False,
                shares_credentials=True,
            )
        )
    member = str(holder.public_id)
    assert feed(organization) == [("course.completed", member)]
    assert feed(other_organization) == [("member.joined", member)]


def test_one_delivery_per_active_endpoint_subscribed_to_the_type(holder, organization, on_commit):
    everything = make_endpoint(organization, NOWHERE).endpoint
    revocations = make_endpoint(organization, NOWHERE, event_types=["credential.revoked"]).endpoint
    courses_only = make_endpoint(organization, NOWHERE, event_types=["course.completed"]).endpoint
    disabled = make_endpoint(organization, NOWHERE).endpoint
    disabled.status = disabled.Status.DISABLED
    disabled.save()
    credential = Credential(holder)

    with on_commit():
        credential.issue()
        credential.revoke()

    deliveries = WebhookDelivery.objects.order_by("pk").values_list(
        "endpoint", "organization_event__type"
    )
    assert list(deliveries) == [
        (everything.pk, "credential.issued"),
        (everything.pk, "credential.revoked"),
        (revocations.pk, "credential.revoked"),
    ]
    assert not WebhookDelivery.objects.filter(endpoint__in=[courses_only, disabled]).exists()


def test_the_fan_out_is_idempotent_and_feed_positions_follow_each_other(
    holder, organization, on_commit
):
    make_endpoint(organization, NOWHERE)
    credential = Credential(holder)
    with on_commit():
        credential.issue()
        credential.suspend()
    entry = OrganizationEvent.objects.order_by("sequence").first()
    from lms.events.registry import ReceivedEvent

    again = ReceivedEvent(
        id=str(entry.event_id),
        type="certification.credential.issued.v1",
        occurred_at=entry.occurred_at.isoformat(),
        payload={**entry.data, "holder_id": str(holder.public_id)},
    )
    services.webhook_event_record(event=again)

    assert list(OrganizationEvent.objects.values_list("sequence", flat=True)) == [1, 2]
    assert WebhookDelivery.objects.count() == 2


def test_a_member_who_stops_sharing_credentials_gets_no_more_credential_webhooks(
    holder, organization, on_commit
):
    endpoint = make_endpoint(organization, NOWHERE).endpoint
    credential = Credential(holder)
    with on_commit():
        credential.issue()
    pending = WebhookDelivery.objects.get()
    WebhookDelivery.objects.update(status="pending", next_attempt_at=None)  # retrying, say

    with on_commit():
        organization_services.membership_consent_update(
            member=holder, organization=organization, shares_progress=True, shares_credentials=False
        )
        credential.revoke()

    pending.refresh_from_db()
    assert pending.status == WebhookDelivery.Status.CANCELLED
    # The consent change itself is news for the organisation; the revocation is not its business.
    assert feed(organization) == [("member.consent_changed", str(holder.public_id))]
    assert list(
        WebhookDelivery.objects.filter(endpoint=endpoint).values_list(
            "organization_event__type", "status"
        )
    ) == [
        ("credential.issued", "cancelled"),
        ("member.consent_changed", "pending"),
    ]  # port 9: retrying


def test_a_deleted_account_is_erased_from_the_partners_feeds(
    holder, user_factory, organization, on_commit
):
    from lms.accounts.services import user_delete

    other = user_factory(email="other@example.org")
    join(other, organization)
    make_endpoint(organization, NOWHERE)
    with on_commit():
        Credential(holder).issue()
        Credential(other).issue()
    with on_commit():
        user_delete(user=holder)
    assert feed(organization) == [("credential.issued", str(other.public_id))]
    assert WebhookDelivery.objects.count() == 1
