"""The kernel's demo data: an administrator, a trainee, a partner organisation and its coordinator,
with a cohort and a pending invitation."""

from allauth.account.models import EmailAddress
from django.db import transaction

from lms.accounts.models import User
from lms.organizations.demo import seed_demo_api_key, seed_organization_demo
from lms.organizations.models import Membership, Organization
from lms.organizations.services import organization_create

DEMO_PASSWORD = "sebaya-demo-2026"  # noqa: S105 - demo accounts only, printed by seed_demo


def demo_user(*, email: str, display_name: str, language: str = "en", **flags) -> User:
    """Get or create a verified demo user with the demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=display_name,
            preferred_language=language,
            **flags,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_kernel(*, stdout=None) -> list[tuple[str, str, str]]:
    admin = demo_user(
        email="admin@sebaya.example", display_name="Ada Admin", is_staff=True, is_superuser=True
    )
    trainee = demo_user(email="trainee@sebaya.example", display_name="Dewi Lestari", language="id")
    coordinator = demo_user(
        email="coordinator@sebaya.example", display_name="Jonas Berger", language="de"
    )
    organization = Organization.objects.filter(slug="harapan-peer-network").first()
    if organization is None:
        organization = organization_create(
            name="Harapan Peer Network",
            slug="harapan-peer-network",
            kind=Organization.Kind.NGO,
            country="ID",
        )
    Membership.objects.get_or_create(
        organization=organization,
        user=coordinator,
        defaults={"role": Membership.Role.COORDINATOR},
    )
    Membership.objects.get_or_create(
        organization=organization,
        user=trainee,
        defaults={"shares_progress": True, "shares_credentials": True},
    )
    seed_organization_demo(organization=organization, coordinator=coordinator)
    seed_demo_api_key(organization=organization, coordinator=coordinator)
    return [
        ("Administrator", admin.email, DEMO_PASSWORD),
        ("Trainee", trainee.email, DEMO_PASSWORD),
        ("Coordinator", coordinator.email, DEMO_PASSWORD),
    ]
