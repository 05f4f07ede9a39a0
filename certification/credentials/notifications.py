"""E-mails to holders: the credential issued (with its certificate attached) and expiry
reminders. Sent from event handlers, in the holder's language; a failure to send is logged and
raised so the handler run is retried."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Credential
from .documents import credential_url
from .presentation import certificate_pdf, localized_programme


def _context(credential: Credential, language: str) -> dict:
    programme = localized_programme(credential.programme, language)
    with translation.override(language):
        manage_path = reverse("credentials:detail", args=[credential.public_id])
    return {
        "credential": credential,
        "programme": programme,
        "holder_name": credential.holder.display_name or credential.holder.email,
        "verification_url": credential_url(credential),
        "manage_url": settings.SITE_URL.rstrip("/") + manage_path,
        "site_name": settings.SEBAYA_ISSUER_NAME,
    }


def _send(*, credential: Credential, template: str, extra: dict, attach_pdf: bool) -> None:
    language = credential.holder.preferred_language or credential.language_code or "en"
    with translation.override(language):
        context = _context(credential, language) | extra
        subject = " ".join(
            render_to_string(f"certification/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"certification/email/{template}_message.txt", context)
        message = EmailMessage(
            subject=getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + subject,
            body=body,
            to=[credential.holder.email],
        )
        if attach_pdf:
            message.attach(
                f"certificate-{credential.public_id}.pdf",
                certificate_pdf(credential, language_code=language),
                "application/pdf",
            )
        message.send()


def credential_issued(*, credential_id: UUID) -> None:
    credential = (
        Credential.objects.select_related("holder", "programme")
        .filter(public_id=credential_id)
        .first()
    )
    if credential is None or credential.status not in (
        Credential.Status.ACTIVE,
        Credential.Status.REPLACED,
    ):
        return
    _send(credential=credential, template="credential_issued", extra={}, attach_pdf=True)


def credential_expiring(*, credential_id: UUID, days_before: int) -> None:
    credential = (
        Credential.objects.select_related("holder", "programme")
        .filter(public_id=credential_id, status=Credential.Status.ACTIVE)
        .first()
    )
    if credential is None:
        return
    _send(
        credential=credential,
        template="credential_expiring",
        extra={"days_before": days_before},
        attach_pdf=False,
    )
