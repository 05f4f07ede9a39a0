"""/<lang>/programmes/…: the programmes and a trainee's checklist for each, signing a programme's
code of ethics, the trainee's practicum log, and a supervisor's review of the hours their
organisation's members logged. Every write goes through services.py."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import api as courses
from lms.organizations import api as organizations

from ..credentials import rules
from ..credentials import services as credential_services
from . import selectors, services
from .forms import AttestationForm, PracticumDecisionForm, PracticumLogForm


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _signed_in(request) -> bool:
    return request.user.is_authenticated


@require_GET
def programme_index(request):
    """Every active programme; a signed-in trainee sees how far they are with each."""
    sources = rules.source_programmes()
    localized = selectors.localized_programmes(sources)
    rows = []
    for source in sources:
        checklist = (
            rules.checklist(user_id=request.user.pk, programme=source)
            if _signed_in(request)
            else None
        )
        rows.append({"programme": localized[source.translation_key], "checklist": checklist})
    response = render(request, "certification/programmes/index.html", {"rows": rows})
    return _private(response) if _signed_in(request) else response


def _requirement_items(checklist: rules.Checklist, *, slug: str) -> list[dict]:
    """The checklist's requirements with where to meet each (the programme's own pages for
    practicum hours and the code of ethics)."""
    extra = {
        "practicum": reverse("programmes:practicum"),
        "ethics": reverse("programmes:ethics", args=[slug]),
        "reattestation": reverse("programmes:ethics", args=[slug]),
    }
    return [
        {"requirement": requirement, "url": requirement.url or extra.get(requirement.kind, "")}
        for requirement in checklist.requirements
    ]


@require_GET
def programme_detail(request, slug: str):
    """The programme's description, what it takes and its validity and renewal rules; a
    signed-in trainee's checklist, their credential of it and, when renewal is open, what
    renewing takes."""
    programme, source = selectors.programme_by_slug(slug=slug)
    signed_in = _signed_in(request)
    # Without a trainee, the checklist of no one: the requirements, none of them met.
    checklist = rules.checklist(
        user_id=request.user.pk if signed_in else None, programme=source, hours=None
    )
    credential = renewal = None
    if signed_in:
        credential = selectors.current_credential(user_id=request.user.pk, programme=source)
        if credential is not None and credential_services.renewal_open(credential):
            renewal = rules.renewal_checklist(credential=credential)
    context = {
        "programme": programme,
        "source": source,
        "checklist": checklist,
        "items": _requirement_items(checklist, slug=source.slug),
        "show_progress": signed_in,
        "credential": credential,
        "credential_state": credential.state() if credential else "",
        "renewal": renewal,
        "renewal_items": _requirement_items(renewal, slug=source.slug) if renewal else [],
        "renewal_domain": courses.domain_names().get(
            source.renewal_ethics_domain, source.renewal_ethics_domain
        ),
    }
    response = render(request, "certification/programmes/detail.html", context)
    return _private(response) if signed_in else response


@require_http_methods(["GET", "POST"])
def programme_ethics(request, slug: str):
    """The programme's code of ethics in the reader's language, and signing it."""
    programme, source = selectors.programme_by_slug(slug=slug)
    if source.ethics_code_id is None:
        raise Http404
    code = selectors.localized_code(source.ethics_code)
    signed_in = _signed_in(request)
    if request.method == "POST" and not signed_in:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    current = (
        services.attestation_current(user_id=request.user.pk, code=code) if signed_in else None
    )
    form = AttestationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.attestation_sign(
                    user=request.user,
                    code=code,
                    language_code=code.locale.language_code,
                    typed_name=form.cleaned_data["typed_name"],
                )
            except services.AlreadySigned as signed:
                messages.info(
                    request,
                    _("You signed this version of the code on %(date)s. Nothing changed.")
                    % {"date": formats.date_format(signed.attestation.signed_at, "DATE_FORMAT")},
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Thank you. You signed the code of ethics (version %(version)s).")
                    % {"version": code.version},
                )
            if status == 200:
                return redirect("programmes:detail", slug=source.slug)
        else:
            status = 400
    response = render(
        request,
        "certification/programmes/ethics.html",
        {
            "programme": programme,
            "source": source,
            "code": code,
            "code_language": code.locale.language_code,
            "current": current,
            "form": form,
        },
        status=status,
    )
    return _private(response) if signed_in else response


# Practicum ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def practicum(request):
    """The trainee's practicum log, and the form to log hours."""
    form = PracticumLogForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.practicum_log(
                    user=request.user,
                    organization_id=data["organization"],
                    date=data["date"],
                    hours=data["hours"],
                    domain=data["domain"],
                    description=data["description"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Logged %(hours)s hours on %(date)s. A supervisor of %(organization)s "
                        "will approve them."
                    )
                    % {
                        "hours": selectors.format_hours(entry.hours),
                        "date": formats.date_format(entry.date, "DATE_FORMAT"),
                        "organization": entry.organization.name,
                    },
                )
                return redirect("programmes:practicum")
        status = 400
    return _private(
        render(
            request,
            "certification/programmes/practicum.html",
            {
                "form": form,
                "can_log": bool(form.organizations),
                "entries": selectors.practicum_entries(user=request.user),
                "totals": selectors.practicum_totals(user_id=request.user.pk),
                "domain_names": courses.domain_names(),
                "supervises": bool(organizations.organizations_supervised_by(request.user)),
            },
            status=status,
        )
    )


@login_required
@require_POST
def practicum_withdraw(request, entry_id: UUID):
    entry = selectors.entry_of(user=request.user, entry_id=entry_id)
    try:
        services.practicum_withdraw(entry=entry, user=request.user)
    except services.EntryNotFound:
        raise Http404 from None
    except services.AlreadyDecided:
        messages.error(request, _("This entry was decided on already and cannot be withdrawn."))
    else:
        messages.success(request, _("The entry was withdrawn."))
    return redirect("programmes:practicum")


@login_required
@require_GET
def practicum_review(request):
    """A supervisor's list of the hours waiting for their decision (403 for anyone who
    supervises nowhere)."""
    groups = selectors.entries_to_review(supervisor=request.user)
    if groups is None:
        raise PermissionDenied
    return _private(
        render(
            request,
            "certification/programmes/review.html",
            {"groups": groups, "domain_names": courses.domain_names()},
        )
    )


@login_required
@require_POST
def practicum_decide(request, entry_id: UUID):
    entry = selectors.entry_to_review(supervisor=request.user, entry_id=entry_id)
    form = PracticumDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the hours."))
        return redirect("programmes:practicum-review")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.practicum_decide(
            entry=entry, supervisor=request.user, approve=approve, note=form.cleaned_data["note"]
        )
    except (services.NotASupervisor, services.EntryNotFound):
        raise Http404 from None
    except services.OwnEntry:
        raise PermissionDenied from None
    except services.AlreadyDecided:
        messages.info(request, _("Someone decided on these hours already."))
    else:
        messages.success(
            request,
            _("The hours were approved.") if approve else _("The hours were not approved."),
        )
    return redirect("programmes:practicum-review")
