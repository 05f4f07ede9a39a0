"""Validation against the 1EdTech Open Badges 3.0 JSON Schema (`schemas/`, draft 2019-09), which
every credential the project issues must pass (`proof` must be an array, for one)."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator, FormatChecker

SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)

# RFC 3339 date-time: a time zone offset is required.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

_format_checker = FormatChecker()


@_format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value.upper())  # raises ValueError for e.g. month 13
    return True


@functools.cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=_format_checker)


def validate_ob3(credential: dict[str, Any]) -> list[str]:
    """The schema violations of `credential`, as "path: message" strings; empty when valid."""
    errors = sorted(
        _validator().iter_errors(credential),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in errors
    ]
