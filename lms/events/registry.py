"""Event types, their JSON Schemas, and the handlers subscribed to them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from jsonschema import Draft202012Validator


class UnknownEventType(LookupError):
    pass


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every event type. Subclasses are frozen dataclasses with a `type` class variable
    named `<app>.<subject>.<action>.v<N>`; their fields are the payload (ids and facts only)."""

    type: ClassVar[str]

    def to_payload(self) -> dict[str, Any]:
        """The payload as plain JSON (UUIDs, Decimals and datetimes as strings)."""
        return json.loads(json.dumps(dataclasses.asdict(self), cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class ReceivedEvent:
    """What a handler receives: the envelope and the payload. Payload keys read as attributes
    (`event.holder_id`), so a handler needs only the type's schema, never the emitting app."""

    id: str
    type: str
    occurred_at: str
    payload: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.payload[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Handler:
    name: str
    event_type: str
    func: Callable[[ReceivedEvent], None]
    retry_on: tuple[type[BaseException], ...]


_handlers_by_type: dict[str, list[Handler]] = {}
_handlers_by_name: dict[str, Handler] = {}


def register_handler(
    event_type: str,
    func: Callable[[ReceivedEvent], None],
    *,
    name: str | None = None,
    retry_on: tuple[type[BaseException], ...] = (),
) -> Handler:
    handler = Handler(
        name=name or f"{func.__module__}.{func.__qualname__}",
        event_type=event_type,
        func=func,
        retry_on=retry_on,
    )
    existing = _handlers_by_name.get(handler.name)
    if existing is not None:
        if existing.func is func or existing.func.__code__ is func.__code__:
            return existing  # the module was imported twice (autoreload): same subscriber
        raise ValueError(f"Two event handlers are named {handler.name!r}.")
    _handlers_by_name[handler.name] = handler
    _handlers_by_type.setdefault(event_type, []).append(handler)
    return handler


def unregister_handler(name: str) -> None:
    """Remove a handler (tests that register their own use this to clean up)."""
    handler = _handlers_by_name.pop(name, None)
    if handler is not None:
        _handlers_by_type[handler.event_type].remove(handler)


def handlers_for(event_type: str) -> list[Handler]:
    return list(_handlers_by_type.get(event_type, ()))


def handler_named(name: str) -> Handler | None:
    return _handlers_by_name.get(name)


def all_handlers() -> list[Handler]:
    return list(_handlers_by_name.values())


def schema_path(event_type: str) -> Path:
    """`<app>/event_schemas/<type>.json`, in the app whose label starts the type name."""
    app_label = event_type.split(".", 1)[0]
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        raise UnknownEventType(f"No installed app {app_label!r} owns {event_type!r}.") from None
    return Path(app_config.path) / "event_schemas" / f"{event_type}.json"


@cache
def validator_for(event_type: str) -> Draft202012Validator:
    path = schema_path(event_type)
    if not path.exists():
        raise UnknownEventType(f"Event type {event_type!r} has no JSON Schema at {path}.")
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
