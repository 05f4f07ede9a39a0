"""The language-neutral public endpoints (DESIGN.md, "Public URLs"): the human verification page
in the visitor's language, the signed credential (JSON-LD and VC-JWT), the baked badge, the PDF
certificate, Open Badges 2.0 hosted verification, the status lists and the DID document.

A credential's state is read from the database on every request, so a revocation shows at
once. A private credential (`is_public` false) is "not found" for everyone but its holder. No
response names the holder's e-mail address.

These URLs sit outside the language-prefixed patterns. Django's LocaleMiddleware turns a 404
there into a redirect to the same path under /<lang>/ whenever that path resolves (and Wagtail's
page serving resolves almost every path, as does the holder's /<lang>/credentials/<uuid>/), so
each view here marks the request as served by this language-neutral URLconf
(`request.urlconf`): a credential that does not exist, or is private, answers 404 itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from courses import api as courses

from ..models import Credential, Programme
from ..rendering import qr
from . import documents, ob2, presentation, signing, status
from .verification_log import Channel, log_verifications

VC_JSON = "application/vc+ld+json"
VC_JWT = "application/vc+jwt"
DID_JSON = "application/did+json"
LANGUAGE_NEUTRAL_URLCONF = "certification.credentials.public_urls"


# Plumbing ------------------------------------------------------------------------------------


def language_neutral(view):
    """See the module docstring: a 404 from this view stays a 404."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.urlconf = LANGUAGE_NEUTRAL_URLCONF
        return view(request, *args, **kwargs)

    return wrapped


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _short_cache(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.SEBAYA_STATUS_MAX_AGE)
    return response


def _holder_only(response: HttpResponse) -> HttpResponse:
    """A private credential's response, for its holder's eyes: no shared cache keeps it."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _no_index(response: HttpResponse) -> HttpResponse:
    # People's names on verification pages are for whoever has the link, not for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _conditional(request, response: HttpResponse, *, last_modified: datetime | None = None):
    """Set ETag (from the body) and Last-Modified; answer 304 when the client has it."""
    etag = _etag(response.content)
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        for header in ("Cache-Control", "Access-Control-Allow-Origin", "X-Robots-Tag", "Vary"):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


def _parse_uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


def is_holder(request, credential: Credential) -> bool:
    return request.user.is_authenticated and request.user.pk == credential.holder_id


def visible_credential(request, public_id: str) -> Credential:
    """The credential, if this visitor may see it: public, or theirs. Http404 otherwise (a
    private credential and one that does not exist look the same)."""
    credential = (
        Credential.objects.select_related("programme", "programme__locale", "renewed_by")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if credential is None or not (credential.is_public or is_holder(request, credential)):
        raise Http404
    return credential


def _finish(request, credential: Credential, response: HttpResponse) -> HttpResponse:
    """Caching for a credential's response: short for public ones, none for the holder's view
    of their private one."""
    if credential.is_public:
        _short_cache(response)
    else:
        _holder_only(response)
    return _no_index(response)


# The verification page -----------------------------------------------------------------------

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def requested_language(request) -> str | None:
    """`?lang=de|id|en`, if it names one of the site's languages."""
    value = request.GET.get("lang", "")
    return value if value in LANGUAGE_CODES else None


@dataclass(frozen=True)
class HoursRow:
    name: str
    hours: str


def format_hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def credential_state(credential: Credential, *, now: datetime | None = None) -> str:
    """Credential.state without "expiring": to anyone verifying, an expiring credential is
    valid."""
    state = credential.state(now=now)
    return "valid" if state == "expiring" else state


def hours_rows(credential: Credential, *, language_code: str) -> list[HoursRow]:
    names = courses.domain_names(language_code=language_code)
    rows = []
    for slug, name in names.items():  # in the domains' order
        value = Decimal(credential.hours.get(slug, "0") or "0")
        if value > 0:
            rows.append(HoursRow(name=name, hours=format_hours(value)))
    return rows


def linkedin_url(credential: Credential, *, programme_name: str) -> str:
    """LinkedIn's "Add licence or certification" form, filled in (a link: no request from us)."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": programme_name,
        "organizationName": settings.SEBAYA_ISSUER_NAME,
        "issueYear": credential.valid_from.year,
        "issueMonth": credential.valid_from.month,
    }
    if credential.valid_until is not None:
        params["expirationYear"] = credential.valid_until.year
        params["expirationMonth"] = credential.valid_until.month
    params["certUrl"] = documents.credential_url(credential)
    params["certId"] = str(credential.public_id)
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


def renewal_checklist_url(programme: Programme) -> str:
    """The programme's checklist page, or "" while that page does not exist."""
    try:
        return reverse("programmes:detail", args=[programme.slug])
    except NoReverseMatch:
        return ""


def share_context(credential: Credential, *, programme_name: str) -> dict:
    """The links of the share actions, for the public page and the holder's page."""
    base = f"/credentials/{credential.public_id}/"
    return {
        "page_url": documents.credential_url(credential),
        "json_url": base + "credential.json",
        "jwt_url": base + "credential.jwt",
        "badge_url": base + "badge.png",
        "pdf_url": base + "certificate.pdf",
        "ob2_url": f"/ob2/assertions/{credential.public_id}.json",
        "linkedin_url": linkedin_url(credential, programme_name=programme_name)
        if credential_state(credential) == "valid"
        else "",
    }


def credential_context(credential: Credential, *, language_code: str) -> dict:
    """Everything the verification page shows about the credential, in `language_code`."""
    programme = presentation.localized_programme(credential.programme, language_code)
    credential_status = credential.document.get("credentialStatus") or {}
    renewed_by = getattr(credential, "renewed_by", None)
    source = credential.programme
    return {
        "credential": credential,
        "programme": programme,
        # The programme's texts are in the page's language where translated, else the source's.
        "programme_language": language_code
        if programme.pk != source.pk
        else source.locale.language_code,
        "state": credential_state(credential),
        "issued_on": timezone.localdate(credential.issued_at),
        "valid_from": timezone.localdate(credential.valid_from),
        "valid_until": timezone.localdate(credential.valid_until)
        if credential.valid_until
        else None,
        "revocation_reason": Credential.RevocationReason(credential.revocation_reason).label
        if credential.revocation_reason in Credential.RevocationReason.values
        else "",
        "renewed_by": renewed_by,
        "hours_rows": hours_rows(credential, language_code=language_code),
        "practicum_hours": format_hours(credential.practicum_hours)
        if credential.practicum_hours
        else "",
        "issuer_name": settings.SEBAYA_ISSUER_NAME,
        "issuer_url": signing.site_url() + "/",
        "issuer_did": signing.issuer_did(),
        "status_list_url": credential_status.get("statusListCredential", ""),
        "share": share_context(credential, programme_name=programme.name),
        "renewal_url": renewal_checklist_url(credential.programme),
    }


@require_safe
@language_neutral
def verification_page(request, public_id: str):
    credential = visible_credential(request, public_id)
    language = requested_language(request) or translation.get_language()
    holder = is_holder(request, credential)
    path = f"/credentials/{credential.public_id}/"
    with translation.override(language):
        context = credential_context(credential, language_code=language)
        page_url = context["share"]["page_url"]
        context |= {
            "is_holder": holder,
            "manage_url": reverse("credentials:detail", args=[credential.public_id])
            if holder
            else "",
            "qr_svg": mark_safe(  # noqa: S308 - segno's SVG of our own URL
                qr.qr_svg(page_url, title=_("QR code linking to this verification page"))
            ),
            "og_image_url": ob2.badge_image_url(credential.programme.slug),
            "language_urls": {code: f"{path}?lang={code}" for code in LANGUAGE_CODES},
        }
        response = render(request, "certification/credentials/verification.html", context)
        response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if holder:
        _holder_only(response)
    else:
        patch_cache_control(response, no_cache=True, max_age=0)
        if request.method == "GET":  # the holder sees who verified (verification_log)
            log_verifications(credentials=[credential], channel=Channel.PUBLIC_PAGE)
    return _no_index(response)


# The credential's files ----------------------------------------------------------------------


@require_safe
@language_neutral
def credential_json(request, public_id: str):
    credential = visible_credential(request, public_id)
    body = json.dumps(credential.document, ensure_ascii=False, indent=2).encode()
    response = HttpResponse(body, content_type=VC_JSON)
    _cors(_finish(request, credential, response))
    return _conditional(request, response, last_modified=credential.issued_at)


@require_safe
@language_neutral
def credential_jwt(request, public_id: str):
    credential = visible_credential(request, public_id)
    if not credential.jwt:
        raise Http404
    response = HttpResponse(credential.jwt.encode(), content_type=VC_JWT)
    _cors(_finish(request, credential, response))
    return _conditional(request, response, last_modified=credential.issued_at)


def _filename_part(value: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "-" for char in value)[:60]


@require_safe
@language_neutral
def badge_png(request, public_id: str):
    credential = visible_credential(request, public_id)
    response = HttpResponse(presentation.baked_badge_png(credential), content_type="image/png")
    filename = f"badge-{_filename_part(credential.programme.slug)}.png"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    _cors(_finish(request, credential, response))
    return _conditional(request, response)


@require_safe
@language_neutral
def certificate_pdf(request, public_id: str):
    """In `?lang=` or the holder's language; the state (revoked, …) is printed on it."""
    credential = visible_credential(request, public_id)
    language = requested_language(request) or credential.language_code or "en"
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    pdf = presentation.certificate_pdf(credential, language_code=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{_filename_part(credential.programme.slug)}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Language"] = language
    _finish(request, credential, response)
    if credential.is_public:
        # The state printed on it can change at any moment: check back every time.
        patch_cache_control(response, no_cache=True, max_age=0)
    return response


# Open Badges 2.0 hosted verification ---------------------------------------------------------


def _json(document: dict, *, status_code: int = 200, content_type: str) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return HttpResponse(body, status=status_code, content_type=content_type)


def _source_programme(slug: str) -> Programme:
    programme = (
        Programme.objects.filter(slug=slug, locale=Locale.get_default())
        .select_related("locale")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


@require_safe
@language_neutral
def ob2_issuer(request):
    response = _json(ob2.issuer(), content_type=ob2.CONTENT_TYPE)
    return _conditional(request, _cors(_short_cache(response)))


@require_safe
@language_neutral
def ob2_badge_class(request, slug: str):
    response = _json(ob2.badge_class(_source_programme(slug)), content_type=ob2.CONTENT_TYPE)
    return _conditional(request, _cors(_short_cache(response)))


@require_safe
@language_neutral
def ob2_badge_image(request, slug: str):
    programme = _source_programme(slug)
    response = HttpResponse(presentation.programme_badge_png(programme), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{_filename_part(programme.slug)}.png"'
    return _conditional(request, _cors(_short_cache(response)))


@require_safe
@language_neutral
def ob2_assertion(request, public_id: str):
    """200 and the assertion; 410 Gone and `"revoked": true` when revoked or suspended."""
    credential = visible_credential(request, public_id)
    if ob2.is_gone(credential):
        response = _json(ob2.gone(credential), status_code=410, content_type=ob2.CONTENT_TYPE)
        return _cors(_finish(request, credential, response))
    response = _json(ob2.assertion(credential), content_type=ob2.CONTENT_TYPE)
    _cors(_finish(request, credential, response))
    return _conditional(request, response)


@require_safe
@language_neutral
def ob2_assertion_image(request, public_id: str):
    credential = visible_credential(request, public_id)
    if ob2.is_gone(credential):
        response = _json(ob2.gone(credential), status_code=410, content_type=ob2.CONTENT_TYPE)
        return _cors(_finish(request, credential, response))
    response = HttpResponse(ob2.baked_png(credential), content_type="image/png")
    filename = f"badge-{_filename_part(credential.programme.slug)}.png"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    _cors(_finish(request, credential, response))
    return _conditional(request, response)


# Status lists and the issuer's DID document --------------------------------------------------


@require_safe
@language_neutral
def status_list(request, list_id: str):
    document = status.list_document(list_id)
    if not document:
        raise Http404
    response = _json(document, content_type=VC_JSON)
    return _conditional(request, _cors(_short_cache(response)))


@require_safe
@language_neutral
def did_document(request):
    response = _json(signing.did_document(), content_type=DID_JSON)
    return _conditional(request, _cors(_short_cache(response)))
