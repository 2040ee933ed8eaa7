"""Optional features and the extra that installs each, so a missing one says what to install."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(ImportError):
    """An optional feature needs a package that the base install leaves out."""


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import an optional module, or raise MissingExtra naming the pip extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{feature} needs the '{module}' package, which the base install leaves out; "
            f'install it with: pip install "ivig-kg[{extra}]"'
        ) from None
