"""Helpers for credential tests: a programme with every kind of requirement, and a trainee who
meets all of them but the last."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Locale

from certification.models import (
    EthicsAttestation,
    EthicsCode,
    PracticumEntry,
    Programme,
    ProgrammeAssessment,
    ProgrammeCourse,
    ProgrammeDomainHours,
)

from .conftest import make_quiz


def make_programme(
    *,
    slug="test-programme",
    course=None,
    quiz=None,
    practicum_hours="2",
    domain_hours=(("ethics-boundaries", "1"),),
    ethics=True,
    validity_months=24,
    **fields,
) -> Programme:
    code = None
    if ethics:
        code = EthicsCode.objects.create(
            title="Code of ethics",
            version="2026.1",
            text="<p>I keep healthy boundaries.</p>",
            locale=Locale.get_default(),
        )
    programme = Programme(
        name=f"Programme {slug}",
        slug=slug,
        description="Certifies test peers.",
        criteria="Complete the course, pass the quiz, practise under supervision, sign the code.",
        practicum_hours=Decimal(practicum_hours),
        ethics_code=code,
        validity_months=validity_months,
        locale=Locale.get_default(),
        **fields,
    )
    if course is not None:
        programme.required_courses.add(ProgrammeCourse(course=course))
    if quiz is not None:
        programme.required_assessments.add(ProgrammeAssessment(quiz=quiz))
    for domain, hours in domain_hours:
        programme.required_domain_hours.add(
            ProgrammeDomainHours(domain=domain, hours=Decimal(hours))
        )
    programme.save()
    return programme


def course_with_quiz(slug="cert-course"):
    from tests.courses.conftest import make_course

    course = make_course(slug, modules=2, hours="0.5", domain_slug="ethics-boundaries")
    quiz = make_quiz(course, slug=f"{slug}-quiz")
    return course, quiz


def complete_course(user, course) -> None:
    from courses import services as course_services
    from courses.models import ModulePage

    course_services.enrolment_create(user=user, course_key=course.translation_key)
    for module in ModulePage.objects.live().child_of(course).order_by("path"):
        course_services.module_complete(user=user, module=module)


def approve_practicum(user, organization, hours="2", supervisor=None) -> PracticumEntry:
    return PracticumEntry.objects.create(
        user=user,
        organization=organization,
        date=timezone.localdate() - timedelta(days=3),
        hours=Decimal(hours),
        domain="communication",
        description="Weekly peer group, co-facilitated.",
        status=PracticumEntry.Status.APPROVED,
        decided_by=supervisor,
        decided_at=timezone.now(),
    )


def sign_ethics(user, programme, *, at=None) -> EthicsAttestation:
    code = programme.ethics_code
    return EthicsAttestation.objects.create(
        user=user,
        code_key=code.translation_key,
        version=code.version,
        language_code="en",
        text_sha256=code.text_sha256,
        typed_name=user.display_name,
        signed_at=at or timezone.now(),
    )
