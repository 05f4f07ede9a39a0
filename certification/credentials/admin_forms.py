"""Forms of the credential admin: the programme and code-of-ethics editors (badge artwork
prepared on save; a signed code's text kept as it was) and the small forms of the credential
actions (suspend, reinstate, revoke, renew, award)."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Locale

from ..models import Credential, EthicsAttestation, Programme
from ..rendering.artwork import (
    default_artwork,
    prepare_png_artwork,
    validate_svg_artwork,
)
from ..rendering.errors import ArtworkError

BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOTE_MAX_LENGTH = 2000


def _artwork_kind(data: bytes) -> str | None:
    """ "png" or "svg" judged by the bytes (never by the file name), or None."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536]:
        return "svg"
    return None


class ProgrammeAdminForm(WagtailAdminModelForm):
    """The programme editor. An uploaded artwork is recognised by its content, validated and
    stored prepared (a PNG fitted and stripped of metadata, an SVG cleaned); `badge_png` and
    `badge_svg` follow it, and a programme without artwork (or with SVG artwork) gets the
    default design as its PNG."""

    def clean_artwork(self):
        artwork = self.cleaned_data.get("artwork")
        self._prepared: tuple[str, bytes] | None = None
        if not isinstance(artwork, UploadedFile):
            return artwork  # unchanged (a stored file), cleared (False) or empty
        artwork.seek(0)
        data = artwork.read()
        kind = _artwork_kind(data)
        if kind is None:
            raise ValidationError(
                _("Upload the artwork as a PNG or SVG image."), code="unsupported_type"
            )
        try:
            prepared = prepare_png_artwork(data) if kind == "png" else validate_svg_artwork(data)
        except ArtworkError as error:
            raise ValidationError(error.template, code=error.code, params=error.params) from None
        self._prepared = (kind, prepared)
        stem = slugify(self.cleaned_data.get("slug") or self.instance.slug or "") or "badge"
        return ContentFile(prepared, name=f"{stem}.{kind}")

    def _design_changed(self) -> bool:
        return bool({"name", "color", "artwork"} & set(self.changed_data))

    def save(self, commit=True):
        programme = self.instance
        prepared = getattr(self, "_prepared", None)
        if prepared is not None:
            kind, data = prepared
            if kind == "png":
                programme.badge_png, programme.badge_svg = data, ""
            else:
                programme.badge_png = default_artwork(title=programme.name, color=programme.color)
                programme.badge_svg = data.decode()
        elif not programme.artwork:
            if not programme.badge_png or programme.badge_svg or self._design_changed():
                programme.badge_png = default_artwork(title=programme.name, color=programme.color)
            programme.badge_svg = ""
        elif programme.badge_svg and self._design_changed():
            # SVG artwork: the PNG is the default design, which shows the name and colour.
            programme.badge_png = default_artwork(title=programme.name, color=programme.color)
        return super().save(commit=commit)


class EthicsCodeAdminForm(WagtailAdminModelForm):
    """The code-of-ethics editor: once someone signed a version, its text (and version number)
    stay as they were signed; a changed text is published as a new version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signatures = 0
        self.signed_text = self.instance.text
        if self.instance.pk:
            self.signatures = EthicsAttestation.objects.filter(
                code_key=self.instance.translation_key, version=self.instance.version
            ).count()
        if "text" in self.fields:
            self.fields["text"].help_text = _(
                "Never edit a version someone has signed: publish the changed text as a new "
                "version (a new code of ethics with a new version number)."
            )

    def _signed_error(self) -> ValidationError:
        return ValidationError(
            ngettext(
                "Signed by %(count)d person: publish a new version instead.",
                "Signed by %(count)d people: publish a new version instead.",
                self.signatures,
            ),
            code="signed",
            params={"count": self.signatures},
        )

    def _normalized(self, html: str) -> str:
        """`html` as the rich text editor gives it back, without its random block keys: the
        editor's round trip of an unchanged text is the same text."""
        converter = getattr(self.fields["text"].widget, "converter", None)
        if converter is not None:
            html = converter.to_database_format(converter.from_database_format(html))
        return BLOCK_KEY.sub("", html)

    def clean(self):
        cleaned_data = super().clean()
        if not self.signatures:
            return cleaned_data
        if "text" in cleaned_data:
            if self._normalized(cleaned_data["text"]) != self._normalized(self.signed_text):
                self.add_error("text", self._signed_error())
            else:
                # Keep the signed bytes: the signatures hold the digest of this exact text.
                cleaned_data["text"] = self.signed_text
        if "version" in self.changed_data:
            self.add_error("version", self._signed_error())
        return cleaned_data


def _note_field(*, required: bool, label=None, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"),
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class SuspendForm(forms.Form):
    until = forms.DateField(
        label=_("Suspended until"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Optional. Leave empty to suspend until it is reinstated."),
    )
    reason_code = forms.SlugField(
        label=_("Reason"),
        max_length=30,
        help_text=_(
            "A short code for the reason, in letters, digits, “_” and “-”, e.g. "
            "“ethics_investigation”."
        ),
    )
    note = _note_field(
        required=True,
        help_text=_("Why, for the audit trail. The holder does not see this note."),
    )

    def clean_reason_code(self):
        return self.cleaned_data["reason_code"].lower()

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is not None and until <= timezone.localdate():
            raise ValidationError(_("The date must be in the future."), code="past")
        return until


class ReinstateForm(forms.Form):
    note = _note_field(required=False)


class RevokeForm(forms.Form):
    """Two steps: the reason and note, then a confirmation that revoking is permanent
    (`confirmed` is set by the confirmation page)."""

    reason_code = forms.ChoiceField(label=_("Reason"), choices=Credential.RevocationReason.choices)
    note = _note_field(required=True, help_text=_("Why, for the audit trail."))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RenewForm(forms.Form):
    """Nothing to fill in: the POST itself confirms."""


def source_programmes_queryset():
    return Programme.objects.filter(locale=Locale.get_default(), is_active=True).order_by("name")


class AwardForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the holder"),
        help_text=_("The holder must already have an account."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=None
    )
    reason = _note_field(
        required=True,
        label=_("Reason"),
        help_text=_("Why the credential is awarded without the programme's requirements."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = source_programmes_queryset()
        self.holder = None

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.holder = get_user_model().objects.filter(email__iexact=email).first()
        if self.holder is None:
            raise ValidationError(
                _("There is no account with this e-mail address."), code="unknown"
            )
        return email
