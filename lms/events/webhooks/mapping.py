"""Which domain events become which webhook events, and which organisations receive them.

The domain events are known here by their type name and JSON Schema only (lms.events imports no
higher app). A webhook body is `{"type", "timestamp", "data"}`; `data` is the domain payload's ids
and facts, with the person as `member_id` (their public id) and the receiving organisation as
`organization_id`.

Recipients follow the member's consent, read when the event is handled:
- credential.* go to every active organisation the holder is an active member of and shares
  credentials with;
- course.completed to those the trainee shares progress with;
- member.* to the organisation the membership is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from lms.organizations import api as organizations

from ..registry import ReceivedEvent

SCOPE_CREDENTIALS = "credentials"
SCOPE_PROGRESS = "progress"
SCOPE_MEMBERSHIP = "membership"


@dataclass(frozen=True)
class WebhookType:
    """How one domain event type becomes a webhook event."""

    domain_type: str
    webhook_type: str
    description: str
    scope: str  # SCOPE_*: the consent it depends on
    member_field: str  # the payload field naming the person (a user's public id)
    subject_field: str  # the payload field whose value orders deliveries (with `subject_prefix`)
    subject_prefix: str

    def subject_key(self, payload: dict[str, Any]) -> str:
        return f"{self.subject_prefix}:{payload[self.subject_field]}"

    def data(self, payload: dict[str, Any], *, organization_public_id: str) -> dict[str, Any]:
        data = {"member_id" if k == self.member_field else k: v for k, v in payload.items()}
        data["organization_id"] = organization_public_id
        return data


def _credential(action: str, description: str) -> WebhookType:
    return WebhookType(
        domain_type=f"certification.credential.{action}.v1",
        webhook_type=f"credential.{action}",
        description=description,
        scope=SCOPE_CREDENTIALS,
        member_field="holder_id",
        subject_field="credential_id",
        subject_prefix="credential",
    )


def _member(action: str, description: str) -> WebhookType:
    return WebhookType(
        domain_type=f"organizations.member.{action}.v1",
        webhook_type=f"member.{action}",
        description=description,
        scope=SCOPE_MEMBERSHIP,
        member_field="user_id",
        subject_field="user_id",
        subject_prefix="member",
    )


WEBHOOK_TYPES: dict[str, WebhookType] = {
    spec.domain_type: spec
    for spec in (
        _credential("issued", "A member's credential was issued."),
        _credential("suspended", "A member's credential was suspended; it does not hold."),
        _credential("reinstated", "A suspended credential holds again."),
        _credential("revoked", "A member's credential was revoked for good."),
        _credential("expiring", "A member's credential expires soon."),
        _credential("expired", "A member's credential expired."),
        _credential("renewed", "A member's credential was renewed (credential_id is the new one)."),
        _member("joined", "Someone became a member, with a role and what they share."),
        _member("consent_changed", "A member changed what the organisation may see."),
        _member("left", "A member left the organisation (they share nothing any more)."),
        WebhookType(
            domain_type="courses.course.completed.v1",
            webhook_type="course.completed",
            description="A member completed a course (with hours per competency domain).",
            scope=SCOPE_PROGRESS,
            member_field="user_id",
            subject_field="enrolment_id",
            subject_prefix="enrolment",
        ),
    )
}

BY_WEBHOOK_TYPE: dict[str, WebhookType] = {s.webhook_type: s for s in WEBHOOK_TYPES.values()}


def webhook_type_names() -> list[str]:
    return sorted(BY_WEBHOOK_TYPE)


def user_pk(public_id: str) -> int | None:
    """The platform id of the user with this public id (None: no such user, e.g. deleted)."""
    return get_user_model().objects.filter(public_id=public_id).values_list("pk", flat=True).first()


def _consenting(scope: str) -> Callable[[ReceivedEvent, WebhookType], list[int]]:
    consent_scope = {
        SCOPE_CREDENTIALS: organizations.SCOPE_CREDENTIALS,
        SCOPE_PROGRESS: organizations.SCOPE_PROGRESS,
    }[scope]

    def recipients(event: ReceivedEvent, spec: WebhookType) -> list[int]:
        user_id = user_pk(event.payload[spec.member_field])
        if user_id is None:
            return []
        return sorted(organizations.organization_ids_with_consent(user_id, consent_scope))

    return recipients


def _membership_organization(event: ReceivedEvent, spec: WebhookType) -> list[int]:
    organization = organizations.organization_by_public_id(event.payload["organization_id"])
    return [organization.id] if organization is not None else []


def recipients(event: ReceivedEvent, spec: WebhookType) -> list[int]:
    """Ids of the organisations that receive `event`, in id order (the order locks are taken)."""
    if spec.scope == SCOPE_MEMBERSHIP:
        return _membership_organization(event, spec)
    return _consenting(spec.scope)(event, spec)


def still_shared(*, scope: str, member_id: str | None, organization_id: int) -> bool:
    """Whether the member still lets the organisation see `scope` (checked again just before
    each delivery: a withdrawal takes effect at once)."""
    if scope == SCOPE_MEMBERSHIP or member_id is None:
        return True
    user_id = user_pk(member_id)
    if user_id is None:
        return False
    consent_scope = (
        organizations.SCOPE_CREDENTIALS
        if scope == SCOPE_CREDENTIALS
        else organizations.SCOPE_PROGRESS
    )
    return organization_id in organizations.organization_ids_with_consent(user_id, consent_scope)
