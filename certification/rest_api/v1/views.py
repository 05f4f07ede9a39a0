"""The partner API's certification endpoints (/api/v1/): credential verification and the
organisation's roster. Authentication, scopes, rate limits and problem details come from
lms.rest; every query is scoped to the calling key's organisation."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from courses import api as courses
from lms.organizations import api as organizations
from lms.rest.pagination import CursorPagination
from lms.rest.problems import Problem

from ...credentials import verification
from ...credentials.verification_log import Channel, log_verifications
from . import serializers as s

VERIFY = {"credentials:verify"}


def _uuid(value: str, *, name: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Problem(
            "invalid-request", f"`{name}` is not a valid id.", errors={name: ["Not a UUID."]}
        ) from None


def _path_id(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)


# Credentials ----------------------------------------------------------------------------------


class CredentialDetailApi(APIView):
    """Verify one credential by its public id: its status, validity and programme, read from
    the database at the moment of the request (a revocation shows at once). The holder's name is
    included only where the holder allows it (see `holder`). Each call is logged and shown to
    the holder as a verification by your organisation."""

    required_scopes = VERIFY

    @extend_schema(
        operation_id="credential_verify_by_id",
        tags=["credentials"],
        parameters=[_path_id("credential_id", "The credential's public id.")],
        responses={200: s.CredentialResultSerializer},
    )
    def get(self, request, credential_id: str):
        public_id = _uuid(credential_id, name="credential_id")
        client = request.user
        verified = verification.verify_ids(ids=[public_id], organization_id=client.organization_id)
        result = verified.results[0]
        if result["status"] == verification.STATUS_NOT_FOUND:
            raise Problem("not-found", "There is no credential with this id.")
        log_verifications(
            credentials=verified.credential_pks,
            channel=Channel.API,
            organization=client.organization_id,
            api_key=request.auth,
        )
        return Response(result)


class CredentialVerifyApi(APIView):
    """Verify a credential someone presented to you, as JSON-LD with its proof (`credential`)
    or as VC-JWT (`jwt`). Each check is reported: `proof` (the signature), `issuer` (issued by
    this service with one of its keys), `schema` (Open Badges 3.0), `status` (not revoked or
    suspended, from this service's status lists) and `validity` (validFrom/validUntil). A
    credential of another issuer fails `issuer`; nothing is fetched from the network."""

    required_scopes = VERIFY

    @extend_schema(
        operation_id="credential_verify_presented",
        tags=["credentials"],
        request=s.PresentedInputSerializer,
        responses={200: s.PresentedOutputSerializer},
    )
    def post(self, request):
        data = s.PresentedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report = verification.verify_presented(
                document=data.validated_data.get("credential"),
                token=data.validated_data.get("jwt"),
            )
        except verification.PresentedMalformed as error:
            raise Problem("invalid-request", str(error)[:500]) from None
        if report.credential_pk is not None and report.proof_passed:
            log_verifications(
                credentials=[report.credential_pk],
                channel=Channel.API_PRESENTED,
                organization=request.user.organization_id,
                api_key=request.auth,
            )
        return Response(
            {
                "valid": report.valid,
                "checks": [
                    {"check": check.check, "passed": check.passed, "detail": check.detail}
                    for check in report.checks
                ],
                "credential_id": str(report.credential_id) if report.credential_id else None,
            }
        )


class CredentialVerifyBulkApi(APIView):
    """Verify up to 1,000 credentials by id at once. The answers are in the order of the ids,
    each shaped as the single verification; an unknown id answers `status` "not_found". Has its
    own, lower rate limit. Each credential found is logged as a verification."""

    required_scopes = VERIFY
    throttle_scope = "api_bulk"
    # 1,000 ids in JSON are about 40 KB; anything much larger is refused before it is parsed.
    max_body_bytes = 64 * 1024

    @extend_schema(
        operation_id="credential_verify_bulk",
        tags=["credentials"],
        request=s.BulkInputSerializer,
        responses={200: s.BulkOutputSerializer},
    )
    def post(self, request):
        data = s.BulkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client = request.user
        verified = verification.verify_ids(
            ids=data.validated_data["ids"], organization_id=client.organization_id
        )
        log_verifications(
            credentials=verified.credential_pks,
            channel=Channel.API_BULK,
            organization=client.organization_id,
            api_key=request.auth,
        )
        return Response({"results": verified.results})


# The roster ------------------------------------------------------------------------------------


def _member_progress(user_ids: set[int]) -> dict[int, list[dict]]:
    if not user_ids:
        return {}
    return {
        user_id: [
            {
                "course_id": str(row.course_key),
                "title": row.title,
                "status": row.status,
                "enrolled_at": row.enrolled_at.isoformat(),
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
                "modules_done": row.modules_done,
                "modules_total": row.modules_total,
            }
            for row in rows
        ]
        for user_id, rows in courses.course_progress_by_user(user_ids=user_ids).items()
    }


def members_data(rows: list[dict]) -> list[dict]:
    """The roster rows as the API shows them: progress and credentials only for the members who
    share them with the organisation, read now (a withdrawal applies to the next request). A
    fixed number of queries, whatever the number of rows."""
    progress = _member_progress({row["user_id"] for row in rows if row["shares_progress"]})
    credentials = verification.credentials_of_holders(
        {row["user_id"] for row in rows if row["shares_credentials"]}
    )
    return [
        {
            "id": str(row["user_public_id"]),
            "name": row["name"],
            "email": row["email"],
            "role": row["role"],
            "joined_at": row["joined_at"].isoformat(),
            "shares_progress": row["shares_progress"],
            "shares_credentials": row["shares_credentials"],
            "progress": progress.get(row["user_id"], []) if row["shares_progress"] else None,
            "credentials": credentials.get(row["user_id"], [])
            if row["shares_credentials"]
            else None,
        }
        for row in rows
    ]


class MemberPagination(CursorPagination):
    ordering = ("joined_at", "pk")


class MemberListApi(APIView):
    """Your organisation's active members, as its coordinators see them in the roster: name,
    e-mail, role, when they joined, what they share; and their course progress and credentials
    only when they share those with your organisation. Cursor-paged (`next`/`previous`)."""

    required_scopes = {"roster:read"}
    pagination_class = MemberPagination

    @extend_schema(
        operation_id="member_list",
        tags=["members"],
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`/`previous`."),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                description="Members per page.",
            ),
        ],
        responses={200: s.MemberSerializer(many=True)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        rows = organizations.member_rows(request.user.organization_id)
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(members_data(list(page)))


class MemberDetailApi(APIView):
    """One active member of your organisation (as in the list). Anyone else, including another
    organisation's member, answers 404."""

    required_scopes = {"roster:read"}

    @extend_schema(
        operation_id="member_detail",
        tags=["members"],
        parameters=[_path_id("member_id", "The member's public user id.")],
        responses={200: s.MemberSerializer},
    )
    def get(self, request, member_id: str):
        row = organizations.member_row(
            request.user.organization_id, _uuid(member_id, name="member_id")
        )
        if row is None:
            raise Problem("not-found", "Your organisation has no member with this id.")
        return Response(members_data([row])[0])


class InvitationCreateApi(APIView):
    """Invite someone by e-mail to join your organisation as a member or supervisor. They get
    the same e-mail as from a coordinator, with a link that works once, for 14 days; when they
    accept, they choose what your organisation may see."""

    required_scopes = {"roster:write"}
    problem_statuses = (409,)

    @extend_schema(
        operation_id="invitation_create",
        tags=["members"],
        request=s.InvitationInputSerializer,
        responses={201: s.InvitationSerializer},
    )
    def post(self, request):
        data = s.InvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            invitation = organizations.api_invitation_create(
                organization_id=request.user.organization_id,
                email=data.validated_data["email"],
                role=data.validated_data["role"],
            )
        except (organizations.AlreadyMember, organizations.AlreadyInvited) as refusal:
            raise Problem("conflict", str(refusal.message)) from None
        return Response(
            {
                "id": str(invitation.public_id),
                "email": invitation.email,
                "role": invitation.role,
                "status": invitation.status,
                "created_at": invitation.created_at.isoformat(),
                "expires_at": invitation.expires_at.isoformat(),
            },
            status=201,
        )


class MemberEnrolmentCreateApi(APIView):
    """Enrol one of your organisation's active members in a course. Answers 201 whether they
    were enrolled now or already; `outcome` says which only when the member shares their
    progress with your organisation."""

    required_scopes = {"roster:write"}
    problem_statuses = (409,)

    @extend_schema(
        operation_id="member_enrolment_create",
        tags=["members"],
        parameters=[_path_id("member_id", "The member's public user id.")],
        request=s.EnrolmentInputSerializer,
        responses={201: s.EnrolmentSerializer},
    )
    def post(self, request, member_id: str):
        organization_id = request.user.organization_id
        row = organizations.member_row(organization_id, _uuid(member_id, name="member_id"))
        if row is None:
            raise Problem("not-found", "Your organisation has no member with this id.")
        data = s.EnrolmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course_key = data.validated_data["course_id"]
        user = get_user_model().objects.get(pk=row["user_id"])
        try:
            with transaction.atomic():
                result = courses.enrolment_create(
                    user=user, course_key=course_key, organization_id=organization_id
                )
        except courses.CourseNotFound:
            raise Problem(
                "invalid-request",
                "There is no course with this id.",
                errors={"course_id": ["No published course with this id."]},
            ) from None
        except courses.PrerequisitesMissing:
            raise Problem(
                "conflict", "The member has not completed the prerequisites of this course."
            ) from None
        return Response(
            {
                "member_id": str(row["user_public_id"]),
                "course_id": str(course_key),
                "enrolled": True,
                "outcome": result.outcome if row["shares_progress"] else None,
            },
            status=201,
        )
