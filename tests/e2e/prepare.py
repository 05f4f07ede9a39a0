"""Prepare the seeded demo database for the browser journeys (run once, after seed_demo).

- The demo exam keeps its 24-hour cooldown in the demo; here it has none, published as a new
  revision the way an editor would change the setting, so the trainee journey can fail once and
  pass in the same run.
- Users of their own for the tests that need a clean slate at an assessment (verified e-mail,
  the demo password): the accessibility scan and the keyboard-only attempt.
- A second partner organisation, "Lentera Crisis Line", with a coordinator of its own
  (coordinator@lentera.e2e.example), for the partner journey: it invites a demo credential
  holder, who is not yet its member.
- Writes facts.json next to the database: the demo credentials' ids by state, which the tests
  cannot know otherwise.

Run as `python -m tests.e2e.prepare <facts.json>` with DJANGO_SETTINGS_MODULE set.
"""

from __future__ import annotations

import json
import sys

import django

E2E_USERS = {
    "a11y@e2e.example": ("Ari Aksesibel", "en"),
    "keyboard@e2e.example": ("Kim Keyboard", "en"),
}
PARTNER = {"name": "Lentera Crisis Line", "slug": "lentera-crisis-line"}
PARTNER_COORDINATOR = ("coordinator@lentera.e2e.example", "Rina Koordinator", "en")


def main(facts_path: str) -> None:
    django.setup()
    from django.db import transaction

    from certification.credentials.demo import HOLDERS
    from certification.models import Credential, QuizPage
    from lms.core.demo import demo_user
    from lms.organizations.models import Membership, Organization
    from lms.organizations.services import organization_create

    with transaction.atomic():
        for quiz in QuizPage.objects.filter(slug="foundations-exam"):
            if quiz.cooldown_hours:
                quiz.cooldown_hours = 0
                quiz.save_revision().publish()
        for email, (name, language) in E2E_USERS.items():
            demo_user(email=email, display_name=name, language=language)
        email, name, language = PARTNER_COORDINATOR
        coordinator = demo_user(email=email, display_name=name, language=language)
        partner = Organization.objects.filter(slug=PARTNER["slug"]).first()
        if partner is None:
            partner = organization_create(
                name=PARTNER["name"], slug=PARTNER["slug"], kind=Organization.Kind.NGO, country="ID"
            )
        Membership.objects.get_or_create(
            organization=partner, user=coordinator, defaults={"role": Membership.Role.COORDINATOR}
        )
    credentials = {}
    for holder in HOLDERS:
        credential = Credential.objects.filter(holder__email=holder.email).first()
        credentials[holder.state] = {"id": str(credential.public_id), "holder": holder.email}
    with open(facts_path, "w", encoding="utf-8") as file:
        json.dump({"credentials": credentials}, file, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
