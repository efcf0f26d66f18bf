"""resolvers/execution/dataloaders.py: a request's loaders are made on first use and are its own."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from resolvers.actor import SYSTEM
from resolvers.execution.dataloaders import NODE_LOADERS, Loaders
from resolvers.node import NODE_TYPES


def made(loaders: Loaders) -> list[str]:
    return [name for name, value in vars(loaders).items() if isinstance(value, DataLoader)]


def test_loaders_are_made_on_first_use_once_per_request() -> None:
    first, second = Loaders(SYSTEM), Loaders(SYSTEM)
    assert made(first) == []
    unit_by_id = first.unit_by_id
    assert isinstance(unit_by_id, DataLoader)
    assert first.unit_by_id is unit_by_id
    assert made(first) == ["unit_by_id"]
    # Another request's loaders are its own (their caches must never be shared).
    assert second.unit_by_id is not unit_by_id
    assert first.commitment_counts is not second.commitment_counts
    assert sorted(made(first)) == ["commitment_counts", "unit_by_id"]


def test_release_empties_what_was_made() -> None:
    loaders = Loaders(SYSTEM)
    cached = object()
    loaders.unit_by_id.cache_map.set(1, cached)  # type: ignore[arg-type]
    assert loaders.unit_by_id.cache_map.get(1) is cached
    loaders.release()
    assert loaders.unit_by_id.cache_map.get(1) is None
    assert loaders.unit_by_id.batch is None


def test_node_lookup_makes_only_its_loader() -> None:
    assert set(NODE_LOADERS) == set(NODE_TYPES)
    loaders = Loaders(SYSTEM)
    assert loaders.node_loader("NoSuchType") is None
    load = loaders.node_loader("Task")
    assert load is not None
    assert made(loaders) == ["task_by_id"]
    for type_name in NODE_LOADERS:
        assert loaders.node_loader(type_name) is not None
    assert len(made(loaders)) == len(set(NODE_LOADERS.values()))
