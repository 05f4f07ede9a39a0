"""The editorial workflow: "Editors" write, "Clinical reviewers" approve, nothing goes live
without a clinical review.

- Editors (Wagtail's group, kept): admin access, add and edit pages (never publish), add, edit and
  choose images and documents, submit pages for translation.
- Clinical reviewers: admin access, edit and publish pages (Wagtail publishes an approved
  page as the approving user, so the approver needs the publish permission), choose images and
  documents. They approve through the workflow's task; its final approval publishes.
- Workflow "Clinical review": one GroupApprovalTask for Clinical reviewers, assigned to the root
  page, so it covers every page of every locale (replacing Wagtail's default "Moderators
  approval" there). cms.api.clinical_review_attach() attaches it to a tree explicitly.
"""

from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Clinical reviewers"
WORKFLOW = "Clinical review"
TASK = "Clinical review"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_editorial_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    add_page = _permission(apps, "wagtailcore", "page", "add_page", "Can add page")
    change_page = _permission(apps, "wagtailcore", "page", "change_page", "Can change page")
    publish_page = _permission(apps, "wagtailcore", "page", "publish_page", "Can publish page")
    submit_translation = _permission(
        apps, "wagtail_localize", "translation", "submit_translation", "Can submit translations"
    )
    image = {
        codename: _permission(apps, "wagtailimages", "image", f"{codename}_image", f"Can {codename} image")
        for codename in ("add", "change", "choose")
    }
    document = {
        codename: _permission(
            apps, "wagtaildocs", "document", f"{codename}_document", f"Can {codename} document"
        )
        for codename in ("add", "change", "choose")
    }

    editors.permissions.add(access_admin, submit_translation)
    reviewers.permissions.add(access_admin)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    if root_page is not None:
        for permission in (add_page, change_page):
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root_page, permission=permission
            )
        GroupPagePermission.objects.filter(group=editors, permission=publish_page).delete()
        for permission in (change_page, publish_page):
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page=root_page, permission=permission
            )
    if root_collection is not None:
        for permission in image.values():
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission
            )
        for permission in document.values():
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=permission
            )
        for permission in (image["choose"], document["choose"]):
            GroupCollectionPermission.objects.get_or_create(
                group=reviewers, collection=root_collection, permission=permission
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(reviewers)

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_site_frame"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_editorial_workflow, migrations.RunPython.noop)]
