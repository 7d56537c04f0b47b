"""Request parameters as Telegram reads them, plus the Bot API error type.

A request's parameters come from the query string, a form-encoded or multipart body (nested objects as JSON
strings, files as parts) or a JSON body; :class:`Params` reads them all the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ApiError", "Params", "Upload", "bad_request"]


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code", "description", "parameters"?}``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's ``Bad Request: ...`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Params:
    """Typed access to one request's parameters."""

    values: dict[str, Any]
    files: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.files

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1", "yes")

    def get_json(self, name: str, error: str | None = None) -> Any:
        """A nested object: already decoded in a JSON body, a JSON string in a form."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error or f"can't parse {name} JSON object") from None

    def upload(self, name: str) -> Upload | str | None:
        """A file parameter: an uploaded part (directly or via ``attach://``) or a file_id/URL string."""
        if name in self.files:
            return self.files[name]
        value = self.get_str(name)
        if value and value.startswith("attach://"):
            part = self.files.get(value[len("attach://") :])
            if part is None:
                raise bad_request(f"wrong remote file identifier specified: {name}")
            return part
        return value or None
