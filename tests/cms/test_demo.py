"""The demo site frame seeds idempotently and never overwrites what editors changed."""

from django.contrib.auth.models import Group
from wagtail.models import Page

from cms.demo import seed_site
from cms.models import CrisisLine, FooterLink, Navigation, NavigationLink, StandardPage
from lms.accounts.models import User


def _counts():
    return (
        Page.objects.count(),
        CrisisLine.objects.count(),
        Navigation.objects.count(),
        NavigationLink.objects.count(),
        FooterLink.objects.count(),
    )


def test_seeding_twice_changes_nothing(site_frame):
    before = _counts()
    about = StandardPage.objects.get(slug="about")
    about.intro = "Edited by an editor."
    about.save_revision().publish()
    logins = seed_site()
    assert _counts() == before
    assert StandardPage.objects.get(slug="about").intro == "Edited by an editor."
    assert {email for _, email, _ in logins} == {"editor@sebaya.example", "reviewer@sebaya.example"}


def test_the_standard_pages_exist_in_every_language(site_frame):
    for code in ("en", "de", "id"):
        titles = set(
            StandardPage.objects.live()
            .filter(locale__language_code=code)
            .values_list("slug", flat=True)
        )
        assert len(titles) == 3, (code, titles)


def test_demo_editor_and_reviewer_are_in_their_groups(site_frame):
    assert User.objects.get(email="editor@sebaya.example").groups.get() == Group.objects.get(
        name="Editors"
    )
    assert User.objects.get(email="reviewer@sebaya.example").groups.get() == Group.objects.get(
        name="Clinical reviewers"
    )
