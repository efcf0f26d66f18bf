"""Global ID keys are bounded by the key columns: the bounds in schema/relay.py match the models."""

from __future__ import annotations

from tortoise import fields

import models
from resolvers.global_ids import WIDE_KEY_TYPES, largest_key


def test_wide_keys_are_exactly_the_64_bit_primary_keys() -> None:
    wide = set()
    for name in dir(models):
        model = getattr(models, name)
        if isinstance(model, type) and hasattr(model, "_meta"):
            pk = model._meta.fields_map.get(model._meta.pk_attr)
            if isinstance(pk, fields.BigIntField):
                wide.add(model.__name__)
    assert wide == set(WIDE_KEY_TYPES)
    assert largest_key("JournalEntry") == 2**63 - 1
    assert largest_key("Task") == 2**31 - 1
