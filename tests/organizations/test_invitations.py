"""Invitations: created by coordinators, e-mailed as a single-use link that expires, accepted
only by the invited person with a confirmed address, who chooses what the organisation sees."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction
from django.utils import timezone

from lms.organizations import services
from lms.organizations.models import Invitation, Membership

from .conftest import events_of

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r"https?://[^/\s]+(?P<path>/(?P<lang>en|de|id)/organisations/invitations/(?P<token>[\w-]+)/)"
)


def invite(world, email, *, role=Membership.Role.MEMBER, capture=None):
    """Invite `email` as the world's coordinator, sending the e-mail; returns (invitation, token)."""
    created = services.invitation_create(
        organization=world.organization, email=email, invited_by=world.coordinator, role=role
    )
    return created.invitation, created.token


@pytest.fixture
def invited(harapan, django_capture_on_commit_callbacks):
    """An invitation to ayu@example.org, e-mailed; returns (invitation, token, mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(harapan, "Ayu@Example.org")
    return invitation, token, mail.outbox[-1]


def test_invitation_is_emailed_with_a_single_use_link_and_stored_hashed(invited, harapan):
    invitation, token, message = invited

    assert message.to == ["ayu@example.org"]
    assert "Harapan Peer Network" in message.subject
    match = LINK.search(message.body)
    assert match and match["token"] == token and match["lang"] == "en"
    assert invitation.email == "ayu@example.org"
    assert invitation.token_hash == services.token_digest(token)
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert invitation.status == Invitation.Status.PENDING
    [payload] = [
        p
        for p in events_of("organizations.invitation.created.v1")
        if p["invitation_id"] == str(invitation.public_id)
    ]
    assert payload == {
        "organization_id": str(harapan.organization.public_id),
        "invitation_id": str(invitation.public_id),
        "role": "member",
        "invited_by_id": str(harapan.coordinator.public_id),
        "expires_at": payload["expires_at"],
    }
    assert "@" not in str(payload)


def test_invitation_email_is_not_sent_when_the_transaction_rolls_back(
    harapan, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(harapan, "ayu@example.org")
        raise RuntimeError

    assert mail.outbox == []
    assert not Invitation.objects.filter(email="ayu@example.org").exists()


def test_email_is_in_the_invitees_language_when_they_have_an_account(
    harapan, user_factory, django_capture_on_commit_callbacks
):
    user_factory(email="dewi@example.org", preferred_language="id")
    with django_capture_on_commit_callbacks(execute=True):
        invite(harapan, "DEWI@example.org")

    message = mail.outbox[-1]
    assert LINK.search(message.body)["lang"] == "id"
    assert "Undangan" in message.subject


def test_email_is_in_the_coordinators_language_for_someone_without_account(
    harapan, django_capture_on_commit_callbacks
):
    harapan.coordinator.preferred_language = "de"
    harapan.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(harapan, "unknown@example.org")

    message = mail.outbox[-1]
    assert LINK.search(message.body)["lang"] == "de"
    assert "Einladung" in message.subject


@pytest.mark.parametrize(
    ("progress", "credentials"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_accepting_creates_the_membership_with_the_chosen_consent(
    invited, harapan, user_factory, progress, credentials
):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu@example.org")

    membership = services.invitation_accept(
        token=token, user=ayu, shares_progress=progress, shares_credentials=credentials
    )

    assert membership.organization == harapan.organization
    assert membership.role == Membership.Role.MEMBER
    assert (membership.shares_progress, membership.shares_credentials) == (progress, credentials)
    assert membership.consent_updated_at is not None
    invitation = Invitation.objects.get(token_hash=services.token_digest(token))
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_by == ayu
    assert events_of("organizations.member.joined.v1") == [
        {
            "organization_id": str(harapan.organization.public_id),
            "user_id": str(ayu.public_id),
            "role": "member",
            "shares_progress": progress,
            "shares_credentials": credentials,
        }
    ]
    assert events_of("organizations.invitation.accepted.v1") == [
        {
            "organization_id": str(harapan.organization.public_id),
            "invitation_id": str(invitation.public_id),
            "user_id": str(ayu.public_id),
        }
    ]


def test_invitation_carries_its_role(harapan, user_factory):
    _invitation, token = invite(harapan, "sam@example.org", role=Membership.Role.COORDINATOR)
    sam = user_factory(email="sam@example.org")

    membership = services.invitation_accept(
        token=token, user=sam, shares_progress=False, shares_credentials=False
    )

    assert membership.role == Membership.Role.COORDINATOR


def test_a_second_accept_is_refused(invited, user_factory):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu@example.org")
    services.invitation_accept(
        token=token, user=ayu, shares_progress=True, shares_credentials=False
    )

    with pytest.raises(services.InvitationAlreadyUsed):
        services.invitation_accept(
            token=token, user=ayu, shares_progress=True, shares_credentials=True
        )

    assert len(events_of("organizations.member.joined.v1")) == 1
    assert Membership.objects.get(user=ayu).shares_credentials is False


def test_an_expired_invitation_is_refused(invited, user_factory):
    invitation, token, _mail = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    ayu = user_factory(email="ayu@example.org")

    with pytest.raises(services.InvitationExpired):
        services.invitation_accept(
            token=token, user=ayu, shares_progress=False, shares_credentials=False
        )

    assert not Membership.objects.filter(user=ayu).exists()


def test_a_revoked_invitation_is_refused(invited, harapan, user_factory):
    invitation, token, _mail = invited
    services.invitation_revoke(invitation=invitation, revoked_by=harapan.coordinator)
    ayu = user_factory(email="ayu@example.org")

    with pytest.raises(services.InvitationRevoked):
        services.invitation_accept(
            token=token, user=ayu, shares_progress=False, shares_credentials=False
        )

    assert events_of("organizations.invitation.revoked.v1")[-1] == {
        "organization_id": str(harapan.organization.public_id),
        "invitation_id": str(invitation.public_id),
        "revoked_by_id": str(harapan.coordinator.public_id),
    }


def test_an_unknown_token_is_refused(harapan, user_factory):
    ayu = user_factory(email="ayu@example.org")

    with pytest.raises(services.InvitationNotFound):
        services.invitation_accept(
            token="x" * 43, user=ayu, shares_progress=False, shares_credentials=False
        )


def test_another_persons_account_cannot_accept(invited, user_factory):
    _invitation, token, _mail = invited
    someone_else = user_factory(email="someone.else@example.org")

    with pytest.raises(services.InvitationEmailMismatch):
        services.invitation_accept(
            token=token, user=someone_else, shares_progress=True, shares_credentials=True
        )

    assert not Membership.objects.filter(user=someone_else).exists()


def test_an_unverified_address_cannot_accept(invited, user_factory):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu@example.org", verified=False)

    with pytest.raises(services.InvitationEmailUnverified):
        services.invitation_accept(
            token=token, user=ayu, shares_progress=False, shares_credentials=False
        )


def test_a_confirmed_secondary_address_can_accept_ignoring_case(invited, user_factory):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu.private@example.org")
    EmailAddress.objects.create(user=ayu, email="AYU@example.org", verified=True, primary=False)

    membership = services.invitation_accept(
        token=token, user=ayu, shares_progress=False, shares_credentials=True
    )

    assert membership.user == ayu


def test_an_unconfirmed_secondary_address_cannot_accept(invited, user_factory):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu.private@example.org")
    EmailAddress.objects.create(user=ayu, email="ayu@example.org", verified=False, primary=False)

    with pytest.raises(services.InvitationEmailUnverified):
        services.invitation_accept(
            token=token, user=ayu, shares_progress=False, shares_credentials=False
        )


def test_someone_who_left_comes_back_with_new_role_and_consent(harapan):
    member = harapan.member.user
    services.membership_leave(member=member, organization=harapan.organization)
    _invitation, token = invite(harapan, member.email, role=Membership.Role.SUPERVISOR)

    membership = services.invitation_accept(
        token=token, user=member, shares_progress=True, shares_credentials=False
    )

    assert membership.pk == harapan.member.pk
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.SUPERVISOR
    assert (membership.shares_progress, membership.shares_credentials) == (True, False)


def test_an_active_member_cannot_be_invited_or_accept_again(harapan, user_factory):
    with pytest.raises(services.AlreadyMember):
        invite(harapan, harapan.member.user.email.upper())


def test_a_second_pending_invitation_for_the_same_address_is_refused(invited, harapan):
    with pytest.raises(services.AlreadyInvited):
        invite(harapan, "ayu@example.org")


def test_an_expired_invitation_does_not_block_a_new_one(invited, harapan):
    invitation, _token, _mail = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    new, _token = invite(harapan, "ayu@example.org")

    assert new.pk != invitation.pk


def test_resending_gives_a_new_link_and_kills_the_old_one(
    invited, harapan, user_factory, django_capture_on_commit_callbacks
):
    invitation, old_token, _mail = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, resent_by=harapan.coordinator)
    new_token = LINK.search(mail.outbox[-1].body)["token"]
    ayu = user_factory(email="ayu@example.org")

    assert new_token != old_token
    with pytest.raises(services.InvitationNotFound):
        services.invitation_accept(
            token=old_token, user=ayu, shares_progress=False, shares_credentials=False
        )
    services.invitation_accept(
        token=new_token, user=ayu, shares_progress=False, shares_credentials=False
    )
    assert events_of("organizations.invitation.resent.v1")[0]["invitation_id"] == str(
        invitation.public_id
    )


def test_an_accepted_invitation_cannot_be_revoked_or_resent(invited, harapan, user_factory):
    invitation, token, _mail = invited
    services.invitation_accept(
        token=token,
        user=user_factory(email="ayu@example.org"),
        shares_progress=False,
        shares_credentials=False,
    )

    with pytest.raises(services.InvitationAlreadyUsed):
        services.invitation_revoke(invitation=invitation, revoked_by=harapan.coordinator)
    with pytest.raises(services.InvitationAlreadyUsed):
        services.invitation_resend(invitation=invitation, resent_by=harapan.coordinator)


def test_batch_invitation_reports_members_pending_and_duplicates(invited, harapan):
    batch = services.invitations_create(
        organization=harapan.organization,
        emails=["new@example.org", "NEW@example.org", harapan.member.user.email, "ayu@example.org"],
        invited_by=harapan.coordinator,
    )

    assert [c.invitation.email for c in batch.created] == ["new@example.org"]
    assert batch.already_members == [harapan.member.user.email]
    assert batch.already_invited == ["ayu@example.org"]


# The pages


def test_invite_page_invites_several_and_reports_the_rest(
    harapan, as_user, django_capture_on_commit_callbacks
):
    client = as_user(harapan.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/organisations/harapan/invitations/new/",
            {
                "emails": f"a@example.org, b@example.org\nA@example.org;{harapan.member.user.email}"
                "\nharapan.invitee@example.org",
                "role": "member",
            },
            follow=True,
        )

    assert response.redirect_chain[-1][0] == "/en/organisations/harapan/invitations/"
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    notes = [str(m) for m in response.context["messages"]]
    assert "2 invitations sent: a@example.org, b@example.org." in notes
    assert f"Not invited, already members: {harapan.member.user.email}." in notes
    assert any("harapan.invitee@example.org" in n and "still valid" in n for n in notes)
    assert "Given more than once, invited once: a@example.org." in notes


def test_invite_page_refuses_invalid_addresses_and_sends_nothing(harapan, as_user):
    client = as_user(harapan.coordinator)

    response = client.post(
        "/en/organisations/harapan/invitations/new/",
        {"emails": "good@example.org\nnot-an-address\n=cmd|x@", "role": "member"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "These are not valid e-mail addresses: not-an-address, =cmd|x@" in html
    assert '<a href="#id_emails">' in html  # the error summary links to the field
    assert not Invitation.objects.filter(email="good@example.org").exists()


def test_invite_page_refuses_too_many_addresses(harapan, as_user):
    emails = "\n".join(f"p{i}@example.org" for i in range(51))

    response = as_user(harapan.coordinator).post(
        "/en/organisations/harapan/invitations/new/", {"emails": emails, "role": "member"}
    )

    assert response.status_code == 400
    assert "up to 50 people at once; you entered 51" in response.content.decode()


def test_accept_page_shows_the_organisation_and_asks_an_anonymous_visitor_to_log_in(
    invited, client
):
    _invitation, token, _mail = invited

    response = client.get(f"/en/organisations/invitations/{token}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Invitation from Harapan Peer Network" in html
    assert f"/en/accounts/login/?next=/en/organisations/invitations/{token}/" in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_accept_page_offers_both_choices_unticked_and_joins(invited, user_factory, as_user):
    _invitation, token, _mail = invited
    ayu = user_factory(email="ayu@example.org")
    client = as_user(ayu)

    page = client.get(f"/en/organisations/invitations/{token}/")
    html = page.content.decode()
    assert 'name="shares_progress"' in html and 'name="shares_credentials"' in html
    assert "checked" not in html
    response = client.post(
        f"/en/organisations/invitations/{token}/", {"shares_credentials": "on"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/en/organisations/#organization-harapan"
    membership = Membership.objects.get(user=ayu)
    assert (membership.shares_progress, membership.shares_credentials) == (False, True)


@pytest.mark.parametrize(
    ("setup", "status", "text"),
    [
        ("expired", 410, "This invitation has expired."),
        ("revoked", 410, "This invitation was withdrawn"),
        ("used", 410, "This invitation has already been used."),
        ("wrong_email", 403, "different e-mail address"),
        ("unverified", 403, "Confirm the e-mail address"),
    ],
)
def test_accept_page_explains_each_refusal(
    invited, harapan, user_factory, as_user, setup, status, text
):
    invitation, token, _mail = invited
    user = user_factory(email="ayu@example.org", verified=setup != "unverified")
    if setup == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif setup == "revoked":
        services.invitation_revoke(invitation=invitation, revoked_by=harapan.coordinator)
    elif setup == "used":
        services.invitation_accept(
            token=token, user=user, shares_progress=False, shares_credentials=False
        )
    elif setup == "wrong_email":
        user = user_factory(email="someone.else@example.org")
    client = as_user(user)

    for response in (
        client.get(f"/en/organisations/invitations/{token}/"),
        client.post(f"/en/organisations/invitations/{token}/", {"shares_progress": "on"}),
    ):
        assert response.status_code == status
        html = response.content.decode()
        assert text in html
        assert "Accept the invitation" not in html
    if setup != "used":
        assert not Membership.objects.filter(user=user, organization=harapan.organization).exists()


def test_accept_page_for_an_unknown_token_is_not_found(client):
    response = client.get(f"/en/organisations/invitations/{'a' * 43}/")

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_accept_post_when_logged_out_does_nothing(invited, client):
    _invitation, token, _mail = invited

    response = client.post(f"/en/organisations/invitations/{token}/", {"shares_progress": "on"})

    assert response.status_code == 403
    assert Invitation.objects.get(token_hash=services.token_digest(token)).status == "pending"


def test_invitations_page_lists_states_and_revokes(invited, harapan, as_user):
    invitation, _token, _mail = invited
    client = as_user(harapan.coordinator)

    page = client.get("/en/organisations/harapan/invitations/")
    assert "ayu@example.org" in page.content.decode()
    response = client.post(
        f"/en/organisations/harapan/invitations/{invitation.public_id}/revoke/", follow=True
    )

    assert "The invitation to ayu@example.org was withdrawn." in [
        str(m) for m in response.context["messages"]
    ]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert "Revoked" in response.content.decode()


def test_resend_from_the_invitations_page(
    invited, harapan, as_user, django_capture_on_commit_callbacks
):
    invitation, _token, _mail = invited
    client = as_user(harapan.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/organisations/harapan/invitations/{invitation.public_id}/resend/")

    assert mail.outbox[-1].to == ["ayu@example.org"]
    assert len(mail.outbox) == 2
