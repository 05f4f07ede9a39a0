"""Writes for organisations. Each is one transaction that records its event."""

from django.db import transaction
from django.utils.text import slugify

from lms.events import api as events

from .events import OrganizationCreated
from .models import Organization


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
