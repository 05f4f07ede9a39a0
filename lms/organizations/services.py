"""Writes for organisations: invitations, memberships and their consent, roles, cohorts.

Each service is one transaction that records its event(s) in it (lms.events). Services check the
domain's rules (one active membership per person and organisation, a member's consent is theirs
alone to change, cohorts hold members of their own organisation only, an organisation keeps at
least one coordinator); who may call them from a page is decided by the access helpers
(access.py) before.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.events import api as events

from .events import (
    ApiKeyCreated,
    ApiKeyRevoked,
    CohortCreated,
    CohortDeleted,
    CohortMemberAdded,
    CohortMemberRemoved,
    CohortRenamed,
    InvitationAccepted,
    InvitationCreated,
    InvitationResent,
    MemberConsentChanged,
    MemberJoined,
    MemberLeft,
    MemberRoleChanged,
    OrganizationCreated,
)
from .events import InvitationRevoked as InvitationRevokedEvent
from .models import (
    INVITATION_VALID_FOR,
    ApiKey,
    Cohort,
    CohortMembership,
    Invitation,
    Membership,
    Organization,
)

logger = logging.getLogger(__name__)


# Refusals. Each carries a message written for the person who asked, so a view can show it as is.


class OrganizationError(Exception):
    """A request the rules refuse. `message` explains it to the person who asked."""

    default_message = _("This cannot be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvitationError(OrganizationError):
    """An invitation that cannot be accepted (or no longer changed)."""


class InvitationNotFound(InvitationError):
    default_message = _("This invitation link is not valid. Check that you copied all of it.")


class InvitationRevoked(InvitationError):
    default_message = _(
        "This invitation was withdrawn by the organisation. Ask them for a new one if you still "
        "want to join."
    )


class InvitationAlreadyUsed(InvitationError):
    default_message = _(
        "This invitation has already been used. Each invitation link works only once."
    )


class InvitationExpired(InvitationError):
    default_message = _("This invitation has expired. Ask the organisation to send you a new one.")


class InvitationEmailUnverified(InvitationError):
    default_message = _(
        "Confirm the e-mail address this invitation was sent to first: open the confirmation "
        "link we sent you, then come back to this page."
    )


class InvitationEmailMismatch(InvitationError):
    default_message = _(
        "This invitation was sent to a different e-mail address than the ones on your account. "
        "Log in with the address the invitation was sent to, or add that address to your "
        "account and confirm it."
    )


class AlreadyMember(OrganizationError):
    default_message = _("You are already a member of this organisation.")


class AlreadyInvited(OrganizationError):
    default_message = _("This address has already been invited.")


class NotAMember(OrganizationError):
    default_message = _("This person is not a member of this organisation.")


class LastCoordinator(OrganizationError):
    default_message = _(
        "An organisation needs at least one coordinator. Make another member coordinator first."
    )


class CohortNameTaken(OrganizationError):
    default_message = _("This organisation already has a cohort with that name.")


class MemberNotInOrganization(OrganizationError):
    default_message = _("Only members of this organisation can be added to its cohorts.")


# Organisations


@transaction.atomic
def organization_create(
    *, name: str, kind: str = Organization.Kind.NGO, slug: str | None = None, country: str = ""
) -> Organization:
    """Create an organisation. Records organizations.organization.created.v1."""
    organization = Organization.objects.create(
        name=name, slug=slug or slugify(name)[:80], kind=kind, country=country.upper()
    )
    events.record(
        OrganizationCreated(organization_id=organization.public_id, kind=organization.kind)
    )
    return organization


def _lock(organization: Organization) -> None:
    """Serialise writes that check-then-act on one organisation's members (PostgreSQL; SQLite
    serialises every write anyway)."""
    Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk").first()


def _active_coordinator_count(organization: Organization) -> int:
    return Membership.objects.filter(
        organization=organization,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.COORDINATOR,
    ).count()


# Invitations


def normalize_email(email: str) -> str:
    return email.strip().lower()


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256. The token has 256 bits of entropy,
    so a fast hash is enough (nothing to brute-force)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedInvitation:
    invitation: Invitation
    # The only time the link's token exists in clear: it goes into the e-mail, never the database.
    token: str


@dataclass(frozen=True)
class InvitationBatch:
    """The outcome of inviting several addresses at once (each list in the order given)."""

    created: list[CreatedInvitation] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)


def _known_user_for_email(email: str) -> User | None:
    """The account that owns `email` (its login address or a confirmed other address)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        user = address.user if address else None
    return user


def _member_emails(organization: Organization, emails: Iterable[str]) -> set[str]:
    """Those of `emails` (lower case) that belong to active members of `organization`."""
    emails = list(emails)
    active = Membership.objects.filter(organization=organization, status=Membership.Status.ACTIVE)
    found = set(
        User.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails, memberships__in=active)
        .values_list("lower_email", flat=True)
    )
    found |= set(
        EmailAddress.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails, verified=True, user__memberships__in=active)
        .values_list("lower_email", flat=True)
    )
    return found


def _pending_invitation_emails(organization: Organization, emails: Iterable[str]) -> set[str]:
    return set(
        Invitation.objects.filter(
            organization=organization,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
            email__in=list(emails),
        ).values_list("email", flat=True)
    )


def invitation_email_language(*, invitation: Invitation) -> str:
    """The invitee's own language when they have an account, else the inviting coordinator's."""
    languages = dict(settings.LANGUAGES)
    invitee = _known_user_for_email(invitation.email)
    for person in (invitee, invitation.invited_by):
        if person is not None and person.preferred_language in languages:
            return person.preferred_language
    return settings.LANGUAGE_CODE


def invitation_url(*, token: str, language: str) -> str:
    """The absolute link of an invitation: /<lang>/organisations/invitations/<token>/."""
    with translation.override(language):
        path = reverse("organizations:invitation-accept", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation_email(*, invitation_id: int, token: str) -> None:
    """Send the invitation (after commit). A failure is logged, not raised: the invitation is
    saved and listed, and a coordinator can send it again."""
    try:
        invitation = Invitation.objects.select_related("organization", "invited_by").get(
            pk=invitation_id
        )
        language = invitation_email_language(invitation=invitation)
        context = {
            "organization": invitation.organization,
            "inviter_name": invitation.invited_by.display_name if invitation.invited_by else "",
            "role": invitation.role,
            "url": invitation_url(token=token, language=language),
            "expires_at": invitation.expires_at,
        }
        with translation.override(language):
            context["role_label"] = Membership.Role(invitation.role).label
            subject = render_to_string("organizations/email/invitation_subject.txt", context)
            body = render_to_string("organizations/email/invitation_message.txt", context)
            prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
            send_mail(
                subject=prefix + " ".join(subject.split()),
                message=body,
                from_email=None,
                recipient_list=[invitation.email],
            )
    except Exception:
        logger.exception("Could not send invitation %s.", invitation_id)


def _issue(invitation: Invitation) -> str:
    """Give `invitation` a fresh token (stored hashed), and e-mail the link after commit."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_digest(token)
    transaction.on_commit(lambda: _send_invitation_email(invitation_id=invitation.pk, token=token))
    return token


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    email: str,
    invited_by: User,
    role: str = Membership.Role.MEMBER,
) -> CreatedInvitation:
    """Invite `email` to join `organization` with `role`; the link is e-mailed after commit, in
    the invitee's language if they have an account, else in the coordinator's.

    The link works once and for INVITATION_VALID_FOR (14 days). Records
    organizations.invitation.created.v1. Raises AlreadyMember when the address belongs to an
    active member, AlreadyInvited when a pending, unexpired invitation for it exists.
    """
    email = normalize_email(email)
    _lock(organization)
    if _member_emails(organization, [email]):
        raise AlreadyMember(_("%(email)s is already a member.") % {"email": email})
    if _pending_invitation_emails(organization, [email]):
        raise AlreadyInvited(_("%(email)s has already been invited.") % {"email": email})
    now = timezone.now()
    invitation = Invitation(
        organization=organization,
        email=email,
        role=Membership.Role(role),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    token = _issue(invitation)
    invitation.save()
    events.record(
        InvitationCreated(
            organization_id=organization.public_id,
            invitation_id=invitation.public_id,
            role=invitation.role,
            invited_by_id=invited_by.public_id if invited_by else None,
            expires_at=invitation.expires_at,
        )
    )
    return CreatedInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitations_create(
    *,
    organization: Organization,
    emails: Sequence[str],
    invited_by: User,
    role: str = Membership.Role.MEMBER,
) -> InvitationBatch:
    """Invite several addresses at once (see invitation_create), all or nothing. Addresses of
    active members and addresses with a pending invitation are skipped and reported; each
    address is invited once however often it is given."""
    _lock(organization)
    unique = list(dict.fromkeys(normalize_email(email) for email in emails))
    members = _member_emails(organization, unique)
    invited = _pending_invitation_emails(organization, unique)
    batch = InvitationBatch()
    for email in unique:
        if email in members:
            batch.already_members.append(email)
        elif email in invited:
            batch.already_invited.append(email)
        else:
            batch.created.append(
                invitation_create(
                    organization=organization, email=email, invited_by=invited_by, role=role
                )
            )
    return batch


@transaction.atomic
def invitation_resend(*, invitation: Invitation, resent_by: User) -> CreatedInvitation:
    """Send a pending (or expired) invitation again with a new link, valid for another 14 days;
    the old link stops working. Records organizations.invitation.resent.v1. Raises
    InvitationAlreadyUsed or InvitationRevoked."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationAlreadyUsed(_("This invitation has already been accepted."))
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationRevoked(_("This invitation was withdrawn."))
    token = _issue(invitation)
    invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
    invitation.save(update_fields=["token_hash", "expires_at"])
    events.record(
        InvitationResent(
            organization_id=invitation.organization.public_id,
            invitation_id=invitation.public_id,
            resent_by_id=resent_by.public_id,
            expires_at=invitation.expires_at,
        )
    )
    return CreatedInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, revoked_by: User) -> Invitation:
    """Withdraw a pending (or expired) invitation: its link stops working. Revoking a revoked
    invitation does nothing. Records organizations.invitation.revoked.v1. Raises
    InvitationAlreadyUsed for an accepted one (the member can leave, or a coordinator change
    their role)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    )
    if invitation.status == Invitation.Status.REVOKED:
        return invitation
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationAlreadyUsed(_("This invitation has already been accepted."))
    invitation.status = Invitation.Status.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "revoked_at"])
    events.record(
        InvitationRevokedEvent(
            organization_id=invitation.organization.public_id,
            invitation_id=invitation.public_id,
            revoked_by_id=revoked_by.public_id,
        )
    )
    return invitation


def invitation_check(*, invitation: Invitation, user: User | None) -> None:
    """Raise the reason `user` cannot accept `invitation`, or return. With no user (not logged
    in) only the invitation itself is checked."""
    if invitation.status == Invitation.Status.REVOKED or not invitation.organization.is_active:
        raise InvitationRevoked
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationAlreadyUsed
    if invitation.is_expired:
        raise InvitationExpired
    if user is None or not user.is_authenticated:
        return
    addresses = {
        normalize_email(address.email): address.verified
        for address in EmailAddress.objects.filter(user=user)
    }
    if addresses.get(invitation.email) is None and normalize_email(user.email) != (
        invitation.email
    ):
        raise InvitationEmailMismatch
    if not addresses.get(invitation.email):
        raise InvitationEmailUnverified
    if Membership.objects.filter(
        organization_id=invitation.organization_id, user=user, status=Membership.Status.ACTIVE
    ).exists():
        raise AlreadyMember


@transaction.atomic
def invitation_accept(
    *, token: str, user: User, shares_progress: bool, shares_credentials: bool
) -> Membership:
    """Accept the invitation whose link carries `token`, as `user`, sharing what they chose.

    `user` must hold a confirmed e-mail address equal (ignoring case) to the invited one. Creates
    the membership with the invitation's role, or reactivates the membership of someone who had
    left. Works once. Records organizations.invitation.accepted.v1 and
    organizations.member.joined.v1. Raises InvitationNotFound, InvitationRevoked,
    InvitationAlreadyUsed, InvitationExpired, InvitationEmailMismatch,
    InvitationEmailUnverified or AlreadyMember.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationNotFound
    invitation_check(invitation=invitation, user=user)
    now = timezone.now()
    # Single use whatever the database's locking: only one accept flips the row from pending.
    flipped = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.ACCEPTED, accepted_at=now, accepted_by=user
    )
    if not flipped:
        raise InvitationAlreadyUsed
    membership, created = Membership.objects.select_for_update().get_or_create(
        organization=invitation.organization,
        user=user,
        defaults={
            "role": invitation.role,
            "shares_progress": shares_progress,
            "shares_credentials": shares_credentials,
            "consent_updated_at": now,
            "joined_at": now,
        },
    )
    if not created:  # they had left: they come back with the new role and consent
        membership.status = Membership.Status.ACTIVE
        membership.role = invitation.role
        membership.shares_progress = shares_progress
        membership.shares_credentials = shares_credentials
        membership.consent_updated_at = now
        membership.joined_at = now
        membership.save()
    organization_id = invitation.organization.public_id
    events.record(
        InvitationAccepted(
            organization_id=organization_id,
            invitation_id=invitation.public_id,
            user_id=user.public_id,
        )
    )
    events.record(
        MemberJoined(
            organization_id=organization_id,
            user_id=user.public_id,
            role=membership.role,
            shares_progress=membership.shares_progress,
            shares_credentials=membership.shares_credentials,
        )
    )
    return membership


# Memberships


def _active_membership_for_update(*, organization: Organization, user: User) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .filter(organization=organization, user=user, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise NotAMember(_("You are not a member of this organisation."))
    return membership


@transaction.atomic
def membership_consent_update(
    *, member: User, organization: Organization, shares_progress: bool, shares_credentials: bool
) -> Membership:
    """Change what `organization` may see of `member` (their own choice: there is no other
    caller). Takes effect at once on every roster and export. Records
    organizations.member.consent_changed.v1 when something changed. Raises NotAMember."""
    membership = _active_membership_for_update(organization=organization, user=member)
    if (membership.shares_progress, membership.shares_credentials) == (
        shares_progress,
        shares_credentials,
    ):
        return membership
    membership.shares_progress = shares_progress
    membership.shares_credentials = shares_credentials
    membership.consent_updated_at = timezone.now()
    membership.save(update_fields=["shares_progress", "shares_credentials", "consent_updated_at"])
    events.record(
        MemberConsentChanged(
            organization_id=organization.public_id,
            user_id=member.public_id,
            shares_progress=shares_progress,
            shares_credentials=shares_credentials,
        )
    )
    return membership


def _remove_from_cohorts(membership: Membership) -> None:
    placements = list(
        CohortMembership.objects.filter(membership=membership).select_related("cohort")
    )
    for placement in placements:
        events.record(
            CohortMemberRemoved(
                organization_id=membership.organization.public_id,
                cohort_id=placement.cohort.public_id,
                user_id=membership.user.public_id,
            )
        )
    CohortMembership.objects.filter(pk__in=[p.pk for p in placements]).delete()


@transaction.atomic
def membership_leave(*, member: User, organization: Organization) -> Membership:
    """`member` leaves `organization`: their consent is withdrawn and they leave its cohorts.
    The row stays (status "left") so an invitation can bring them back. Records a
    organizations.cohort.member_removed.v1 per cohort, then organizations.member.left.v1.
    Raises NotAMember, or LastCoordinator for the organisation's only coordinator."""
    _lock(organization)
    membership = _active_membership_for_update(organization=organization, user=member)
    if membership.role == Membership.Role.COORDINATOR and (
        _active_coordinator_count(organization) <= 1
    ):
        raise LastCoordinator(
            _(
                "You are this organisation's only coordinator. Make another member coordinator "
                "before you leave."
            )
        )
    _remove_from_cohorts(membership)
    membership.status = Membership.Status.LEFT
    membership.shares_progress = False
    membership.shares_credentials = False
    membership.consent_updated_at = timezone.now()
    membership.save(
        update_fields=["status", "shares_progress", "shares_credentials", "consent_updated_at"]
    )
    events.record(MemberLeft(organization_id=organization.public_id, user_id=member.public_id))
    return membership


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, changed_by: User) -> Membership:
    """A coordinator gives an active member another role. Records
    organizations.member.role_changed.v1 when it changed. Raises PermissionDenied when
    `changed_by` is not a coordinator of the member's organisation, NotAMember for a former
    member, LastCoordinator when it would leave the organisation without coordinator."""
    role = Membership.Role(role)
    organization = membership.organization
    _lock(organization)
    if not Membership.objects.filter(
        organization=organization,
        user=changed_by,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.COORDINATOR,
    ).exists():
        raise PermissionDenied("Only a coordinator of the organisation can change roles.")
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    if not membership.is_active:
        raise NotAMember
    previous = membership.role
    if previous == role:
        return membership
    if previous == Membership.Role.COORDINATOR and _active_coordinator_count(organization) <= 1:
        raise LastCoordinator
    membership.role = role
    membership.save(update_fields=["role"])
    events.record(
        MemberRoleChanged(
            organization_id=organization.public_id,
            user_id=membership.user.public_id,
            role=role,
            previous_role=previous,
            changed_by_id=changed_by.public_id,
        )
    )
    return membership


# Cohorts


def _cohort_name_taken(organization: Organization, name: str, *, exclude_pk=None) -> bool:
    others = Cohort.objects.filter(organization=organization, name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


@transaction.atomic
def cohort_create(*, organization: Organization, name: str) -> Cohort:
    """Create a cohort; names are unique in an organisation, ignoring case. Records
    organizations.cohort.created.v1. Raises CohortNameTaken."""
    name = " ".join(name.split())
    if _cohort_name_taken(organization, name):
        raise CohortNameTaken
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(organization=organization, name=name)
    except IntegrityError:  # created concurrently under the same name
        raise CohortNameTaken from None
    events.record(CohortCreated(organization_id=organization.public_id, cohort_id=cohort.public_id))
    return cohort


@transaction.atomic
def cohort_rename(*, cohort: Cohort, name: str) -> Cohort:
    """Rename a cohort. Records organizations.cohort.renamed.v1 when the name changed. Raises
    CohortNameTaken."""
    name = " ".join(name.split())
    if name == cohort.name:
        return cohort
    if _cohort_name_taken(cohort.organization, name, exclude_pk=cohort.pk):
        raise CohortNameTaken
    cohort.name = name
    try:
        with transaction.atomic():
            cohort.save(update_fields=["name"])
    except IntegrityError:
        raise CohortNameTaken from None
    events.record(
        CohortRenamed(organization_id=cohort.organization.public_id, cohort_id=cohort.public_id)
    )
    return cohort


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> None:
    """Delete a cohort (its members stay members of the organisation). Records
    organizations.cohort.deleted.v1 with the ids of the users who were in it."""
    member_ids = list(
        CohortMembership.objects.filter(cohort=cohort)
        .order_by("pk")
        .values_list("membership__user__public_id", flat=True)
    )
    events.record(
        CohortDeleted(
            organization_id=cohort.organization.public_id,
            cohort_id=cohort.public_id,
            member_ids=member_ids,
        )
    )
    cohort.delete()


def _check_same_organization(cohort: Cohort, membership: Membership) -> None:
    """Read from the database, not from the instance: it may be stale (the member left)."""
    if not Membership.objects.filter(
        pk=membership.pk, organization_id=cohort.organization_id, status=Membership.Status.ACTIVE
    ).exists():
        raise MemberNotInOrganization


def _add_to_cohort(cohort: Cohort, membership: Membership) -> tuple[CohortMembership, bool]:
    _check_same_organization(cohort, membership)
    placement, created = CohortMembership.objects.get_or_create(
        cohort=cohort, membership=membership
    )
    if created:
        events.record(
            CohortMemberAdded(
                organization_id=cohort.organization.public_id,
                cohort_id=cohort.public_id,
                user_id=membership.user.public_id,
            )
        )
    return placement, created


@transaction.atomic
def cohort_member_add(*, cohort: Cohort, membership: Membership) -> CohortMembership:
    """Put an active member of the cohort's organisation into the cohort (adding them twice
    does nothing more). Records organizations.cohort.member_added.v1 when they were not in it.
    Raises MemberNotInOrganization for anyone else."""
    placement, _created = _add_to_cohort(cohort, membership)
    return placement


@transaction.atomic
def cohort_members_add(*, cohort: Cohort, memberships: Iterable[Membership]) -> int:
    """cohort_member_add for several members, all or nothing. Returns how many were added."""
    return sum(_add_to_cohort(cohort, membership)[1] for membership in memberships)


@transaction.atomic
def cohort_member_remove(*, cohort: Cohort, membership: Membership) -> bool:
    """Take a member out of a cohort (they stay a member of the organisation). Records
    organizations.cohort.member_removed.v1 when they were in it; returns whether they were."""
    deleted, _rows = CohortMembership.objects.filter(cohort=cohort, membership=membership).delete()
    if deleted:
        events.record(
            CohortMemberRemoved(
                organization_id=cohort.organization.public_id,
                cohort_id=cohort.public_id,
                user_id=membership.user.public_id,
            )
        )
    return bool(deleted)


# API keys


API_KEY_PREFIX = "sbk_"
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
# sbk_ + 8 lower-case letters or digits + _ + secrets.token_urlsafe(32) (43 characters).
_API_KEY_FORMAT = re.compile(r"sbk_([a-z0-9]{8})_([A-Za-z0-9_-]{32,128})")


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: ApiKey
    # The only time the key exists in clear: shown once to the coordinator, never stored.
    key: str


def api_key_digest(key: str) -> str:
    """What is stored of an API key: the SHA-256 of the whole key. The secret part has 256 bits
    of entropy, so a fast hash is enough (nothing to brute-force)."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_parse(key: str) -> tuple[str, str] | None:
    """(prefix, digest) of a well-formed key, None for anything else."""
    match = _API_KEY_FORMAT.fullmatch(key)
    if match is None:
        return None
    return match.group(1), api_key_digest(key)


class ApiKeyScopeInvalid(OrganizationError):
    default_message = _("Choose at least one of the listed permissions.")


class ApiKeyExpiryInPast(OrganizationError):
    default_message = _("The expiry date must be in the future.")


@transaction.atomic
def api_key_create(
    *,
    organization: Organization,
    name: str,
    scopes: Iterable[str],
    created_by: User | None,
    expires_at=None,
) -> CreatedApiKey:
    """Create an API key for `organization` with `scopes` (ApiKey.Scope values), valid until
    `expires_at` (aware datetime; None: until revoked). The key is returned once, in clear; only
    its SHA-256 and public prefix are stored. Records organizations.api_key.created.v1. Raises
    ApiKeyScopeInvalid (no scope, or an unknown one) and ApiKeyExpiryInPast."""
    scopes = sorted(set(scopes))
    if not scopes or any(scope not in ApiKey.Scope.values for scope in scopes):
        raise ApiKeyScopeInvalid
    if expires_at is not None and expires_at <= timezone.now():
        raise ApiKeyExpiryInPast
    for _attempt in range(5):
        prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name.strip(),
        prefix=prefix,
        key_hash=api_key_digest(key),
        scopes=scopes,
        created_by=created_by,
        expires_at=expires_at,
    )
    events.record(
        ApiKeyCreated(
            organization_id=organization.public_id,
            api_key_id=api_key.public_id,
            prefix=prefix,
            scopes=scopes,
            expires_at=expires_at,
            created_by_id=created_by.public_id if created_by else None,
        )
    )
    return CreatedApiKey(api_key=api_key, key=key)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, revoked_by: User | None) -> ApiKey:
    """Revoke a key: it stops working at once (the API checks on every request). Revoking a
    revoked key does nothing. Records organizations.api_key.revoked.v1."""
    api_key = ApiKey.objects.select_for_update().select_related("organization").get(pk=api_key.pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.revoked_by = revoked_by
    api_key.save(update_fields=["revoked_at", "revoked_by"])
    events.record(
        ApiKeyRevoked(
            organization_id=api_key.organization.public_id,
            api_key_id=api_key.public_id,
            prefix=api_key.prefix,
            revoked_by_id=revoked_by.public_id if revoked_by else None,
        )
    )
    return api_key
