"""The private library names dutygraph relies on exist, and their loss is told by name."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.models import Model

from server import library_contract
from server.app import create_app
from server.library_contract import PRIVATE_NAMES, LibraryContractBroken, PrivateName
from server.settings import Settings


def test_every_private_name_is_there() -> None:
    assert [name.problem() for name in PRIVATE_NAMES if name.problem()] == []
    libraries = {name.library for name in PRIVATE_NAMES}
    assert libraries == {"strawberry", "graphql", "tortoise", "pypika_tortoise", "asyncio"}


def test_the_code_uses_no_private_name_missing_from_the_table() -> None:
    """The modules that lean on library internals name each attribute in the table."""
    table = " ".join(f"{name.where} {name.used_by}" for name in PRIVATE_NAMES)
    for used in (
        "_asyncio_future_blocking",
        "_is_default",
        "_exception_handler_specs",
        "get_arguments",
        "FieldDetailsList",
        "_init_from_db",
        "_partial",
        "_saved_in_db",
        "_custom_generated_pk",
        "_make_query",
        "_choose_db",
        "_choose_db_if_not_chosen",
        "QUERY_CLS",
        "get_parameterized_sql",
        "_lock",
        "_trxlock",
        "_connection",
        "_in_transaction",
    ):
        assert used in table or any(used in str(name.holds) for name in PRIVATE_NAMES), used


def test_a_renamed_method_is_named_with_the_library_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(Model, "_init_from_db")
    library_contract.problems.cache_clear()
    try:
        with pytest.raises(LibraryContractBroken) as broken:
            library_contract.check()
    finally:
        library_contract.problems.cache_clear()
    message = str(broken.value)
    assert "tortoise.models:Model._init_from_db" in message
    assert f"tortoise {version('tortoise-orm')}" in message
    assert "resolvers/execution/rows.py" in message
    assert message.count("\n- ") == 1


def test_an_instance_attribute_that_is_no_longer_set_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def init_without_lock(self: SqliteClient, file_path: str, **kwargs: object) -> None:
        self.filename = file_path

    monkeypatch.setattr(SqliteClient, "__init__", init_without_lock)
    lock = next(n for n in PRIVATE_NAMES if "SqliteClient._lock" in n.used_by)
    assert lock.problem() is not None
    assert "SqliteClient._lock" in (lock.problem() or "")


def test_the_app_refuses_to_start_on_a_broken_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    gone = PrivateName("graphql.execution.collect_fields:NoSuchName", "a test")
    monkeypatch.setattr(library_contract, "PRIVATE_NAMES", (*PRIVATE_NAMES, gone))
    library_contract.problems.cache_clear()
    try:
        with pytest.raises(LibraryContractBroken, match=r"NoSuchName is gone from graphql 3\."):
            create_app(Settings(database_url="sqlite://:memory:"))
    finally:
        library_contract.problems.cache_clear()


def test_the_row_builder_is_installed_at_start_not_on_import() -> None:
    program = (
        "import models\n"
        "from resolvers.execution.rows import install_row_builder\n"
        "from tortoise.models import Model\n"
        "tortoise_own = Model._init_from_db.__func__\n"
        "assert models.Task._init_from_db.__func__ is tortoise_own\n"
        "install_row_builder()\n"
        "assert models.Task._init_from_db.__func__ is not tortoise_own\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
