"""Events the accounts app records. Payloads carry the user's public id, never their data."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from lms.events.api import DomainEvent


@dataclass(frozen=True, kw_only=True)
class UserRegistered(DomainEvent):
    type: ClassVar[str] = "accounts.user.registered.v1"
    user_id: UUID
    preferred_language: str


@dataclass(frozen=True, kw_only=True)
class UserPreferencesChanged(DomainEvent):
    type: ClassVar[str] = "accounts.user.preferences_changed.v1"
    user_id: UUID
    preferred_language: str


@dataclass(frozen=True, kw_only=True)
class UserDeleted(DomainEvent):
    type: ClassVar[str] = "accounts.user.deleted.v1"
    user_id: UUID
