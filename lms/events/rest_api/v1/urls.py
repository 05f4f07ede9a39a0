"""Placeholder: the event feed and webhook endpoints (issue #7)."""

urlpatterns = []
