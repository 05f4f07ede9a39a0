"""The language-neutral public URLs of DESIGN.md ("Public URLs"): verification pages, signed
credentials, baked badges, certificates, Open Badges 2.0 hosted verification, status lists and
the issuer's DID document. They are stable: wallets, QR codes and partners depend on them.

Identifiers are matched as plain path segments and checked in the views, so a malformed one
answers 404 like an unknown one."""

from django.urls import path

from . import public_views as views

app_name = "credentials_public"

urlpatterns = [
    path("credentials/<str:public_id>/", views.verification_page, name="page"),
    path("credentials/<str:public_id>/credential.json", views.credential_json, name="json"),
    path("credentials/<str:public_id>/credential.jwt", views.credential_jwt, name="jwt"),
    path("credentials/<str:public_id>/badge.png", views.badge_png, name="badge"),
    path("credentials/<str:public_id>/certificate.pdf", views.certificate_pdf, name="certificate"),
    path("ob2/issuer.json", views.ob2_issuer, name="ob2-issuer"),
    path("ob2/badges/<str:slug>.json", views.ob2_badge_class, name="ob2-badge-class"),
    path("ob2/badges/<str:slug>.png", views.ob2_badge_image, name="ob2-badge-image"),
    path("ob2/assertions/<str:public_id>.json", views.ob2_assertion, name="ob2-assertion"),
    path(
        "ob2/assertions/<str:public_id>/badge.png",
        views.ob2_assertion_image,
        name="ob2-assertion-image",
    ),
    path("status/<str:list_id>", views.status_list, name="status-list"),
    path(".well-known/did.json", views.did_document, name="did"),
]
