"""The shapes of the partner API's answers, for the OpenAPI schema and for input validation.

Hot read paths build their answers as plain dicts (certification.credentials.verification) and
do not run these output serializers; the schema documents exactly those dicts."""

from __future__ import annotations

from rest_framework import serializers

from lms.organizations import api as organizations

MAX_BULK_IDS = 1000


class UUIDField(serializers.UUIDField):
    """A UUID given as a string (DRF would also take an integer as the UUID's number)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class CheckSerializer(serializers.Serializer):
    check = serializers.ChoiceField(choices=["proof", "issuer", "schema", "status", "validity"])
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class HolderSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The name the holder chose to show.")


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The programme's id (the same in every language).")
    name = serializers.CharField()
    slug = serializers.CharField()


CREDENTIAL_STATUSES = ["active", "expired", "suspended", "revoked", "replaced"]


class CredentialResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The credential's public id.")
    status = serializers.ChoiceField(choices=CREDENTIAL_STATUSES)
    valid = serializers.BooleanField(help_text="Active and within its validity period now.")
    holder = HolderSerializer(
        allow_null=True,
        help_text=(
            "Null unless the holder made the credential's verification page public, or is a "
            "member of your organisation who shares their credentials with it."
        ),
    )
    programme = ProgrammeSerializer()
    issued_at = serializers.DateTimeField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(allow_null=True)
    suspended_until = serializers.DateField(allow_null=True)
    verification_url = serializers.URLField()
    checks = CheckSerializer(many=True)


class BulkResultSerializer(serializers.Serializer):
    """A found credential has every field of the single verification; an unknown id has `id`,
    `status` "not_found" and `valid` false only."""

    id = serializers.CharField()
    status = serializers.ChoiceField(choices=[*CREDENTIAL_STATUSES, "not_found"])
    valid = serializers.BooleanField()
    holder = HolderSerializer(allow_null=True, required=False)
    programme = ProgrammeSerializer(required=False)
    issued_at = serializers.DateTimeField(required=False)
    valid_from = serializers.DateTimeField(required=False)
    valid_until = serializers.DateTimeField(allow_null=True, required=False)
    suspended_until = serializers.DateField(allow_null=True, required=False)
    verification_url = serializers.URLField(required=False)
    checks = CheckSerializer(many=True, required=False)


class BulkInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=UUIDField(),
        allow_empty=False,
        max_length=MAX_BULK_IDS,
        help_text=f"Up to {MAX_BULK_IDS} credential ids; repeats are answered again.",
    )


class BulkOutputSerializer(serializers.Serializer):
    results = BulkResultSerializer(many=True, help_text="One answer per id, in the order given.")


class PresentedInputSerializer(serializers.Serializer):
    credential = serializers.JSONField(
        required=False,
        help_text="An Open Badges 3.0 credential as JSON-LD, with its `proof`.",
    )
    jwt = serializers.CharField(
        required=False,
        trim_whitespace=True,
        max_length=200_000,
        help_text="The same credential as a VC-JWT (compact JWS).",
    )

    def validate(self, attrs):
        given = [name for name in ("credential", "jwt") if attrs.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Give exactly one of `credential` (JSON-LD) or `jwt` (VC-JWT)."
            )
        if "credential" in given and not isinstance(attrs["credential"], dict):
            raise serializers.ValidationError({"credential": ["Must be a JSON object."]})
        return attrs


class PresentedOutputSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="Every check passed.")
    checks = CheckSerializer(many=True)
    credential_id = serializers.UUIDField(
        allow_null=True, help_text="The credential's public id when this service issued it."
    )


class CourseProgressSerializer(serializers.Serializer):
    course_id = serializers.UUIDField(help_text="The course's id (the same in every language).")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=["active", "withdrawn"])
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    modules_done = serializers.IntegerField(min_value=0)
    modules_total = serializers.IntegerField(min_value=0)


class MemberCredentialSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=CREDENTIAL_STATUSES)
    valid = serializers.BooleanField()
    programme = ProgrammeSerializer()
    issued_at = serializers.DateTimeField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(allow_null=True)
    verification_url = serializers.URLField()


class MemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The member's public user id.")
    name = serializers.CharField(allow_blank=True)
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=["member", "supervisor", "coordinator"])
    joined_at = serializers.DateTimeField()
    shares_progress = serializers.BooleanField()
    shares_credentials = serializers.BooleanField()
    progress = CourseProgressSerializer(
        many=True,
        allow_null=True,
        help_text="Null unless the member shares their progress with your organisation.",
    )
    credentials = MemberCredentialSerializer(
        many=True,
        allow_null=True,
        help_text="Null unless the member shares their credentials with your organisation.",
    )


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(
        choices=list(organizations.API_INVITATION_ROLES),
        default="member",
        help_text="member or supervisor; coordinators are invited in the organisation's pages.",
    )


class InvitationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=list(organizations.API_INVITATION_ROLES))
    status = serializers.ChoiceField(choices=["pending"])
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class EnrolmentInputSerializer(serializers.Serializer):
    course_id = UUIDField(help_text="The course's id (the same in every language).")


class EnrolmentSerializer(serializers.Serializer):
    member_id = serializers.UUIDField()
    course_id = serializers.UUIDField()
    enrolled = serializers.BooleanField()
    outcome = serializers.ChoiceField(
        choices=["created", "reactivated", "already_enrolled"],
        allow_null=True,
        help_text="Null unless the member shares their progress with your organisation.",
    )
