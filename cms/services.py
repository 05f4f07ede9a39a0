"""Writes of the cms app: the record of a page going live, the editorial workflow's assignment,
and the home page's featured links."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, Revision, TaskState, Workflow, WorkflowPage

from lms.events import api as events

from .events import PagePublished

CLINICAL_REVIEW_WORKFLOW = "Clinical review"


class WorkflowMissing(LookupError):
    """The "Clinical review" workflow is gone (cms's data migration creates it)."""


def _publisher(revision: Revision):
    """Who published `revision`: the admin user acting (Wagtail's log context), else the
    reviewer whose approval of this revision finished its workflow, else None (a script)."""
    user = get_active_log_context().user
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    approval = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .exclude(finished_by=None)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    return approval.finished_by if approval is not None else None


@transaction.atomic
def page_published_record(*, page: Page, revision: Revision) -> None:
    """Record cms.page.published.v1 for `page` going live at `revision`.

    Called from Wagtail's page_published signal, inside the publishing transaction when there is
    one (the event commits or rolls back with the publication) and in its own otherwise.
    """
    specific = page.specific
    publisher = _publisher(revision)
    events.record(
        PagePublished(
            page_id=page.pk,
            page_type=specific._meta.label_lower,
            locale=specific.locale.language_code,
            revision_id=revision.pk,
            translation_key=specific.translation_key,
            material_change=bool(getattr(specific, "material_change", False)),
            published_by_id=getattr(publisher, "public_id", None),
        )
    )


def clinical_review_workflow() -> Workflow:
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW).first()
    if workflow is None:
        raise WorkflowMissing(CLINICAL_REVIEW_WORKFLOW)
    return workflow


@transaction.atomic
def clinical_review_attach(page: Page) -> Workflow:
    """Make every change to `page` and the pages below it go through "Clinical review".

    Idempotent. Attaches the workflow to `page` and to each of its translations (a workflow is
    assigned per page tree, and each locale has its own tree). Returns the workflow.
    """
    workflow = clinical_review_workflow()
    for tree_root in page.get_translations(inclusive=True):
        WorkflowPage.objects.update_or_create(page=tree_root, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def home_page_feature(*, page: Page, summary: str = "") -> bool:
    """Feature `page` on the home page of its locale (idempotent; publishes the home page).

    Returns True when a link was added, False when it was there already or the locale has no
    home page.
    """
    from .models import HomePage

    home = HomePage.objects.filter(locale_id=page.locale_id).first()
    if home is None:
        return False
    if any(block.value["page"] and block.value["page"].pk == page.pk for block in home.featured):
        return False
    home.featured.append(("featured_page", {"page": page, "summary": summary}))
    home.save_revision().publish()
    return True
