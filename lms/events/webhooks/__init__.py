"""Webhooks to partners (Standard Webhooks 1.0) and the organisations' event feed.

    mapping.py     which domain events become which webhook events, for which organisations
    services.py    endpoints (create, update, rotate the secret, enable), fan-out of a domain
                   event to the feed and to deliveries, the delivery state machine, redelivery
    http.py        one signed POST, connected to the address that passed the SSRF checks
    ssrf.py        what a webhook URL may point at
    crypto.py      endpoint secrets: generated, encrypted at rest
    selectors.py   reads for the partner API

Handlers (lms/events/handlers.py) subscribe to the domain events by type name; the Celery tasks
(`deliver_webhook`, the beat task `webhooks_due`) are in lms/events/tasks.py.
"""
