"""The event catalogue, generated from the JSON Schemas (README's table is this output)."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps

START = "<!-- event-catalogue:start -->"
END = "<!-- event-catalogue:end -->"


def schema_files() -> list[Path]:
    files: list[Path] = []
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "event_schemas"
        if folder.is_dir() and not app_config.name.startswith("tests."):
            files.extend(sorted(folder.glob("*.json")))
    return files


def catalogue_markdown() -> str:
    rows = ["| type | what happened | payload |", "|---|---|---|"]
    for path in schema_files():
        schema = json.loads(path.read_text())
        description = " ".join(schema.get("description", "").split()).replace("|", "\\|")
        required = set(schema.get("required", []))
        fields = ", ".join(
            f"`{name}`" + ("" if name in required else " (optional)")
            for name in schema.get("properties", {})
        )
        rows.append(f"| `{path.stem}` | {description} | {fields} |")
    return "\n".join(rows)


def replace_in(text: str) -> str:
    """`text` with the part between the catalogue markers replaced by the current catalogue."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{catalogue_markdown()}\n{END}{tail}"
