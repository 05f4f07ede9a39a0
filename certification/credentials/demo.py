"""Demo credentials: the "Certified Peer Supporter — Foundations" programme, its code of ethics, a
supervisor, and five demo holders whose credentials are in each state a newcomer should see
(active, expiring soon, expired, suspended, revoked).

`seed_credentials()` reads certification/demo_content/programme.yaml and ethics_code.<lang>.yaml,
then, in one transaction:

- creates or updates the code of ethics in en, de and id (one translation_key; a language's text
  is left alone once someone signed it in that language: a changed text is a new version);
- creates or updates the programme in en, de and id. The requirements live on the English
  (source) row: the demo course, its final assessment, the hours per domain that the course's
  live modules provide (so they are always achievable), 10 practicum hours and the code;
- creates the supervisor `supervisor@sebaya.example` (supervisor of "Harapan Peer Network") and
  the five holders (members sharing progress and credentials, in the demo cohort). Each does
  everything through the services a real trainee's actions use: completes the course in their
  language, passes the assessment, logs practicum hours that the supervisor approves, signs the
  code, and is issued the credential. The history is then dated back (the credential re-signed,
  since its dates are in the signed document), and the state is reached through the lifecycle
  services, so the audit trail and the events exist.

The demo trainee (`trainee@sebaya.example`) gets nothing here: their checklist stays in progress.
Idempotent: a holder who has a credential of the programme is left alone, and content is written
only where it differs from the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from courses import api as courses
from lms.core.demo import DEMO_PASSWORD, demo_user
from lms.events.models import Event
from lms.organizations import services as organization_services
from lms.organizations.demo import DEMO_COHORT
from lms.organizations.models import Cohort, Membership, Organization

from .. import services as assessment_services
from ..models import (
    Attempt,
    Credential,
    CredentialReminder,
    CredentialTransition,
    EthicsAttestation,
    EthicsCode,
    PracticumEntry,
    Programme,
    ProgrammeAssessment,
    ProgrammeCourse,
    ProgrammeDomainHours,
    QuizPage,
)
from ..programmes import services as programme_services
from ..rendering.artwork import default_artwork
from . import documents, rules, services

CONTENT_DIR = Path(__file__).resolve().parent.parent / "demo_content"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "de", "id")
ORGANIZATION_SLUG = "harapan-peer-network"
ADMIN_EMAIL = "admin@sebaya.example"
SUPERVISOR_EMAIL = "supervisor@sebaya.example"
SUPERVISOR_NAME = "Sari Wulandari"

ACTIVE, EXPIRING, EXPIRED, SUSPENDED, REVOKED = (
    "active",
    "expiring",
    "expired",
    "suspended",
    "revoked",
)


@dataclass(frozen=True)
class DemoHolder:
    email: str
    display_name: str
    language: str
    state: str


HOLDERS = (
    DemoHolder("ayu.lestari@sebaya.example", "Ayu Lestari", "id", ACTIVE),
    DemoHolder("jonas.weber@sebaya.example", "Jonas Weber", "de", EXPIRING),
    DemoHolder("maya.chen@sebaya.example", "Maya Chen", "en", EXPIRED),
    DemoHolder("budi.santoso@sebaya.example", "Budi Santoso", "id", SUSPENDED),
    DemoHolder("lena.hoffmann@sebaya.example", "Lena Hoffmann", "de", REVOKED),
)

# Supervised practice each holder logged before their credential: (days before it, hours,
# domain, what they did). No one supported is named or described.
PRACTICUM = (
    (40, "3", "communication", "Co-facilitated the weekly peer support group with my supervisor."),
    (33, "2.5", "peer-role", "One-to-one peer support sessions at the community centre."),
    (26, "2.5", "crisis-safety", "Shadowed the duty coordinator; practised warm handovers."),
    (19, "2", "ethics-boundaries", "Group supervision: boundaries and self-disclosure."),
)

SUSPENSION_NOTE = (
    "A concern about a boundary in a peer support relationship was reported. The coordinator is "
    "reviewing it with the holder; the credential is suspended until the review ends."
)
REVOCATION_NOTE = (
    "The review found a serious breach of the code of ethics (principle 4, clear boundaries: a "
    "financial arrangement with a person she supported). Revoked after hearing the holder."
)


class DemoContentError(ImproperlyConfigured):
    """The demo files or the seeded content the programme needs are missing or invalid."""


# Files ---------------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DemoContentError(f"{path.name}: {error}") from error
    if not isinstance(data, dict):
        raise DemoContentError(f"{path.name}: must be a mapping.")
    return data


def load_ethics_code(directory: Path = CONTENT_DIR) -> dict[str, dict[str, Any]]:
    """The code of ethics by language (title, version, effective_from, text), validated."""
    codes = {}
    for language in LANGUAGES:
        data = _read(directory / f"ethics_code.{language}.yaml")
        for key in ("title", "version", "text"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise DemoContentError(f"ethics_code.{language}.yaml: '{key}' is missing.")
        codes[language] = data
    versions = {data["version"] for data in codes.values()}
    if len(versions) != 1:
        raise DemoContentError("The ethics code translations name different versions.")
    return codes


def load_programme(directory: Path = CONTENT_DIR) -> dict[str, Any]:
    data = _read(directory / "programme.yaml")
    translations = data.get("translations") or {}
    for language in LANGUAGES:
        texts = translations.get(language) or {}
        for key in ("name", "description", "criteria"):
            if not isinstance(texts.get(key), str) or not texts[key].strip():
                raise DemoContentError(f"programme.yaml: translations.{language}.{key} is missing.")
    for domain in data["requirements"]["domains"]:
        if domain not in courses.COMPETENCY_DOMAIN_SLUGS:
            raise DemoContentError(f"programme.yaml: unknown domain {domain!r}.")
    return data


# Content -------------------------------------------------------------------------------------


def _set(row, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def seed_ethics_code(
    locales: dict[str, Locale], directory: Path = CONTENT_DIR
) -> dict[str, EthicsCode]:
    """The code in every language, by language code. A language's text is never changed once
    someone signed it (a changed text must be published as a new version)."""
    files = load_ethics_code(directory)
    source_file = files[SOURCE_LANGUAGE]
    version = source_file["version"]
    source = EthicsCode.objects.filter(
        locale=locales[SOURCE_LANGUAGE], title=source_file["title"], version=version
    ).first()
    codes: dict[str, EthicsCode] = {}
    for language in LANGUAGES:
        data = files[language]
        row = None
        if source is not None:
            row = EthicsCode.objects.filter(
                translation_key=source.translation_key, locale=locales[language]
            ).first()
        values = {
            "title": data["title"].strip(),
            "version": version,
            "effective_from": data.get("effective_from") or timezone.localdate(),
            "text": data["text"].strip(),
        }
        if row is None:
            row = EthicsCode(locale=locales[language], **values)
            if source is not None:
                row.translation_key = source.translation_key
            row.save()
        else:
            signed = EthicsAttestation.objects.filter(
                code_key=row.translation_key, version=row.version, language_code=language
            ).exists()
            if signed:
                values.pop("text")
            if _set(row, values):
                row.save()
        if source is None:
            source = row
        codes[language] = row
    return codes


def seed_programme(
    locales: dict[str, Locale], codes: dict[str, EthicsCode], directory: Path = CONTENT_DIR
) -> dict[str, Programme]:
    """The programme in every language (requirements on the source row), by language code."""
    data = load_programme(directory)
    requirements = data["requirements"]
    course = (
        Page.objects.live()
        .filter(slug=requirements["course_slug"], locale=locales[SOURCE_LANGUAGE])
        .specific()
        .first()
    )
    if course is None:
        raise DemoContentError("The programme needs the demo course: the courses seed makes it.")
    quiz = QuizPage.objects.live().child_of(course).filter(slug=requirements["quiz_slug"]).first()
    if quiz is None:
        raise DemoContentError("The programme needs the demo quiz: the quiz seed makes it.")
    provided = {row.slug: row.hours for row in courses.course_competency_hours(course=course)}
    domain_hours = [
        (slug, provided[slug])
        for slug in requirements["domains"]
        if provided.get(slug, Decimal(0)) >= Decimal("0.25")
    ]
    settings = {
        "slug": data["slug"],
        "color": data.get("color") or "#1f5f8b",
        "is_active": True,
        "practicum_hours": Decimal(str(requirements["practicum_hours"])),
        "validity_months": int(data["validity_months"]),
        "grace_days": int(data["grace_days"]),
        "reminder_days": str(data["reminder_days"]),
        "renewal_hours": Decimal(str(data["renewal_hours"])),
        "renewal_ethics_hours": Decimal(str(data["renewal_ethics_hours"])),
        "renewal_ethics_domain": data["renewal_ethics_domain"],
        "renewal_reattestation": bool(data["renewal_reattestation"]),
    }
    programmes: dict[str, Programme] = {}
    source = Programme.objects.filter(slug=data["slug"], locale=locales[SOURCE_LANGUAGE]).first()
    for language in LANGUAGES:
        texts = data["translations"][language]
        if language == SOURCE_LANGUAGE or source is None:
            row = source
        else:
            row = Programme.objects.filter(
                translation_key=source.translation_key, locale=locales[language]
            ).first()
        values = {
            **settings,
            "name": texts["name"].strip(),
            "description": " ".join(texts["description"].split()),
            "criteria": " ".join(texts["criteria"].split()),
            "ethics_code": codes[language],
        }
        if row is None:
            row = Programme(locale=locales[language])
            if source is not None:
                row.translation_key = source.translation_key
            _set(row, values)
            changed = design_changed = True
        else:
            design_changed = row.name != values["name"] or row.color != values["color"]
            changed = _set(row, values)
        if not row.artwork and (design_changed or not row.badge_png):
            row.badge_png = default_artwork(title=row.name, color=row.color)
            changed = True
        if language == SOURCE_LANGUAGE:
            changed = _set_requirements(row, course, quiz, domain_hours) or changed
        if changed:
            row.full_clean(exclude=["translation_key", "badge_png"])
            row.save()
        if source is None:
            source = row
        programmes[language] = row
    return programmes


def _set_requirements(programme: Programme, course, quiz, domain_hours) -> bool:
    current = (
        [row.course_id for row in programme.required_courses.all()],
        [row.quiz_id for row in programme.required_assessments.all()],
        [(row.domain, row.hours) for row in programme.required_domain_hours.all()],
    )
    wanted = ([course.pk], [quiz.pk], list(domain_hours))
    if programme.pk is not None and current == wanted:
        return False
    programme.required_courses = [ProgrammeCourse(course=course)]
    programme.required_assessments = [ProgrammeAssessment(quiz=quiz)]
    programme.required_domain_hours = [
        ProgrammeDomainHours(domain=domain, hours=hours, sort_order=index)
        for index, (domain, hours) in enumerate(domain_hours)
    ]
    return True


# People --------------------------------------------------------------------------------------


def _member(organization: Organization, user, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        organization=organization,
        user=user,
        defaults={
            "role": role,
            "shares_progress": True,
            "shares_credentials": True,
            "consent_updated_at": timezone.now(),
        },
    )
    return membership


def _timeline(programme: Programme, state: str, now: datetime) -> datetime:
    """When the holder's credential became valid, so that it is in `state` today."""
    months = relativedelta(months=programme.validity_months)
    if state == EXPIRING:
        return now + timedelta(days=20) - months
    if state == EXPIRED:
        return now - timedelta(days=30) - months
    return now - timedelta(days={ACTIVE: 45, SUSPENDED: 240, REVOKED: 420}[state])


def _complete_course(user, course, quiz, start: datetime) -> None:
    """Enrol, complete every module in the user's language, pass the assessment (all answers
    right), all through the services; then date the course history from `start`."""
    from courses.models import Enrolment, HoursLedgerEntry, ModuleCompletion
    from courses.selectors import course_outlines
    from courses.services import module_complete

    key = course.translation_key
    courses.enrolment_create(user=user, course_key=key)
    outline = course_outlines(course_keys=[key], language_code=user.preferred_language)[key]
    for module in outline.modules:
        module_complete(user=user, module=module.page)
    quiz = QuizPage.objects.live().filter(
        translation_key=quiz.translation_key, locale__language_code=user.preferred_language
    ).first() or QuizPage.objects.get(pk=quiz.pk)
    taken = start + timedelta(days=30)
    if not Attempt.objects.filter(user=user, quiz_key=quiz.translation_key, passed=True).exists():
        attempt = assessment_services.attempt_start(user=user, quiz=quiz, now=taken)
        answers = {
            item["id"]: [option["id"] for option in item["options"] if option["correct"]]
            for unit in attempt.questions
            for item in unit["items"]
        }
        assessment_services.attempt_submit(
            attempt_id=attempt.public_id,
            user=user,
            answers=answers,
            now=taken + timedelta(minutes=32),
        )
    courses.course_completion_evaluate(user_id=user.pk, course_key=key)

    # The course was done before the credential: date it so (the renewal checklist counts
    # continuing education from the credential's start, and must not count the course).
    # Demo data only reaches into the courses app's tables like this.
    Enrolment.objects.filter(user=user, course_key=key).update(
        enrolled_at=start, completed_at=taken + timedelta(minutes=32)
    )
    for index, completion in enumerate(
        ModuleCompletion.objects.filter(user=user, course_key=key).order_by("completed_at", "pk")
    ):
        done = start + timedelta(days=1 + 3 * index, hours=2)
        ModuleCompletion.objects.filter(pk=completion.pk).update(completed_at=done)
        HoursLedgerEntry.objects.filter(user=user, module_key=completion.module_key).update(
            earned_at=done
        )


def _practicum(user, organization, supervisor, valid_from: datetime) -> None:
    """Log the practicum through the services, the supervisor approves it, then date it."""
    for days_before, hours, domain, description in PRACTICUM:
        entry = programme_services.practicum_log(
            user=user,
            organization_id=organization.pk,
            date=timezone.localdate(),
            hours=Decimal(hours),
            domain=domain,
            description=description,
        )
        programme_services.practicum_decide(
            entry=entry, supervisor=supervisor, approve=True, note="Thank you, well reflected."
        )
        day = valid_from - timedelta(days=days_before)
        PracticumEntry.objects.filter(pk=entry.pk).update(
            date=day.date(),
            submitted_at=day + timedelta(hours=20),
            decided_at=day + timedelta(days=2, hours=3),
        )


def _redate(transition: CredentialTransition, at: datetime, **payload) -> None:
    """Date an audit row and its event back to when the demo story has it happen."""
    CredentialTransition.objects.filter(pk=transition.pk).update(at=at)
    if transition.event_id is not None:
        event = Event.objects.filter(event_id=transition.event_id).first()
        if event is not None:
            event.occurred_at = at
            event.payload = {**event.payload, **payload}
            event.save(update_fields=["occurred_at", "payload"])


def _last_transition(credential: Credential, action: str) -> CredentialTransition:
    return credential.transitions.filter(action=action).order_by("-pk").first()


def _remind(credential: Credential, days: int) -> None:
    services.credential_remind(credential=credential, days_before=days)
    at = credential.valid_until - timedelta(days=days) + timedelta(hours=3)
    CredentialReminder.objects.filter(credential=credential, days_before=days).update(sent_at=at)
    _redate(_last_transition(credential, CredentialTransition.Action.EXPIRING), at)


def _issue(user, programme: Programme, valid_from: datetime) -> Credential:
    """Issue the credential the holder earned, then move it to `valid_from` and sign it anew
    (the dates are part of the signed document)."""
    checklist = rules.checklist(user_id=user.pk, programme=programme)
    if not checklist.met:
        missing = ", ".join(r.key for r in checklist.requirements if not r.met)
        raise DemoContentError(f"{user.email} does not meet the programme yet: {missing}.")
    credential = services._issue(holder=user, programme=programme, origin="earned")
    credential.issued_at = credential.valid_from = valid_from
    credential.valid_until = valid_from + relativedelta(months=programme.validity_months)
    documents.sign(credential)
    credential.save(
        update_fields=["issued_at", "valid_from", "valid_until", "document", "jwt", "signing_key"]
    )
    _redate(
        _last_transition(credential, CredentialTransition.Action.ISSUED),
        valid_from,
        valid_from=valid_from.isoformat(),
        valid_until=credential.valid_until.isoformat(),
    )
    return credential


def _bring_to_state(credential: Credential, state: str, admin, now: datetime) -> Credential:
    Action = CredentialTransition.Action
    if state == EXPIRING:
        for days in (90, 30):
            _remind(credential, days)
    elif state == EXPIRED:
        for days in (90, 30, 7):
            _remind(credential, days)
        credential = services.credential_expire(credential=credential, now=now)
        _redate(_last_transition(credential, Action.EXPIRED), credential.valid_until)
    elif state in (SUSPENDED, REVOKED):
        credential = services.credential_suspend(
            credential=credential,
            actor=admin,
            until=timezone.localdate() + timedelta(days=30),
            reason_code="investigation",
            note=SUSPENSION_NOTE,
        )
        if state == SUSPENDED:
            _redate(_last_transition(credential, Action.SUSPENDED), now - timedelta(days=3))
        else:
            _redate(_last_transition(credential, Action.SUSPENDED), now - timedelta(days=40))
            credential = services.credential_revoke(
                credential=credential,
                actor=admin,
                reason_code=Credential.RevocationReason.ETHICS_VIOLATION,
                note=REVOCATION_NOTE,
            )
            _redate(_last_transition(credential, Action.REVOKED), now - timedelta(days=6))
    return credential


def seed_holder(
    holder: DemoHolder,
    *,
    programme: Programme,
    codes: dict[str, EthicsCode],
    organization: Organization,
    supervisor,
    admin,
    cohort: Cohort | None,
    now: datetime,
) -> tuple[object, Credential, bool]:
    """The holder, their membership, and their credential in `holder.state`; True when new."""
    user = demo_user(email=holder.email, display_name=holder.display_name, language=holder.language)
    membership = _member(organization, user, Membership.Role.MEMBER)
    if cohort is not None:
        organization_services.cohort_members_add(cohort=cohort, memberships=[membership])
    existing = (
        Credential.objects.filter(holder=user, programme_key=programme.translation_key)
        .order_by("-issued_at")
        .first()
    )
    if existing is not None:
        return user, existing, False
    course = programme.required_courses.get().course
    quiz = programme.required_assessments.get().quiz
    valid_from = _timeline(programme, holder.state, now)
    _complete_course(user, course, quiz, valid_from - timedelta(days=60))
    _practicum(user, organization, supervisor, valid_from)
    code = codes[holder.language]
    attestation = programme_services.attestation_sign(
        user=user, code=code, language_code=holder.language, typed_name=holder.display_name
    )
    EthicsAttestation.objects.filter(pk=attestation.pk).update(
        signed_at=valid_from - timedelta(days=2)
    )
    credential = _issue(user, programme, valid_from)
    credential = _bring_to_state(credential, holder.state, admin, now)
    return user, credential, True


@transaction.atomic
def seed_credentials(*, stdout=None, directory: Path = CONTENT_DIR) -> list:
    """Create or update the demo programme and credentials; see the module docstring."""
    from django.contrib.auth import get_user_model

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    codes = seed_ethics_code(locales, directory)
    programmes = seed_programme(locales, codes, directory)
    programme = programmes[SOURCE_LANGUAGE]

    organization = Organization.objects.filter(slug=ORGANIZATION_SLUG).first()
    if organization is None:
        raise DemoContentError("The demo credentials need the demo organisation (kernel seed).")
    admin = get_user_model().objects.filter(email=ADMIN_EMAIL).first()
    supervisor = demo_user(email=SUPERVISOR_EMAIL, display_name=SUPERVISOR_NAME, language="id")
    _member(organization, supervisor, Membership.Role.SUPERVISOR)
    cohort = Cohort.objects.filter(organization=organization, name__iexact=DEMO_COHORT).first()

    now = timezone.now()
    seeded = []
    for holder in HOLDERS:
        user, credential, new = seed_holder(
            holder,
            programme=programme,
            codes=codes,
            organization=organization,
            supervisor=supervisor,
            admin=admin,
            cohort=cohort,
            now=now,
        )
        seeded.append((holder, user, credential, new))

    if stdout is not None:
        new_count = sum(1 for *_, new in seeded if new)
        stdout.write(
            f"Credentials: {programme.name!r} in {', '.join(programmes)}, code of ethics "
            f"{codes[SOURCE_LANGUAGE].version}; {len(seeded)} demo holders ({new_count} new):"
        )
        for holder, user, credential, _new in seeded:
            stdout.write(
                f"  {holder.display_name} ({user.email}, {holder.language}): {holder.state} — "
                f"{documents.credential_url(credential)}"
            )
    return [("Supervisor", supervisor.email, DEMO_PASSWORD)] + [
        (f"Credential holder ({holder.state})", holder.email, DEMO_PASSWORD) for holder in HOLDERS
    ]
