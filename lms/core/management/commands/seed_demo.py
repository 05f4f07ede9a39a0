"""`manage.py seed_demo`: demo content and accounts, idempotently.

Each app contributes through the `sebaya_seed_demo` hook (registered in its wagtail_hooks.py with
an `order`, lower layers first), so this command in the kernel names no higher app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from lms.organizations.demo import DEMO_API_KEY

SEED_DEMO_HOOK = "sebaya_seed_demo"


class Command(BaseCommand):
    help = "Create or update the demo content and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even when DEBUG is off (demo accounts have published passwords!).",
        )

    def handle(self, *args, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to seed demo accounts with DEBUG off; see --help.")
        logins: list[tuple[str, str, str]] = []
        with transaction.atomic():
            for seed in hooks.get_hooks(SEED_DEMO_HOOK):
                logins.extend(seed(stdout=self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if logins:
            self.stdout.write("\nDemo logins (http://127.0.0.1:8000/en/accounts/login/):")
            width = max(len(role) for role, _, _ in logins)
            for role, email, password in logins:
                self.stdout.write(f"  {role.ljust(width)}  {email}  /  {password}")
            self.stdout.write("  Wagtail admin: http://127.0.0.1:8000/admin/\n")
        self.stdout.write(
            "Partner API key of Harapan Peer Network (all scopes; docs/partner-quickstart.md):\n"
            f"  {DEMO_API_KEY}\n"
            "  curl -H 'Authorization: Bearer <key>' http://127.0.0.1:8000/api/v1/members\n"
            "  API docs: http://127.0.0.1:8000/api/docs/\n"
        )
