"""Webhook endpoints, their deliveries, and the event feed (/api/v1/webhooks/…, /api/v1/events).

Every operation needs the scope `webhooks:manage` and sees only the caller's organisation: an id
of another organisation's endpoint or delivery answers 404, as an unknown one does. The event
feed needs `webhooks:manage` too: it holds exactly what the webhooks carry (ids and facts of the
members' credentials, course completions and memberships, as each member consented to share), so
it is for the same integration; `roster:read` and `credentials:verify` do not open it.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from lms.rest.pagination import CursorPagination
from lms.rest.problems import Problem
from lms.rest.schema import ProblemSerializer

from ...webhooks import mapping, selectors, services
from .serializers import (
    DeliverySerializer,
    EndpointSerializer,
    EndpointWithSecretSerializer,
    EventPageSerializer,
    EventSerializer,
    EventTypeSerializer,
)

SCOPE = "webhooks:manage"
WEBHOOKS = ["Webhooks"]
EVENTS = ["Event feed"]
FEED_MAX_LIMIT = 200
FEED_DEFAULT_LIMIT = 50


def _page_schema(name: str, item: serializers.Serializer):
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


def _organization_id(request) -> int:
    return request.user.organization.pk


def _endpoint(request, endpoint_id: UUID):
    endpoint = selectors.endpoint_for_organization(
        organization_id=_organization_id(request), public_id=endpoint_id
    )
    if endpoint is None:
        raise Problem("not-found", "No webhook endpoint with this id.")
    return endpoint


def _invalid(exc: services.WebhookError, field: str) -> Problem:
    return Problem("invalid-request", exc.message, errors={field: [exc.message]})


def _paginate(request, view, queryset, serializer_class, ordering):
    paginator = CursorPagination()
    paginator.ordering = ordering
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


_event_types_field = serializers.ListField(
    child=serializers.ChoiceField(choices=mapping.webhook_type_names()),
    max_length=len(mapping.WEBHOOK_TYPES),
    required=False,
    help_text="Webhook types to send (see /api/v1/webhooks/event-types); empty or left out: all.",
)


class EndpointListApi(APIView):
    required_scopes = {SCOPE}

    class InputSerializer(serializers.Serializer):
        url = serializers.CharField(
            max_length=2000,
            help_text="An https URL on a public address (no credentials in it). Redirects are "
            "not followed.",
        )
        description = serializers.CharField(max_length=200, required=False, allow_blank=True)
        event_types = _event_types_field

    @extend_schema(
        operation_id="webhook_endpoints_list",
        summary="List the organisation's webhook endpoints",
        tags=WEBHOOKS,
        parameters=[OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`.")],
        responses={200: _page_schema("WebhookEndpointPage", EndpointSerializer(many=True))},
    )
    def get(self, request):
        endpoints = selectors.endpoints_for_organization(organization_id=_organization_id(request))
        return _paginate(request, self, endpoints, EndpointSerializer, ("pk",))

    @extend_schema(
        operation_id="webhook_endpoints_create",
        summary="Register a webhook endpoint",
        description="Answers the endpoint with its signing secret, shown only this once.",
        tags=WEBHOOKS,
        request=InputSerializer,
        responses={201: EndpointWithSecretSerializer},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            created = services.endpoint_create(
                organization_id=_organization_id(request),
                url=data.validated_data["url"],
                event_types=data.validated_data.get("event_types") or [],
                description=data.validated_data.get("description", ""),
                created_by_id=request.auth.created_by_id,
                created_with_key=request.auth.prefix,
            )
        except services.InvalidEndpoint as exc:
            raise _invalid(exc, "url") from None
        body = {**EndpointSerializer(created.endpoint).data, "secret": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)


class EndpointDetailApi(APIView):
    required_scopes = {SCOPE}

    class InputSerializer(serializers.Serializer):
        url = serializers.CharField(max_length=2000, required=False)
        description = serializers.CharField(max_length=200, required=False, allow_blank=True)
        event_types = _event_types_field

    @extend_schema(
        operation_id="webhook_endpoints_retrieve",
        summary="Show a webhook endpoint",
        tags=WEBHOOKS,
        responses={200: EndpointSerializer},
    )
    def get(self, request, endpoint_id: UUID):
        return Response(EndpointSerializer(_endpoint(request, endpoint_id)).data)

    @extend_schema(
        operation_id="webhook_endpoints_update",
        summary="Change a webhook endpoint's URL, types or description",
        description="Fields left out stay as they are. Pending deliveries go to the new URL.",
        tags=WEBHOOKS,
        request=InputSerializer,
        responses={200: EndpointSerializer},
    )
    def patch(self, request, endpoint_id: UUID):
        endpoint = _endpoint(request, endpoint_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            endpoint = services.endpoint_update(
                endpoint=endpoint,
                url=data.validated_data.get("url"),
                event_types=data.validated_data.get("event_types"),
                description=data.validated_data.get("description"),
            )
        except services.InvalidEndpoint as exc:
            raise _invalid(exc, "url") from None
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(
        operation_id="webhook_endpoints_destroy",
        summary="Delete a webhook endpoint",
        description="Its deliveries go with it; the event feed keeps every event.",
        tags=WEBHOOKS,
        responses={204: None},
    )
    def delete(self, request, endpoint_id: UUID):
        services.endpoint_delete(endpoint=_endpoint(request, endpoint_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointRotateSecretApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="webhook_endpoints_rotate_secret",
        summary="Give a webhook endpoint a new signing secret",
        description=(
            "Answers the new secret, shown only this once. For the next 24 hours every webhook "
            "carries two signatures in `webhook-signature` (space-separated), one by the new "
            "secret and one by the previous, so you can switch without losing any."
        ),
        tags=WEBHOOKS,
        request=None,
        responses={200: EndpointWithSecretSerializer},
    )
    def post(self, request, endpoint_id: UUID):
        rotated = services.endpoint_rotate_secret(endpoint=_endpoint(request, endpoint_id))
        body = {**EndpointSerializer(rotated.endpoint).data, "secret": rotated.secret}
        return Response(body)


class EndpointEnableApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="webhook_endpoints_enable",
        summary="Enable a disabled webhook endpoint",
        description=(
            "An endpoint is disabled when it answers 410 Gone, or after deliveries kept failing "
            "(its coordinators are e-mailed). Enabled again, it receives new events; ask for "
            "the cancelled or failed deliveries again with `redeliver`, or read the event feed."
        ),
        tags=WEBHOOKS,
        request=None,
        responses={200: EndpointSerializer},
    )
    def post(self, request, endpoint_id: UUID):
        endpoint = services.endpoint_enable(endpoint=_endpoint(request, endpoint_id))
        return Response(EndpointSerializer(endpoint).data)


class EndpointDeliveriesApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="webhook_endpoints_deliveries",
        summary="List an endpoint's deliveries, newest first, with their attempts",
        tags=WEBHOOKS,
        parameters=[OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`.")],
        responses={200: _page_schema("WebhookDeliveryPage", DeliverySerializer(many=True))},
    )
    def get(self, request, endpoint_id: UUID):
        endpoint = _endpoint(request, endpoint_id)
        deliveries = selectors.deliveries_for_endpoint(endpoint=endpoint)
        return _paginate(request, self, deliveries, DeliverySerializer, ("-pk",))


class DeliveryRedeliverApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="webhook_deliveries_redeliver",
        summary="Send a delivery again",
        description=(
            "Queues the delivery again whatever its state (failed, cancelled, or succeeded and "
            "lost on your side), with the same `webhook-id`; it is retried as a new one would be."
        ),
        tags=WEBHOOKS,
        request=None,
        responses={
            202: DeliverySerializer,
            409: OpenApiResponse(ProblemSerializer, description="The endpoint is disabled."),
        },
    )
    def post(self, request, delivery_id: UUID):
        delivery = selectors.delivery_for_organization(
            organization_id=_organization_id(request), public_id=delivery_id
        )
        if delivery is None:
            raise Problem("not-found", "No webhook delivery with this id.")
        try:
            services.delivery_redeliver(delivery=delivery)
        except services.EndpointDisabled as exc:
            raise Problem("conflict", exc.message) from None
        refreshed = selectors.deliveries_for_endpoint(endpoint=delivery.endpoint).get(
            pk=delivery.pk
        )
        return Response(DeliverySerializer(refreshed).data, status=status.HTTP_202_ACCEPTED)


class EventTypesApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="webhook_event_types",
        summary="The webhook event types",
        tags=WEBHOOKS,
        responses={200: EventTypeSerializer(many=True)},
    )
    def get(self, request):
        specs = sorted(mapping.WEBHOOK_TYPES.values(), key=lambda s: s.webhook_type)
        return Response(EventTypeSerializer(specs, many=True).data)


class EventFeedApi(APIView):
    required_scopes = {SCOPE}

    @extend_schema(
        operation_id="events_list",
        summary="The organisation's event feed, oldest first",
        description=(
            "Every event the organisation's webhooks carry (whether or not it has an endpoint), "
            "in the order they happened for the organisation. Read from the start, then keep "
            "`next_cursor` and ask for `?after=<next_cursor>` to get only what is new: no event "
            "is skipped, even one committed while you read. Events of a member who has since "
            "stopped sharing them are left out."
        ),
        tags=EVENTS,
        parameters=[
            OpenApiParameter(
                "after", OpenApiTypes.STR, description="A cursor: the events after it."
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="Only these types (repeat, or separate with commas).",
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=f"Events per page, 1 to {FEED_MAX_LIMIT} (default "
                f"{FEED_DEFAULT_LIMIT}).",
            ),
        ],
        responses={200: EventPageSerializer},
    )
    def get(self, request):
        params = request.query_params
        after = params.get("after", "0") or "0"
        if not after.isdigit():
            raise Problem(
                "invalid-request",
                "`after` must be a cursor from this feed.",
                errors={"after": ["Invalid cursor."]},
            )
        limit_text = params.get("limit", str(FEED_DEFAULT_LIMIT))
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= FEED_MAX_LIMIT:
            raise Problem(
                "invalid-request",
                f"`limit` must be a whole number from 1 to {FEED_MAX_LIMIT}.",
                errors={"limit": [f"Must be 1 to {FEED_MAX_LIMIT}."]},
            )
        limit = int(limit_text)
        types = sorted(
            {t.strip() for value in params.getlist("type") for t in value.split(",") if t.strip()}
        )
        unknown = sorted(set(types) - set(mapping.webhook_type_names()))
        if unknown:
            raise Problem(
                "invalid-request",
                f"Unknown event type(s): {', '.join(unknown)}.",
                errors={"type": [f"Unknown: {', '.join(unknown)}."]},
            )
        rows = selectors.feed(
            organization_id=_organization_id(request),
            after=int(after),
            types=types,
            limit=limit + 1,
        )
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = str(rows[-1].sequence) if rows else str(int(after))
        return Response(
            {
                "results": EventSerializer(rows, many=True).data,
                "next_cursor": next_cursor,
                "next": replace_query_param(request.build_absolute_uri(), "after", next_cursor),
                "has_more": has_more,
            }
        )
