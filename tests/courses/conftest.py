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


def seed_all() -> None:
    for seed in hooks.get_hooks("sebaya_seed_demo"):
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
