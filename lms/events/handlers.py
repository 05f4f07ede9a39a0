"""The event spine's own subscribers: each domain event partners may hear of becomes entries in
the receiving organisations' event feeds and webhook deliveries (lms.events.webhooks).

Subscribed by type name only (lms.events imports no higher app); the mapping and its consent
rules are in webhooks/mapping.py.
"""

from . import api as events
from .webhooks import mapping, services


def fan_out_to_partners(event: events.ReceivedEvent) -> None:
    services.webhook_event_record(event=event)


for _domain_type in mapping.WEBHOOK_TYPES:
    events.handler(_domain_type, name=services.handler_name(_domain_type))(fan_out_to_partners)


@events.handler("accounts.user.deleted.v1")
def erase_member_from_partner_feeds(event: events.ReceivedEvent) -> None:
    services.member_erase(member_id=event.user_id)
