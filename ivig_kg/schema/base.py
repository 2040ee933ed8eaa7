"""Base models of the data files: strict, closed, immutable; and models that know their lines."""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

from ivig_kg.schema import types as t
from ivig_kg.schema.types import Position


class Model(BaseModel):
    """Base of every part of a data file: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    #: How messages name one of these ("an indication record", "a quantity").
    noun: ClassVar[str] = "a mapping"
    #: Top-level keys left out of field names in messages (the list that holds the records).
    unnamed: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: object) -> object:
        """Refuse an unknown key with the allowed ones; treat a key without value as absent."""
        if not isinstance(data, dict):
            return data  # pydantic names the mismatch: expected a mapping
        names = _field_names(cls)
        for key in data:
            if key not in names:
                allowed = ", ".join(names)
                message = f"unknown field for {cls.noun}; allowed: {allowed}"
                raise t.error("unknown_field", message, str(key))
        return {key: value for key, value in data.items() if value is not None}


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


class Located(Model):
    """A model that knows the file it was read from and the line of each of its parts."""

    _file: str = PrivateAttr(default="")
    _lines: dict[Position, int] = PrivateAttr(default_factory=dict)

    def locate(self, file: str, lines: dict[Position, int]) -> None:
        """Remember where this was read: lines are keyed by paths relative to this model."""
        self._file, self._lines = file, lines

    @property
    def file(self) -> str:
        return self._file

    @property
    def line(self) -> int:
        return self._lines.get((), 1)

    def line_of(self, *path: str | int) -> int:
        """Return the line of a part, or of the nearest enclosing part that has one."""
        while path and path not in self._lines:
            path = path[:-1]
        return self._lines.get(path, self.line)


# --------------------------------------------------------------------------- records
