"""Wagtail's default "Moderators" group may no longer publish: nothing goes live without the
Clinical review (only Clinical reviewers, whose approval publishes, and administrators publish)."""

from django.db import migrations


def revoke_moderators_publish(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Moderators", permission__codename="publish_page"
    ).delete()


def restore_moderators_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    moderators = Group.objects.filter(name="Moderators").first()
    root = Page.objects.filter(depth=1).first()
    permission = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if moderators and root and permission:
        GroupPagePermission.objects.get_or_create(
            group=moderators, page=root, permission=permission
        )


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_editorial_workflow")]

    operations = [migrations.RunPython(revoke_moderators_publish, restore_moderators_publish)]
