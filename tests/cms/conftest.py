"""Fixtures for the cms tests: the demo site frame (home pages, crisis lines, standard pages in
en/de/id), editors and clinical reviewers."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The navigation and footer are cached, and the cache outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_frame(db):
    """The demo site frame, seeded as `seed_demo` does; returns the home page of each language."""
    from cms.demo import seed_site
    from cms.models import HomePage

    seed_site()
    return {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}


@pytest.fixture
def editor(user_factory):
    user = user_factory(email="editor@example.org", display_name="Eda")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(user_factory):
    user = user_factory(email="reviewer@example.org", display_name="Rin")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user
