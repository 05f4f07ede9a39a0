"""What the webhook and event-feed operations answer (plain output serializers)."""

from __future__ import annotations

from datetime import UTC

from rest_framework import serializers

from ...models import OrganizationEvent, WebhookDelivery, WebhookEndpoint
from ...webhooks import mapping


def _webhook_timestamp(event: OrganizationEvent) -> str:
    return event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z")


class EndpointSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    url = serializers.URLField()
    description = serializers.CharField()
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=mapping.webhook_type_names()),
        help_text="The webhook types sent to this endpoint; empty: every type.",
    )
    status = serializers.ChoiceField(
        choices=WebhookEndpoint.Status.choices, help_text="A disabled endpoint receives nothing."
    )
    disabled_reason = serializers.ChoiceField(
        choices=[("", ""), *WebhookEndpoint.DisabledReason.choices],
        help_text="Why it was disabled: `gone` (it answered 410) or `failing`; empty if active.",
    )
    disabled_at = serializers.DateTimeField(allow_null=True)
    previous_secret_expires_at = serializers.SerializerMethodField(
        help_text="During a secret rotation: until when the previous secret also signs."
    )
    created_at = serializers.DateTimeField()

    def get_previous_secret_expires_at(self, endpoint) -> str | None:
        if not endpoint.previous_secret_encrypted or endpoint.previous_secret_expires_at is None:
            return None
        return serializers.DateTimeField().to_representation(endpoint.previous_secret_expires_at)


class EndpointWithSecretSerializer(EndpointSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (`whsec_…`). Shown only now: store it safely."
    )


class AttemptSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    duration_ms = serializers.IntegerField()
    status_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    response_excerpt = serializers.CharField(help_text="At most 1 KB of what the endpoint said.")


class DeliverySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    endpoint_id = serializers.UUIDField(source="endpoint.public_id")
    event_id = serializers.UUIDField(
        source="organization_event.event_id", help_text="The webhook's `webhook-id`."
    )
    event_type = serializers.CharField(source="organization_event.type")
    status = serializers.ChoiceField(
        choices=WebhookDelivery.Status.choices,
        help_text="`pending` (on its way, or waiting to be retried), `succeeded`, `failed` (gave "
        "up after the last retry), `cancelled` (the endpoint was disabled, or the member stopped "
        "sharing).",
    )
    attempts = serializers.IntegerField(help_text="Attempts since it was (re)queued.")
    next_attempt_at = serializers.SerializerMethodField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    attempt_log = AttemptSerializer(many=True, help_text="Every attempt, oldest first.")

    def get_next_attempt_at(self, delivery) -> str | None:
        if delivery.status != WebhookDelivery.Status.PENDING or delivery.next_attempt_at is None:
            return None
        return serializers.DateTimeField().to_representation(delivery.next_attempt_at)


class EventSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="event_id", help_text="The same as the webhook's id.")
    cursor = serializers.CharField(
        source="sequence", help_text="Pass as `after` to read the events after this one."
    )
    type = serializers.CharField()
    timestamp = serializers.SerializerMethodField()
    data = serializers.JSONField(help_text="As in the webhook's body.")

    def get_timestamp(self, event) -> str:
        return _webhook_timestamp(event)


class EventPageSerializer(serializers.Serializer):
    results = EventSerializer(many=True)
    next_cursor = serializers.CharField(
        help_text="Where to continue from (the last event's cursor, or the one you gave)."
    )
    next = serializers.URLField(help_text="The URL of the next page (empty until there is more).")
    has_more = serializers.BooleanField(help_text="Whether more events follow right away.")


class EventTypeSerializer(serializers.Serializer):
    type = serializers.CharField(source="webhook_type")
    description = serializers.CharField()
