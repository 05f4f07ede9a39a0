"""Programmes and codes of ethics in the admin: the badge artwork is recognised by its content,
prepared on save (or drawn when there is none) and previewed; unsafe artwork is a field error;
a signed code of ethics keeps its text; both are translatable snippets."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from certification.models import EthicsAttestation, EthicsCode, Programme

pytestmark = pytest.mark.django_db

PROGRAMME_ADD = "wagtailsnippets_certification_programme:add"
PROGRAMME_EDIT = "wagtailsnippets_certification_programme:edit"
PROGRAMME_LIST = "wagtailsnippets_certification_programme:list"
CODE_EDIT = "wagtailsnippets_certification_ethicscode:edit"

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<script>alert("x")</script><circle cx="32" cy="32" r="30" fill="#1f5f8b"/></svg>'
)
CLEAN_SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<circle cx="32" cy="32" r="30" fill="#1f5f8b"/></svg>'
)


def png_bytes(size=(300, 200), color=(200, 40, 40, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def programme_form(slug="new-programme", **overrides) -> dict:
    data = nested_form_data(
        {
            "name": "Peer Support Specialist",
            "slug": slug,
            "description": "Certifies peer supporters.",
            "criteria": "Training, practice and the code of ethics.",
            "is_active": "on",
            "practicum_hours": "0",
            "ethics_code": "",
            "validity_months": "24",
            "grace_days": "90",
            "reminder_days": "90, 30, 7",
            "renewal_hours": "20",
            "renewal_ethics_hours": "3",
            "renewal_ethics_domain": "ethics-boundaries",
            "renewal_reattestation": "on",
            "color": "#1f5f8b",
            "required_courses": inline_formset([]),
            "required_assessments": inline_formset([]),
            "required_domain_hours": inline_formset([]),
        }
    )
    data.update(overrides)
    return data


def is_png(data: bytes) -> bool:
    return bytes(data).startswith(b"\x89PNG\r\n\x1a\n")


def test_an_uploaded_png_is_prepared_into_the_badge(admin_client):
    upload = SimpleUploadedFile("badge.png", png_bytes(), content_type="image/png")
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form(artwork=upload))

    assert response.status_code == 302, response.context["form"].errors
    programme = Programme.objects.get(slug="new-programme")
    assert is_png(programme.badge_png)
    with Image.open(io.BytesIO(bytes(programme.badge_png))) as image:
        assert image.size == (512, 512)
    assert programme.badge_svg == ""
    assert programme.artwork.name.endswith(".png")
    assert programme.artwork.read() == bytes(programme.badge_png)


def test_the_artwork_kind_comes_from_the_content_not_the_name(admin_client):
    upload = SimpleUploadedFile("badge.svg", png_bytes(), content_type="image/svg+xml")
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form(artwork=upload))
    assert response.status_code == 302
    programme = Programme.objects.get(slug="new-programme")
    assert programme.artwork.name.endswith(".png")
    assert programme.badge_svg == ""


def test_an_svg_with_a_script_is_a_field_error(admin_client):
    upload = SimpleUploadedFile("badge.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml")
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form(artwork=upload))
    assert response.status_code == 200
    assert response.context["form"].errors["artwork"] == [
        "SVG files with scripts are not accepted."
    ]
    assert not Programme.objects.filter(slug="new-programme").exists()


@pytest.mark.parametrize(
    "content", [b"GIF89a not a badge", b"\x89PNG\r\n\x1a\n broken", b"<html></html>"]
)
def test_other_files_are_a_field_error(admin_client, content):
    upload = SimpleUploadedFile("badge.png", content, content_type="image/png")
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form(artwork=upload))
    assert response.status_code == 200
    assert response.context["form"].errors["artwork"]
    assert not Programme.objects.filter(slug="new-programme").exists()


def test_a_clean_svg_is_kept_and_the_png_is_the_default_design(admin_client):
    upload = SimpleUploadedFile("badge.svg", CLEAN_SVG, content_type="image/svg+xml")
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form(artwork=upload))
    assert response.status_code == 302
    programme = Programme.objects.get(slug="new-programme")
    assert "<circle" in programme.badge_svg
    assert is_png(programme.badge_png)
    assert programme.artwork.name.endswith(".svg")


def test_without_artwork_the_badge_is_drawn(admin_client):
    response = admin_client.post(reverse(PROGRAMME_ADD), programme_form())
    assert response.status_code == 302
    programme = Programme.objects.get(slug="new-programme")
    assert is_png(programme.badge_png)
    assert programme.badge_svg == ""
    first = bytes(programme.badge_png)

    # A new colour redraws it.
    data = programme_form(color="#8b1f1f")
    response = admin_client.post(reverse(PROGRAMME_EDIT, args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert is_png(programme.badge_png)
    assert bytes(programme.badge_png) != first


def test_the_list_and_the_editor_show_programmes_with_their_badge(admin_client, credential):
    programme = credential.programme
    html = admin_client.get(reverse(PROGRAMME_LIST)).content.decode()
    assert programme.name in html
    assert "24 months" in html

    admin_client.post(
        reverse(PROGRAMME_EDIT, args=[programme.pk]), programme_form(slug=programme.slug)
    )
    response = admin_client.get(reverse(PROGRAMME_EDIT, args=[programme.pk]))
    badge_url = reverse("certification_programme_badge", args=[programme.pk])
    assert response.status_code == 200
    assert badge_url in response.content.decode()

    badge = admin_client.get(badge_url)
    assert badge.status_code == 200
    assert badge["Content-Type"] == "image/png"
    assert is_png(badge.content)


def test_the_list_counts_credentials(admin_client, credential):
    response = admin_client.get(reverse(PROGRAMME_LIST))
    (programme,) = [
        row for row in response.context["object_list"] if row.pk == credential.programme_id
    ]
    assert programme.credential_count == 1


def test_editors_cannot_open_programmes_or_their_badge(client, editor, programme):
    client.force_login(editor)
    assert client.get(reverse(PROGRAMME_LIST)).status_code in (302, 403)
    badge_url = reverse("certification_programme_badge", args=[programme.pk])
    assert client.get(badge_url).status_code in (302, 403)


def test_a_programme_can_be_submitted_for_translation(admin_client, programme):
    Locale.objects.get_or_create(language_code="de")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["certification", "programme", programme.pk],
    )
    assert url in admin_client.get(reverse(PROGRAMME_LIST)).content.decode()
    assert admin_client.get(url).status_code == 200


# Codes of ethics ------------------------------------------------------------------------------


@pytest.fixture
def code(db):
    return EthicsCode.objects.create(
        title="Code of ethics",
        version="2026.1",
        text="<p>I keep healthy boundaries.</p>",
        locale=Locale.get_default(),
    )


def code_form(code, **overrides) -> dict:
    return {
        "title": code.title,
        "version": code.version,
        "effective_from": code.effective_from.isoformat(),
        "text": rich_text(code.text),
        **overrides,
    }


def sign(code, user):
    return EthicsAttestation.objects.create(
        user=user,
        code_key=code.translation_key,
        version=code.version,
        language_code="en",
        text_sha256=code.text_sha256,
        typed_name="Hana Holder",
    )


def test_an_unsigned_code_may_be_edited(admin_client, code):
    response = admin_client.get(reverse(CODE_EDIT, args=[code.pk]))
    assert "publish the changed text as a new version" in response.content.decode()
    data = code_form(code, text=rich_text("<p>I keep clear boundaries.</p>"))
    response = admin_client.post(reverse(CODE_EDIT, args=[code.pk]), data)
    assert response.status_code == 302
    code.refresh_from_db()
    assert "clear boundaries" in code.text


def test_a_signed_code_keeps_its_text(admin_client, code, holder):
    sign(code, holder)
    data = code_form(code, text=rich_text("<p>Something else.</p>"))
    response = admin_client.post(reverse(CODE_EDIT, args=[code.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Signed by 1 person: publish a new version instead."
    ]
    code.refresh_from_db()
    assert code.text == "<p>I keep healthy boundaries.</p>"

    # Other fields may still change.
    response = admin_client.post(
        reverse(CODE_EDIT, args=[code.pk]), code_form(code, title="Code of ethics for peers")
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.title == "Code of ethics for peers"
    # The signed text is kept byte for byte (the signatures hold its digest).
    assert code.text == "<p>I keep healthy boundaries.</p>"
