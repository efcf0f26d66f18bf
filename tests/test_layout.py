"""The top-level packages are this repository's, not same-named ones from site-packages."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("package", ["models", "schema", "resolvers", "seed", "server"])
def test_package_resolves_inside_the_repo(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None, f"{package} is a namespace package: add __init__.py"
    assert Path(module.__file__).resolve().is_relative_to(ROOT)
