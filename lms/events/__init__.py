"""Domain events: the transactional outbox, the relay to Celery, the handler registry; and the
webhooks to partners with the organisations' event feed (lms.events.webhooks).

Other apps use `lms.events.api` only.
"""
