"""A partner organisation: from inviting a supporter to hearing that their credential was revoked.

The coordinator of Lentera Crisis Line invites a demo credential holder, who accepts and consents
to share their credentials; the coordinator creates an API key, then (with it, through the
partner API) a webhook endpoint pointing at a receiver this test runs. An administrator revokes
the holder's credential in the Wagtail admin; the receiver gets the signed `credential.revoked`
event (Standard Webhooks signature checked with the endpoint's secret) and the API reports the
credential revoked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from .helpers import links_in, login, navigate, screenshots, submit

pytestmark = pytest.mark.e2e

PARTNER = "lentera-crisis-line"
COORDINATOR = "coordinator@lentera.e2e.example"


class Receiver:
    """A webhook receiver on 127.0.0.1: keeps every request, answers 204."""

    def __init__(self):
        self.requests: list[dict] = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append({"headers": dict(self.headers.items()), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/sebaya"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, webhook_type: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for request in self.requests:
                if json.loads(request["body"]).get("type") == webhook_type:
                    return request
            time.sleep(0.2)
        types = [json.loads(r["body"]).get("type") for r in self.requests]
        raise AssertionError(f"no {webhook_type} webhook arrived; got {types}")

    def close(self):
        self.server.shutdown()


def signature_valid(request: dict, secret: str) -> bool:
    """Standard Webhooks 1.0: v1,<base64 HMAC-SHA256 of "id.timestamp.body">."""
    headers = {key.lower(): value for key, value in request["headers"].items()}
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + request["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split() if "," in part]
    return any(hmac.compare_digest(expected, signature) for signature in given)


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def test_partner_journey(new_context, server, receiver):
    holder_email = server.facts["credentials"]["expiring"]["holder"]
    credential_id = server.facts["credentials"]["expiring"]["id"]
    base = f"/en/organisations/{PARTNER}/"

    # The coordinator invites the supporter, who accepts and shares their credentials.
    coordinator = new_context().new_page()
    login(coordinator, COORDINATOR)
    coordinator.goto(f"{base}invitations/new/")
    coordinator.locator("textarea[name=emails]").fill(holder_email)
    coordinator.locator("select[name=role]").select_option("member")
    submit(coordinator, "/invitations/new/")
    message = server.mailbox.wait_for(to=holder_email, containing="/organisations/invitations/")
    (link,) = links_in(message, r"https?://\S+/organisations/invitations/\S+")
    supporter = new_context().new_page()
    login(supporter, holder_email)
    supporter.goto(link)
    supporter.locator("input[name=shares_credentials]").check()
    navigate(supporter, supporter.locator("main form button[type=submit]"))
    expect(supporter.locator("main")).to_contain_text("Lentera Crisis Line")

    # The coordinator creates an API key (shown once) ...
    coordinator.goto(f"{base}api-keys/new/")
    coordinator.locator("input[name=name]").fill("Rostering system")
    for scope in ("credentials:verify", "webhooks:manage"):
        coordinator.locator(f'input[name=scopes][value="{scope}"]').check()
    submit(coordinator, "/api-keys/new/")
    key = coordinator.locator("#api-key-value").input_value()
    assert key.startswith("sbk_"), key
    screenshots(coordinator, "partner-api-key-created")
    api = {"Authorization": f"Bearer {key}", "Accept": "application/json"}

    # ... and, with it, a webhook endpoint for credential changes.
    response = coordinator.request.post(
        "/api/v1/webhooks/endpoints",
        headers={**api, "Content-Type": "application/json"},
        data=json.dumps(
            {
                "url": receiver.url,
                "description": "Lentera rostering",
                "event_types": ["credential.revoked", "credential.suspended"],
            }
        ),
    )
    assert response.status == 201, response.text()
    secret = response.json()["secret"]
    assert secret.startswith("whsec_")

    # The API verifies the credential: valid for now.
    before = coordinator.request.get(f"/api/v1/credentials/{credential_id}", headers=api)
    assert before.ok, before.text()
    assert before.json()["status"] != "revoked"

    # An administrator revokes it in the Wagtail admin.
    admin = new_context().new_page()
    admin.set_default_timeout(30_000)
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill("admin@sebaya.example")
    admin.locator("input[name=password]").fill("sebaya-demo-2026")
    admin.locator("form button[type=submit]").first.click()
    expect(admin).not_to_have_url(re.compile(r"/admin/login/"))
    admin.goto(f"/admin/certification/credentials/?q={holder_email}")
    navigate(
        admin, admin.locator('main a[href*="/admin/certification/credentials/inspect/"]').first
    )
    navigate(admin, admin.locator('a[href$="/revoke/"]').first)
    admin.locator("select[name=reason_code]").select_option(index=1)
    admin.locator("textarea[name=note]").fill("Revoked after a review (e2e partner journey).")
    navigate(admin, admin.locator("main form button[type=submit]").first)
    navigate(admin, admin.locator('main form button[type=submit][class*="no"]').first)
    expect(admin.locator(".messages")).to_contain_text("revoked")

    # The receiver got the signed event; the API says revoked.
    delivery = receiver.wait_for("credential.revoked")
    assert signature_valid(delivery, secret)
    event = json.loads(delivery["body"])
    assert credential_id in json.dumps(event)
    after = coordinator.request.get(f"/api/v1/credentials/{credential_id}", headers=api)
    assert after.ok, after.text()
    assert after.json()["status"] == "revoked"
