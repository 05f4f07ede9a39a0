"""Reads of the webhooks for the partner API, always within one organisation: another
organisation's endpoint or delivery is as absent as one that never existed."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Prefetch, QuerySet

from ..models import OrganizationEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints_for_organization(*, organization_id: int) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization_id=organization_id)


def endpoint_for_organization(*, organization_id: int, public_id: UUID) -> WebhookEndpoint | None:
    return (
        endpoints_for_organization(organization_id=organization_id)
        .filter(public_id=public_id)
        .first()
    )


def deliveries_for_endpoint(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's deliveries with their event and attempts (three queries for a page)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("organization_event", "endpoint")
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("at", "pk"))
        )
    )


def delivery_for_organization(*, organization_id: int, public_id: UUID) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.filter(
            endpoint__organization_id=organization_id, public_id=public_id
        )
        .select_related("organization_event", "endpoint")
        .first()
    )


def feed(
    *, organization_id: int, after: int = 0, types: list[str] | None = None, limit: int = 50
) -> list[OrganizationEvent]:
    """The organisation's events after position `after`, oldest first, leaving out those the
    member has since stopped sharing."""
    rows = OrganizationEvent.objects.filter(
        organization_id=organization_id, sequence__gt=after, withdrawn_at__isnull=True
    )
    if types:
        rows = rows.filter(type__in=types)
    return list(rows.order_by("sequence")[:limit])
