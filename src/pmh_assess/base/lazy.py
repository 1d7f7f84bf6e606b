"""Names a package exports, each imported from its module when first used: so that
importing the package (for `--help`, or for one light module of it) imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: each name in `homes` comes from the module
    named beside it (relative to the package) and is kept in `namespace` once imported."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        # __import__ rather than importlib.import_module, which -X importtime does not list
        value = getattr(__import__(f"{package}.{home}", fromlist=[name]), name)
        namespace[name] = value
        return value

    return __getattr__
