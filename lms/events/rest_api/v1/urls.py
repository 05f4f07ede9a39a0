"""/api/v1/ endpoints of lms.events: webhook endpoints and deliveries, and the event feed."""

from django.urls import path

from . import views

urlpatterns = [
    path("events", views.EventFeedApi.as_view(), name="events-feed"),
    path("webhooks/event-types", views.EventTypesApi.as_view(), name="webhook-event-types"),
    path("webhooks/endpoints", views.EndpointListApi.as_view(), name="webhook-endpoints"),
    path(
        "webhooks/endpoints/<uuid:endpoint_id>",
        views.EndpointDetailApi.as_view(),
        name="webhook-endpoint",
    ),
    path(
        "webhooks/endpoints/<uuid:endpoint_id>/rotate-secret",
        views.EndpointRotateSecretApi.as_view(),
        name="webhook-endpoint-rotate-secret",
    ),
    path(
        "webhooks/endpoints/<uuid:endpoint_id>/enable",
        views.EndpointEnableApi.as_view(),
        name="webhook-endpoint-enable",
    ),
    path(
        "webhooks/endpoints/<uuid:endpoint_id>/deliveries",
        views.EndpointDeliveriesApi.as_view(),
        name="webhook-endpoint-deliveries",
    ),
    path(
        "webhooks/deliveries/<uuid:delivery_id>/redeliver",
        views.DeliveryRedeliverApi.as_view(),
        name="webhook-delivery-redeliver",
    ),
]
