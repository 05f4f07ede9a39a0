"""Receivers at Wagtail's seams: a page going live becomes a domain event; changes to the site
frame forget the cached navigation and footer."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .models import CrisisLine, FooterLink, Navigation, NavigationLink, SiteSettings
from .selectors import site_chrome_invalidate
from .services import page_published_record


@receiver(page_published, dispatch_uid="cms.page_published_record")
def record_page_published(sender, instance, revision, **kwargs):
    page_published_record(page=instance, revision=revision)


def _invalidate_chrome(**kwargs):
    site_chrome_invalidate()


# The cached navigation, footer and crisis lines change with these models and with pages going
# live or away (a menu link to an unpublished page disappears).
for _model in (Navigation, NavigationLink, FooterLink, SiteSettings, CrisisLine):
    post_save.connect(_invalidate_chrome, sender=_model, dispatch_uid=f"cms.chrome.save.{_model}")
    post_delete.connect(
        _invalidate_chrome, sender=_model, dispatch_uid=f"cms.chrome.delete.{_model}"
    )
page_published.connect(_invalidate_chrome, dispatch_uid="cms.chrome.page_published")
page_unpublished.connect(_invalidate_chrome, dispatch_uid="cms.chrome.page_unpublished")
post_delete.connect(_invalidate_chrome, sender=Page, dispatch_uid="cms.chrome.page_deleted")
