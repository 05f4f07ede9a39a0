"""What certification shows on lower apps' pages through their hooks (registered in
certification/wagtail_hooks.py): the learner dashboard's "My credentials" and "My programmes"
panels, the organisation roster's credential and practicum columns, and a course page's
"This course counts towards" panel. Each makes a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.organizations import api as organizations

from ..credentials import rules
from . import selectors

STATE_LABELS = {
    "valid": _("Valid"),
    "expiring": _("Expiring soon"),
    "expired": _("Expired"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
}


def public_credential_url(public_id) -> str:
    """The credential's public verification page (a stable, language-neutral address)."""
    return f"/credentials/{public_id}/"


def holder_credential_url(public_id) -> str:
    """The holder's own page for managing the credential ("" until that page exists)."""
    try:
        return reverse("credentials:detail", args=[public_id])
    except NoReverseMatch:
        return ""


# Learner dashboard -------------------------------------------------------------------------


def dashboard_credentials_panel(*, user, request, hours):
    """ "My credentials": each credential the trainee holds (replaced ones left out) with its
    state and expiry, linking to its public page and the holder's page. Two queries."""
    lines = selectors.credential_lines(holder_ids=[user.pk]).get(user.pk, [])
    if not lines:
        return None
    return render_to_string(
        "certification/programmes/panels/dashboard_credentials.html",
        {
            "items": [
                {
                    "line": line,
                    "label": STATE_LABELS.get(line.state, line.state),
                    "public_url": public_credential_url(line.credential.public_id),
                    "holder_url": holder_credential_url(line.credential.public_id),
                }
                for line in lines
            ]
        },
        request=request,
    )


def dashboard_programmes_panel(*, user, request, hours):
    """ "My programmes": each active programme the trainee has started, their hours by domain
    (and approved practicum) against what it needs, and a link to its checklist."""
    progress = selectors.started_programmes(user=user, hours=hours)
    if not progress:
        return None
    return render_to_string(
        "certification/programmes/panels/dashboard_programmes.html",
        {"progress": progress},
        request=request,
    )


# Organisation roster -----------------------------------------------------------------------


def credential_text(line: selectors.CredentialLine) -> str:
    """ "Certified Peer Supporter — Foundations: valid until 2028-01-31", "…: suspended"."""
    until = line.valid_until_date
    if line.state in ("valid", "expiring"):
        state = (
            gettext("valid until %(date)s") % {"date": until.isoformat()}
            if until is not None
            else gettext("valid")
        )
    elif line.state == "expired":
        state = (
            gettext("expired on %(date)s") % {"date": until.isoformat()}
            if until is not None
            else gettext("expired")
        )
    elif line.state == "suspended":
        state = gettext("suspended")
    else:
        state = gettext("revoked")
    return f"{line.programme.name}: {state}"


def roster_credentials(*, organization_id: int, user_ids: frozenset[int]) -> dict[int, str]:
    """Each consenting member's credentials, as one line of text (two queries)."""
    return {
        user_id: "; ".join(credential_text(line) for line in lines)
        for user_id, lines in selectors.credential_lines(holder_ids=user_ids).items()
    }


def roster_practicum_hours(*, organization_id: int, user_ids: frozenset[int]) -> dict[int, str]:
    """Each consenting member's approved practicum hours, whichever organisation supervised
    them (all of them count towards programmes). One query."""
    totals = selectors.approved_hours_by_user(user_ids=user_ids)
    return {
        user_id: selectors.format_hours(totals.get(user_id, Decimal(0))) for user_id in user_ids
    }


def roster_columns() -> list[organizations.RosterColumn]:
    return [
        organizations.RosterColumn(
            key="certification.credentials",
            label=_("Credentials"),
            scope=organizations.SCOPE_CREDENTIALS,
            values=roster_credentials,
        ),
        organizations.RosterColumn(
            key="certification.practicum_hours",
            label=_("Practicum hours (approved)"),
            scope=organizations.SCOPE_PROGRESS,
            values=roster_practicum_hours,
        ),
    ]


# Course page -------------------------------------------------------------------------------


def course_programmes_panel(*, page, request):
    """ "This course counts towards: <programme>", linking to each programme's page."""
    programmes = rules.programmes_for_course(course_key=page.translation_key)
    if not programmes:
        return None
    localized = selectors.localized_programmes(programmes)
    return render_to_string(
        "certification/programmes/panels/course_programmes.html",
        {"programmes": [localized[programme.translation_key] for programme in programmes]},
        request=request,
    )
