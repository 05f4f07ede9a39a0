"""Organisation pages: a member's organisations and consent, the invitation link, and the
coordinators' dashboard, invitations, cohorts and roster export.

Every view finds what it shows through the access helpers (access.py) and changes state only by
POST, through a service.
"""

from __future__ import annotations

import csv
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services
from .access import (
    access_api_key_as_coordinator,
    access_cohort_as_coordinator,
    access_invitation_as_coordinator,
    access_member_as_coordinator,
    access_organization_as_coordinator,
    access_organization_as_member,
)
from .api import CohortInfo
from .forms import ApiKeyForm, CohortForm, CohortMembersForm, ConsentForm, InviteForm, RoleForm
from .hooks import cohort_actions
from .models import Cohort, Invitation, Membership
from .selectors import (
    api_keys_for_organization,
    cohort_memberships,
    cohorts_for_organization,
    invitations_for_organization,
    memberships_for_user,
    pending_invitation_count,
    roster_in_chunks,
    roster_memberships,
    roster_rows,
)

ROSTER_PAGE_SIZE = 100


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


# A member's own pages


@login_required
@require_GET
def my_organizations(request):
    memberships = list(memberships_for_user(user=request.user))
    entries = [(m, ConsentForm.for_membership(m)) for m in memberships]
    return render(request, "organizations/mine.html", {"entries": entries})


@login_required
@require_POST
def consent_update(request, slug: str):
    membership = access_organization_as_member(request.user, slug)
    form = ConsentForm.for_membership(membership, request.POST)
    form.is_valid()  # two optional check boxes: always valid
    services.membership_consent_update(
        member=request.user,
        organization=membership.organization,
        shares_progress=form.cleaned_data["shares_progress"],
        shares_credentials=form.cleaned_data["shares_credentials"],
    )
    messages.success(
        request,
        _("Your choices for %(organization)s were saved.")
        % {"organization": membership.organization.name},
    )
    return redirect(reverse("organizations:mine") + f"#organization-{slug}")


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, slug: str):
    membership = access_organization_as_member(request.user, slug)
    context = {"membership": membership, "organization": membership.organization}
    if request.method == "POST":
        try:
            services.membership_leave(member=request.user, organization=membership.organization)
        except services.LastCoordinator as refusal:
            context["refusal"] = refusal.message
            return render(request, "organizations/leave.html", context, status=409)
        messages.success(
            request,
            _("You left %(organization)s. It can no longer see anything about you.")
            % {"organization": membership.organization.name},
        )
        return redirect("organizations:mine")
    return render(request, "organizations/leave.html", context)


_REFUSAL_STATUS = {
    services.InvitationNotFound: 404,
    services.InvitationRevoked: 410,
    services.InvitationAlreadyUsed: 410,
    services.InvitationExpired: 410,
    services.InvitationEmailMismatch: 403,
    services.InvitationEmailUnverified: 403,
    services.AlreadyMember: 409,
}


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link in the invitation e-mail. Anyone with the link sees which organisation invites
    them; accepting needs the invited, confirmed address."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=services.token_digest(token))
        .first()
    )
    user = request.user if request.user.is_authenticated else None
    refusal = None
    form = ConsentForm(request.POST if request.method == "POST" else None)
    try:
        if invitation is None:
            raise services.InvitationNotFound
        services.invitation_check(invitation=invitation, user=user)
        if request.method == "POST" and user is not None and form.is_valid():
            membership = services.invitation_accept(
                token=token,
                user=user,
                shares_progress=form.cleaned_data["shares_progress"],
                shares_credentials=form.cleaned_data["shares_credentials"],
            )
            messages.success(
                request,
                _("Welcome to %(organization)s. You can change what it may see at any time.")
                % {"organization": membership.organization.name},
            )
            return redirect(
                reverse("organizations:mine") + f"#organization-{membership.organization.slug}"
            )
    except services.OrganizationError as exc:
        refusal = exc
    status = _REFUSAL_STATUS.get(type(refusal), 400) if refusal else 200
    if request.method == "POST" and user is None and refusal is None:
        status = 403  # log in first: the page says how
    response = render(
        request,
        "organizations/invitation_accept.html",
        {
            "invitation": invitation
            if not isinstance(refusal, services.InvitationNotFound)
            else None,
            "refusal": refusal.message if refusal else None,
            "form": form,
            "role_label": Membership.Role(invitation.role).label if invitation else "",
        },
        status=status,
    )
    # The token is a secret: keep it out of caches and out of the Referer of any link to another
    # site. Not "no-referrer": browsers then send "Origin: null" with the page's own form, which
    # the CSRF check refuses (found by tests/e2e).
    response["Referrer-Policy"] = "same-origin"
    return _no_store(response)


# Coordinators' pages


@login_required
@require_GET
def dashboard(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    page = Paginator(roster_memberships(organization=organization), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    roster = roster_rows(organization=organization, memberships=page.object_list)
    return _no_store(
        render(
            request,
            "organizations/dashboard.html",
            {
                "organization": organization,
                "roster": roster,
                "page": page,
                "cohorts": list(cohorts_for_organization(organization=organization)),
                "pending_invitations": pending_invitation_count(organization=organization),
                "nav": "dashboard",
            },
        )
    )


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a value starting with = + - @ (or a tab or carriage
    return) would otherwise run as a formula, so it gets a leading apostrophe (OWASP)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields CSV lines."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def roster_csv(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    language = translation.get_language()
    writer = csv.writer(_Echo())

    def lines():
        with translation.override(language):
            yes, no = _("yes"), _("no")
            chunks = roster_in_chunks(organization=organization)
            first = next(chunks, None)
            columns = first.columns if first else []
            yield "\ufeff"  # the BOM: Excel then reads the file as UTF-8
            yield writer.writerow(
                csv_cell(label)
                for label in [
                    _("Name"),
                    _("E-mail address"),
                    _("Role"),
                    _("Joined"),
                    _("Shares progress"),
                    _("Shares credentials"),
                    _("Cohorts"),
                    *(column.label for column in columns),
                ]
            )
            for roster in [first] if first else []:
                yield from _csv_rows(writer, roster, yes, no)
            for roster in chunks:
                yield from _csv_rows(writer, roster, yes, no)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{organization.slug}-roster-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_store(response)


def _csv_rows(writer, roster, yes: str, no: str):
    for row in roster.rows:
        membership = row.membership
        yield writer.writerow(
            csv_cell(value)
            for value in [
                membership.user.display_name,
                membership.user.email,
                membership.get_role_display(),
                timezone.localdate(membership.joined_at).isoformat(),
                yes if membership.shares_progress else no,
                yes if membership.shares_credentials else no,
                "; ".join(row.cohorts),
                *(cell.text if cell.shared else "" for cell in row.cells),
            ]
        )


def _render_member(request, membership: Membership, *, role_form=None, status=200):
    roster = roster_rows(organization=membership.organization, memberships=[membership])
    return _no_store(
        render(
            request,
            "organizations/member.html",
            {
                "organization": membership.organization,
                "membership": membership,
                "row": roster.rows[0],
                "columns": roster.columns,
                "member_cells": list(zip(roster.columns, roster.rows[0].cells, strict=True)),
                "role_form": role_form or RoleForm(initial={"role": membership.role}),
                "nav": "dashboard",
            },
            status=status,
        )
    )


@login_required
@require_GET
def member_detail(request, slug: str, member_id: UUID):
    membership = access_member_as_coordinator(request.user, slug, member_id)
    return _render_member(request, membership)


@login_required
@require_POST
def member_role(request, slug: str, member_id: UUID):
    membership = access_member_as_coordinator(request.user, slug, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _render_member(request, membership, role_form=form, status=400)
    try:
        services.membership_role_change(
            membership=membership, role=form.cleaned_data["role"], changed_by=request.user
        )
    except services.LastCoordinator as refusal:
        form.add_error("role", refusal.message)
        return _render_member(request, membership, role_form=form, status=409)
    messages.success(request, _("The role was changed."))
    if membership.user_id == request.user.pk and form.cleaned_data["role"] != (
        Membership.Role.COORDINATOR
    ):
        return redirect("organizations:mine")  # they no longer coordinate it
    return redirect("organizations:member", slug=slug, member_id=member_id)


@login_required
@require_GET
def invitations(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    return _no_store(
        render(
            request,
            "organizations/invitations.html",
            {
                "organization": organization,
                "invitations": list(invitations_for_organization(organization=organization)),
                "nav": "invitations",
            },
        )
    )


def _report_invitations(request, form: InviteForm, batch: services.InvitationBatch) -> None:
    def listed(emails):
        return ", ".join(emails)

    if batch.created:
        messages.success(
            request,
            ngettext(
                "Invitation sent to %(emails)s.",
                "%(count)s invitations sent: %(emails)s.",
                len(batch.created),
            )
            % {
                "count": len(batch.created),
                "emails": listed(c.invitation.email for c in batch.created),
            },
        )
    if batch.already_members:
        messages.warning(
            request,
            _("Not invited, already members: %(emails)s.")
            % {"emails": listed(batch.already_members)},
        )
    if batch.already_invited:
        messages.warning(
            request,
            _(
                "Not invited again, they have an invitation that is still valid: %(emails)s. "
                "You can send it again from the list below."
            )
            % {"emails": listed(batch.already_invited)},
        )
    if form.duplicates:
        messages.info(
            request,
            _("Given more than once, invited once: %(emails)s.")
            % {"emails": listed(form.duplicates)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        batch = services.invitations_create(
            organization=organization,
            emails=form.cleaned_data["emails"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        _report_invitations(request, form, batch)
        return redirect("organizations:invitations", slug=slug)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "organizations/invite.html",
        {"organization": organization, "form": form, "nav": "invite"},
        status=status,
    )


@login_required
@require_POST
def invitation_revoke(request, slug: str, invitation_id: UUID):
    invitation = access_invitation_as_coordinator(request.user, slug, invitation_id)
    try:
        services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    except services.OrganizationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        )
    return redirect("organizations:invitations", slug=slug)


@login_required
@require_POST
def invitation_resend(request, slug: str, invitation_id: UUID):
    invitation = access_invitation_as_coordinator(request.user, slug, invitation_id)
    try:
        services.invitation_resend(invitation=invitation, resent_by=request.user)
    except services.OrganizationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("A new invitation link was sent to %(email)s. The old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("organizations:invitations", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                organization=organization, name=form.cleaned_data["name"]
            )
        except services.CohortNameTaken as refusal:
            form.add_error("name", refusal.message)
        else:
            messages.success(request, _("The cohort %(name)s was created.") % {"name": cohort.name})
            return redirect("organizations:cohort", slug=slug, cohort_id=cohort.public_id)
    return render(
        request,
        "organizations/cohort_create.html",
        {"organization": organization, "form": form, "nav": "dashboard"},
        status=400 if form.is_bound else 200,
    )


def _render_cohort(request, cohort: Cohort, *, add_form=None, rename_form=None, status=200):
    members = list(cohort_memberships(cohort=cohort))
    in_cohort = {m.pk for m in members}
    candidates = [
        m for m in roster_memberships(organization=cohort.organization) if m.pk not in in_cohort
    ]
    return _no_store(
        render(
            request,
            "organizations/cohort.html",
            {
                "organization": cohort.organization,
                "cohort": cohort,
                "members": members,
                "add_form": add_form or CohortMembersForm(candidates=candidates),
                "rename_form": rename_form or CohortForm(initial={"name": cohort.name}),
                "actions": cohort_actions(cohort=CohortInfo.of(cohort), request=request),
                "nav": "dashboard",
            },
            status=status,
        )
    )


@login_required
@require_GET
def cohort_detail(request, slug: str, cohort_id: UUID):
    cohort = access_cohort_as_coordinator(request.user, slug, cohort_id)
    return _render_cohort(request, cohort)


@login_required
@require_POST
def cohort_rename(request, slug: str, cohort_id: UUID):
    cohort = access_cohort_as_coordinator(request.user, slug, cohort_id)
    form = CohortForm(request.POST)
    if form.is_valid():
        try:
            services.cohort_rename(cohort=cohort, name=form.cleaned_data["name"])
        except services.CohortNameTaken as refusal:
            form.add_error("name", refusal.message)
        else:
            messages.success(request, _("The cohort was renamed."))
            return redirect("organizations:cohort", slug=slug, cohort_id=cohort_id)
    cohort.refresh_from_db()
    return _render_cohort(request, cohort, rename_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_delete(request, slug: str, cohort_id: UUID):
    cohort = access_cohort_as_coordinator(request.user, slug, cohort_id)
    if request.method == "POST":
        services.cohort_delete(cohort=cohort)
        messages.success(
            request,
            _("The cohort %(name)s was deleted. Its members are still members of %(organization)s.")
            % {"name": cohort.name, "organization": cohort.organization.name},
        )
        return redirect("organizations:dashboard", slug=slug)
    return render(
        request,
        "organizations/cohort_delete.html",
        {"organization": cohort.organization, "cohort": cohort, "nav": "dashboard"},
    )


@login_required
@require_POST
def cohort_members_add(request, slug: str, cohort_id: UUID):
    cohort = access_cohort_as_coordinator(request.user, slug, cohort_id)
    in_cohort = set(cohort.cohort_memberships.values_list("membership_id", flat=True))
    candidates = [
        m for m in roster_memberships(organization=cohort.organization) if m.pk not in in_cohort
    ]
    form = CohortMembersForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _render_cohort(request, cohort, add_form=form, status=400)
    added = services.cohort_members_add(cohort=cohort, memberships=form.cleaned_data["members"])
    messages.success(
        request,
        ngettext(
            "%(count)s member was added to the cohort.",
            "%(count)s members were added to the cohort.",
            added,
        )
        % {"count": added},
    )
    return redirect("organizations:cohort", slug=slug, cohort_id=cohort_id)


@login_required
@require_POST
def cohort_member_remove(request, slug: str, cohort_id: UUID, member_id: UUID):
    cohort = access_cohort_as_coordinator(request.user, slug, cohort_id)
    membership = access_member_as_coordinator(request.user, slug, member_id)
    if services.cohort_member_remove(cohort=cohort, membership=membership):
        messages.success(
            request,
            _("%(member)s was taken out of the cohort.")
            % {"member": membership.user.display_name or membership.user.email},
        )
    return redirect("organizations:cohort", slug=slug, cohort_id=cohort_id)


# API keys (coordinators): the partner API's keys of the organisation.


@login_required
@require_GET
def api_keys(request, slug: str):
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    return _no_store(
        render(
            request,
            "organizations/api_keys.html",
            {
                "organization": organization,
                "api_keys": list(api_keys_for_organization(organization=organization)),
                "nav": "api-keys",
            },
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_key_create(request, slug: str):
    """Create a key. The key is shown once, in the answer to the POST itself: never in a URL, a
    redirect, the session or a log, and the page is not cached."""
    coordinator = access_organization_as_coordinator(request.user, slug)
    organization = coordinator.organization
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    context = {"organization": organization, "form": form, "nav": "api-keys"}
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_key_create(
                organization=organization,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
                created_by=request.user,
            )
        except services.OrganizationError as refusal:
            form.add_error(None, refusal.message)
        else:
            response = render(
                request,
                "organizations/api_key_created.html",
                {**context, "api_key": created.api_key, "key": created.key},
            )
            response["Referrer-Policy"] = "no-referrer"
            return _no_store(response)
    status = 400 if form.is_bound else 200
    return _no_store(render(request, "organizations/api_key_create.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request, slug: str, api_key_id: UUID):
    api_key = access_api_key_as_coordinator(request.user, slug, api_key_id)
    if request.method == "POST":
        services.api_key_revoke(api_key=api_key, revoked_by=request.user)
        messages.success(
            request,
            _("The key “%(name)s” was revoked. It no longer works.") % {"name": api_key.name},
        )
        return redirect("organizations:api-keys", slug=slug)
    return _no_store(
        render(
            request,
            "organizations/api_key_revoke.html",
            {"organization": api_key.organization, "api_key": api_key, "nav": "api-keys"},
        )
    )
