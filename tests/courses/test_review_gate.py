"""The Clinical review gates the training modules themselves: an editor cannot publish one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from .conftest import seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.mark.parametrize("language", ["en", "de", "id"])
def test_an_editor_cannot_publish_a_module_and_a_clinical_reviewer_can(user_factory, language):
    editor = user_factory(email="ed@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer = user_factory(email="rev@example.org", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    module = seeded_modules(language)[3]  # the crisis module
    assert module.get_workflow().name == "Clinical review"
    assert module.permissions_for_user(editor).can_edit()
    assert not module.permissions_for_user(editor).can_publish()
    assert module.permissions_for_user(reviewer).can_publish()


def test_the_editor_sees_submit_for_review_not_publish(client, user_factory):
    editor = user_factory(email="ed@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    module = seeded_modules("en")[1]
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
