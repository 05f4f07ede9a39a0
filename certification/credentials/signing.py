"""The issuer: its did:web identity, its signing key (from configuration, never from the
database), and the public keys every credential it ever signed can be checked against.

    issuer_did() -> "did:web:sebaya.example"
    current_signer() -> Signer: the configured private key and its SigningKey row
    public_key_for(verification_method) -> Ed25519PublicKey | None   (any key it ever used)
    did_document() -> dict   (/.well-known/did.json)
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import openbadges as ob
from ..models import SigningKey

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: dict[str, object] = {}


@dataclass(frozen=True)
class Signer:
    private_key: Ed25519PrivateKey
    key: SigningKey

    @property
    def verification_method(self) -> str:
        return f"{issuer_did()}#{self.key.fragment}"


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def issuer_did() -> str:
    """did:web of the site's host (and port): SITE_URL decides it."""
    return ob.did_web(urlsplit(site_url()).netloc)


def issuer_profile() -> dict:
    """The issuer as OB 3.0 `Profile`."""
    profile = {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": settings.SEBAYA_ISSUER_NAME,
        "url": site_url() + "/",
    }
    if settings.SEBAYA_ISSUER_EMAIL:
        profile["email"] = settings.SEBAYA_ISSUER_EMAIL
    return profile


def _default_key_file() -> Path:
    return Path(settings.VAR_DIR) / "signing-key.pem"


def _load_private_key() -> Ed25519PrivateKey:
    """The configured key: SEBAYA_SIGNING_KEY (PEM), else SEBAYA_SIGNING_KEY_FILE, else (in
    development only) var/signing-key.pem, generated on first use with owner-only access."""
    if settings.SEBAYA_SIGNING_KEY:
        return ob.private_key_from_pem(settings.SEBAYA_SIGNING_KEY)
    path = Path(settings.SEBAYA_SIGNING_KEY_FILE or _default_key_file())
    if path.exists():
        return ob.private_key_from_pem(path.read_bytes())
    if settings.SEBAYA_SIGNING_KEY_FILE or not settings.SEBAYA_SIGNING_KEY_GENERATE:
        raise ImproperlyConfigured(
            f"The credential signing key file {path} does not exist. Set SEBAYA_SIGNING_KEY or "
            "SEBAYA_SIGNING_KEY_FILE (README.md, 'Configuration')."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = ob.generate_private_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(ob.private_key_to_pem(key))
    logger.info("Generated a development signing key in %s.", path)
    return key


def _private_key() -> Ed25519PrivateKey:
    with _lock:
        key = _cache.get("private_key")
        if key is None:
            try:
                key = _load_private_key()
            except FileExistsError:  # another process generated it first
                key = _load_private_key()
            _cache["private_key"] = key
        return key  # type: ignore[return-value]


def current_signer() -> Signer:
    """The configured key and its registered public half. The first use of a new key registers
    it and retires the previous ones (rotation): they sign nothing more, but stay in the DID
    document."""
    private_key = _private_key()
    multibase = ob.public_key_multibase(private_key)
    key = SigningKey.objects.filter(public_key_multibase=multibase).first()
    if key is None:
        try:
            with transaction.atomic():
                key = SigningKey.objects.create(public_key_multibase=multibase)
                SigningKey.objects.exclude(pk=key.pk).filter(retired_at__isnull=True).update(
                    retired_at=timezone.now()
                )
        except IntegrityError:
            key = SigningKey.objects.get(public_key_multibase=multibase)
    return Signer(private_key=private_key, key=key)


def public_key_for(verification_method: str) -> Ed25519PublicKey | None:
    """The public key of one of this issuer's verification methods, current or retired."""
    did, _, fragment = verification_method.partition("#")
    if did != issuer_did() or not fragment:
        return None
    if not SigningKey.objects.filter(public_key_multibase=fragment).exists():
        return None
    return ob.public_key_from_multibase(fragment)


def did_document() -> dict:
    keys = [(key.fragment, key.public_key_multibase) for key in SigningKey.objects.all()]
    if not keys:
        signer = current_signer()
        keys = [(signer.key.fragment, signer.key.public_key_multibase)]
    return ob.did_document(did=issuer_did(), keys=keys)


def reset_cache() -> None:
    """Forget the loaded key (tests that change the configuration)."""
    with _lock:
        _cache.clear()
