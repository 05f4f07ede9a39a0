"""Fixtures for the courses tests.

`seeded` runs the whole demo seeding (kernel, cms, courses: what `manage.py seed_demo` does) once
for this test package, inside a transaction that is rolled back when the package's tests are done
(so no test elsewhere sees it); each test runs in a savepoint inside it, so tests see the seeded
site and cannot disturb each other. Seeding takes seconds: the package seeds once.
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail import hooks

from courses.curriculum import CURRICULUM_DIR, MODULE_FILE

COURSE_SLUG = "peer-support-foundations"
LANGUAGES = ("en", "de", "id")


def module_files(language: str = "en") -> list[Path]:
    return sorted(
        path for path in CURRICULUM_DIR.glob(f"*.{language}.yaml") if MODULE_FILE.match(path.name)
    )


def module_slugs() -> list[str]:
    return [MODULE_FILE.match(path.name)["slug"] for path in module_files()]


# The courses tests see the site as the layers up to courses seed it: what a higher app adds (the
# demo course's final quiz, which makes passing it a completion requirement) is tested with that
# app, in tests/certification.
COURSES_AND_BELOW = ("lms", "cms", "courses")


def seed_all(
    *, apps: tuple[str, ...] | None = COURSES_AND_BELOW, skip: tuple[str, ...] = ()
) -> None:
    """Run the `sebaya_seed_demo` hooks of `apps` (None: every app), in hook order, except the
    functions named in `skip`."""
    for seed in hooks.get_hooks("sebaya_seed_demo"):
        if seed.__name__ in skip:
            continue
        if apps is None or seed.__module__.split(".")[0] in apps:
            seed(stdout=None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail's site root paths and the cms's page chrome are cached, and a cache outlives the
    transactions the tests roll back."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            seed_all()
            yield
            transaction.set_rollback(True)
        cache.clear()


# Learning ------------------------------------------------------------------------------------


def seeded_course(language: str = "en"):
    from courses.models import CoursePage

    return CoursePage.objects.get(locale__language_code=language, slug=COURSE_SLUG)


def seeded_modules(language: str = "en") -> list:
    from courses.models import ModulePage

    return list(ModulePage.objects.child_of(seeded_course(language)).live().order_by("path"))


def home_page(language: str = "en"):
    from wagtail.models import Locale, Site

    root = Site.objects.get(is_default_site=True).root_page
    return root.get_translation(Locale.objects.get(language_code=language))


def make_course(
    slug: str,
    *,
    modules: int = 2,
    minutes: int = 10,
    hours: str | None = "0.5",
    domain_slug: str = "ethics-boundaries",
    language: str = "en",
):
    """A live course with `modules` live modules (each `minutes` long and worth `hours` in one
    domain) under the home page of `language`."""
    from decimal import Decimal

    from courses.models import CompetencyDomain, CoursePage, ModuleCompetencyHours, ModulePage

    course = home_page(language).add_child(
        instance=CoursePage(
            title=f"Course {slug}",
            slug=slug,
            summary="A test course.",
            estimated_minutes=minutes * modules,
        )
    )
    course.save_revision().publish()
    domain = CompetencyDomain.objects.filter(
        slug=domain_slug, locale__language_code=language
    ).first()
    for number in range(1, modules + 1):
        module = ModulePage(
            title=f"{slug} module {number}",
            slug=f"{slug}-module-{number}",
            summary="A test module.",
            estimated_minutes=minutes,
            body=[],
        )
        if hours is not None and domain is not None:
            module.competency_hours = [ModuleCompetencyHours(domain=domain, hours=Decimal(hours))]
        course = CoursePage.objects.get(pk=course.pk)  # fresh tree fields
        course.add_child(instance=module)
        module.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def trainee(user_factory):
    return user_factory(email="learner@example.org", display_name="Lina Learner")


@pytest.fixture
def other_trainee(user_factory):
    return user_factory(email="other.learner@example.org", display_name="Omar Other")


def course_events() -> list:
    from lms.events.models import Event

    return list(Event.objects.filter(type__startswith="courses.").order_by("pk"))
