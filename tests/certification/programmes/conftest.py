"""Fixtures for the programme tests: a programme with one requirement of each kind (a course,
an assessment, hours in a domain, supervised practicum hours and a code of ethics), its German
translation, and three organisations with supervisors, coordinators and members."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from certification.models import (
    Credential,
    EthicsCode,
    Programme,
    ProgrammeAssessment,
    ProgrammeCourse,
    ProgrammeDomainHours,
)
from lms.organizations import services as organization_services
from lms.organizations.models import Membership
from tests.certification.conftest import make_quiz
from tests.courses.conftest import make_course

CODE_TEXT_EN = "<p>I keep healthy boundaries and respect confidentiality.</p>"
CODE_TEXT_DE = "<p>Ich wahre gesunde Grenzen und respektiere die Vertraulichkeit.</p>"


def make_code(*, version="2026.1", language="en", text=CODE_TEXT_EN, translation_of=None):
    code = EthicsCode(
        title="Code of ethics" if language == "en" else "Ethikkodex",
        version=version,
        text=text,
        locale=Locale.objects.get(language_code=language),
    )
    if translation_of is not None:
        code.translation_key = translation_of.translation_key
    code.save()
    return code


def make_programme(
    slug="foundations",
    *,
    name="Certified Peer Supporter — Foundations",
    courses=(),
    quizzes=(),
    domain_hours=(),
    practicum_hours="0",
    code=None,
    **fields,
):
    programme = Programme.objects.create(
        name=name,
        slug=slug,
        description=f"The {name} programme.",
        criteria="Completed the training.",
        practicum_hours=Decimal(practicum_hours),
        ethics_code=code,
        locale=Locale.get_default(),
        **fields,
    )
    for course in courses:
        ProgrammeCourse.objects.create(programme=programme, course=course)
    for quiz in quizzes:
        ProgrammeAssessment.objects.create(programme=programme, quiz=quiz)
    for domain, hours in domain_hours:
        ProgrammeDomainHours.objects.create(
            programme=programme, domain=domain, hours=Decimal(hours)
        )
    return programme


def translate_programme(programme, *, language="de", name="Zertifizierte Peer-Begleitung"):
    return Programme.objects.create(
        name=name,
        slug=programme.slug,
        description=f"Das Programm {name}.",
        criteria="Ausbildung abgeschlossen.",
        locale=Locale.objects.get(language_code=language),
        translation_key=programme.translation_key,
    )


def make_credential(holder, programme, *, status="active", valid_until=None, days=365, **fields):
    now = timezone.now()
    return Credential.objects.create(
        holder=holder,
        programme=programme,
        programme_key=programme.translation_key,
        status=status,
        valid_from=fields.pop("valid_from", now - timedelta(days=30)),
        valid_until=valid_until if valid_until is not None else now + timedelta(days=days),
        display_name=holder.display_name or holder.email,
        **fields,
    )


@dataclass
class World:
    course: object
    quiz: object
    code: object
    code_de: object
    programme: object
    programme_de: object


@pytest.fixture
def world():
    """The programme "foundations": complete a course, pass an assessment, 1 hour in
    ethics-boundaries, 2 approved practicum hours, sign the code of ethics (en and de)."""
    course = make_course("programme-course", modules=2, hours="0.5")
    quiz = make_quiz(slug="programme-quiz")
    code = make_code()
    code_de = make_code(language="de", text=CODE_TEXT_DE, translation_of=code)
    programme = make_programme(
        courses=[course],
        quizzes=[quiz],
        domain_hours=[("ethics-boundaries", "1")],
        practicum_hours="2",
        code=code,
    )
    return World(
        course=course,
        quiz=quiz,
        code=code,
        code_de=code_de,
        programme=programme,
        programme_de=translate_programme(programme),
    )


@pytest.fixture
def orgs(user_factory, trainee):
    """harapan: a supervisor, a coordinator, the trainee and another member; nord: a
    supervisor and a member; kecil: a coordinator only (who then supervises) and a member."""

    def organisation(slug, roles):
        with transaction.atomic():
            organization = organization_services.organization_create(name=slug.title(), slug=slug)
        people = {}
        for role, user in roles:
            user = user or user_factory(email=f"{slug}.{role}@example.org", display_name=role)
            Membership.objects.create(
                organization=organization,
                user=user,
                role=role,
                shares_progress=True,
                shares_credentials=True,
            )
            people[role] = user
        return organization, people

    harapan, harapan_people = organisation(
        "harapan-prog",
        [
            (Membership.Role.SUPERVISOR, None),
            (Membership.Role.COORDINATOR, None),
            (Membership.Role.MEMBER, trainee),
        ],
    )
    nord, nord_people = organisation(
        "nord-prog", [(Membership.Role.SUPERVISOR, None), (Membership.Role.MEMBER, None)]
    )
    kecil, kecil_people = organisation(
        "kecil-prog", [(Membership.Role.COORDINATOR, None), (Membership.Role.MEMBER, None)]
    )
    return {
        "harapan": harapan,
        "harapan_supervisor": harapan_people[Membership.Role.SUPERVISOR],
        "harapan_coordinator": harapan_people[Membership.Role.COORDINATOR],
        "nord": nord,
        "nord_supervisor": nord_people[Membership.Role.SUPERVISOR],
        "nord_member": nord_people[Membership.Role.MEMBER],
        "kecil": kecil,
        "kecil_coordinator": kecil_people[Membership.Role.COORDINATOR],
        "kecil_member": kecil_people[Membership.Role.MEMBER],
    }


_baseline = {"pk": 0}


@pytest.fixture(autouse=True)
def _events_before_the_test(db):
    """The demo seed records events of its own; tests look only at those recorded after it."""
    from lms.events.models import Event

    _baseline["pk"] = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def certification_events(prefix: str) -> list:
    """Events of types starting with `prefix` recorded during the test, in order."""
    from lms.events.models import Event

    return list(
        Event.objects.filter(type__startswith=prefix, pk__gt=_baseline["pk"]).order_by("pk")
    )
