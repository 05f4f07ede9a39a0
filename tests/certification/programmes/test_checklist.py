"""The programme pages: the list with each programme's progress, a programme's checklist (one
line per requirement, met as the trainee meets it), its validity and renewal rules, the renewal
checklist while renewal is open, the active language with a fallback to the source, and what an
anonymous visitor sees."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certification import services as assessment_services
from certification.credentials import rules
from certification.programmes import services
from courses import services as course_services
from courses.models import ModulePage
from tests.certification.conftest import ALL_RIGHT

from .conftest import make_credential, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def met(checklist) -> dict[str, bool]:
    return {requirement.kind: requirement.met for requirement in checklist.requirements}


def complete_course(user, course) -> None:
    course_services.enrolment_create(user=user, course_key=course.translation_key)
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        course_services.module_complete(user=user, module=module)


def pass_quiz(user, quiz) -> None:
    attempt = assessment_services.attempt_start(user=user, quiz=quiz)
    assessment_services.attempt_submit(attempt_id=attempt.public_id, user=user, answers=ALL_RIGHT)


def approve_practicum(user, orgs, hours: str) -> None:
    entry = services.practicum_log(
        user=user,
        organization_id=orgs["harapan"].pk,
        date=timezone.localdate(),
        hours=Decimal(hours),
        domain="peer-role",
        description="Supervised group session.",
    )
    services.practicum_decide(entry=entry, supervisor=orgs["harapan_supervisor"], approve=True)


def test_the_checklist_follows_each_kind_of_requirement(trainee, world, orgs):
    checklist = rules.checklist(user_id=trainee.pk, programme=world.programme)
    assert met(checklist) == {
        "course": False,
        "assessment": False,
        "domain_hours": False,
        "practicum": False,
        "ethics": False,
    }

    complete_course(trainee, world.course)  # two modules of 0.5 hours in ethics-boundaries
    assert met(rules.checklist(user_id=trainee.pk, programme=world.programme)) == {
        "course": True,
        "assessment": False,
        "domain_hours": True,
        "practicum": False,
        "ethics": False,
    }

    pass_quiz(trainee, world.quiz)
    approve_practicum(trainee, orgs, "1.5")
    checklist = rules.checklist(user_id=trainee.pk, programme=world.programme)
    practicum = next(r for r in checklist.requirements if r.kind == "practicum")
    assert (practicum.met, practicum.done, practicum.percent) == (False, Decimal("1.5"), 75)
    assert met(checklist)["assessment"] is True

    approve_practicum(trainee, orgs, "0.5")
    services.attestation_sign(
        user=trainee, code=world.code, language_code="en", typed_name="Quinn Taker"
    )
    checklist = rules.checklist(user_id=trainee.pk, programme=world.programme_de)
    assert checklist.met
    assert checklist.done_count == 5


def test_the_checklist_page_shows_progress_and_where_to_go(client, trainee, world, orgs):
    complete_course(trainee, world.course)
    approve_practicum(trainee, orgs, "1")
    client.force_login(trainee)

    html = client.get("/en/programmes/foundations/").content.decode()

    assert "Certified Peer Supporter — Foundations" in html
    assert "2 of 5 done." in html
    assert "Course programme-course" in html
    assert "1 of 2 hours" in html
    assert '<progress max="100" value="50"' in html
    assert 'href="/en/programmes/practicum/"' in html
    assert 'href="/en/programmes/foundations/ethics/"' in html
    assert "The credential is valid for 24 months" in html
    assert "20 hours of continuing education" in html

    index = client.get("/en/programmes/").content.decode()
    assert "2 of 5 done" in index
    assert 'href="/en/programmes/foundations/"' in index


def test_anonymous_visitors_see_the_requirements_without_progress(client, world):
    response = client.get("/en/programmes/foundations/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "What it takes" in html
    assert "Pass the assessment “Final quiz”" in html
    assert "Not yet" not in html
    assert "<progress" not in html
    assert "to see your progress" in html
    index = client.get("/en/programmes/").content.decode()
    assert "Certified Peer Supporter — Foundations" in index
    assert "<progress" not in index


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Certified Peer Supporter — Foundations"),
        ("de", "Zertifizierte Peer-Begleitung"),
        ("id", "Certified Peer Supporter — Foundations"),  # no translation: the source
    ],
)
def test_programme_pages_are_in_the_active_language(client, trainee, world, language, name):
    client.force_login(trainee)
    for path in ("", "foundations/", "foundations/ethics/"):
        response = client.get(f"/{language}/programmes/{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert name in html


def test_retired_and_unknown_programmes_are_not_found(client, world):
    make_programme("retired", name="Old programme", is_active=False)
    assert client.get("/en/programmes/retired/").status_code == 404
    assert client.get("/en/programmes/no-such-programme/").status_code == 404
    assert "Old programme" not in client.get("/en/programmes/").content.decode()


def test_a_holder_sees_their_credential_and_the_renewal_checklist_when_it_is_open(
    client, trainee, world
):
    credential = make_credential(trainee, world.programme, days=400)
    client.force_login(trainee)
    html = client.get("/en/programmes/foundations/").content.decode()
    assert "Your credential" in html
    assert f"/credentials/{credential.public_id}/" in html
    assert "Renew your credential" not in html

    credential.valid_until = timezone.now() + timedelta(days=20)
    credential.save()
    html = client.get("/en/programmes/foundations/").content.decode()
    assert "Expiring soon" in html
    assert "Renew your credential" in html
    assert "Sign the code of ethics again (version 2026.1)" in html

    # Expired, within the grace period (90 days): still open; after it, closed.
    credential.status = "expired"
    credential.valid_until = timezone.now() - timedelta(days=30)
    credential.save()
    assert "Renew your credential" in client.get("/en/programmes/foundations/").content.decode()
    credential.valid_until = timezone.now() - timedelta(days=120)
    credential.save()
    assert "Renew your credential" not in client.get("/en/programmes/foundations/").content.decode()
