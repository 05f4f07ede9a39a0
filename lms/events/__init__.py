"""Domain events: the transactional outbox, the relay to Celery, the handler registry.

Other apps use `lms.events.api` only.
"""
