"""Test-only API views that exercise the lms.rest infrastructure on its own (mounted by
tests/rest/urls.py under /api/probe/)."""

from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.organizations.models import ApiKey
from lms.rest.pagination import CursorPagination
from lms.rest.problems import Problem


class ScopedApi(APIView):
    required_scopes = {"GET": {"roster:read"}, "POST": {"roster:write"}}

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=10)
        count = serializers.IntegerField(min_value=1)

    def get(self, request):
        return Response(
            {
                "organization": request.user.organization_id,
                "key": request.auth.prefix,
            }
        )

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


class UnscopedApi(APIView):
    def get(self, request):
        return Response({})


class SmallBodyApi(APIView):
    required_scopes = {"credentials:verify"}
    max_body_bytes = 100

    def post(self, request):
        return Response({"size": len(str(request.data))})


class BulkScopeApi(APIView):
    required_scopes = {"credentials:verify"}
    throttle_scope = "api_bulk"

    def get(self, request):
        return Response({})


class BrokenApi(APIView):
    required_scopes = {"credentials:verify"}

    def get(self, request):
        raise RuntimeError("boom")


class ConflictApi(APIView):
    required_scopes = {"credentials:verify"}

    def get(self, request):
        raise Problem("conflict", "Already there.")


class KeyListApi(APIView):
    """The organisation's keys, cursor-paged (a list to page through)."""

    required_scopes = {"credentials:verify"}

    class Pagination(CursorPagination):
        page_size = 2
        max_page_size = 5
        ordering = ("created_at", "pk")

    def get(self, request):
        paginator = self.Pagination()
        keys = ApiKey.objects.filter(organization_id=request.user.organization_id)
        page = paginator.paginate_queryset(keys, request, view=self)
        return paginator.get_paginated_response([key.prefix for key in page])


urlpatterns = [
    path("scoped", ScopedApi.as_view()),
    path("unscoped", UnscopedApi.as_view()),
    path("small", SmallBodyApi.as_view()),
    path("bulk", BulkScopeApi.as_view()),
    path("broken", BrokenApi.as_view()),
    path("conflict", ConflictApi.as_view()),
    path("keys", KeyListApi.as_view()),
]
