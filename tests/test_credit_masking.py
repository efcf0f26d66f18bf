"""The masking rule of public summaries (resolvers/credit/masking.py), as pure functions."""

from __future__ import annotations

import pytest

from resolvers.credit.masking import KnownNames, clean_name, looks_like_person, mask_name

KNOWN = KnownNames.of(
    people=["王志强（示例）", "王志", "孙建国(副县长)", "张义", "李国庆", " "],
    own="王志强（示例）",
    units=["张义镇人民政府", "赵家庄村民委员会", ""],
)


@pytest.mark.parametrize(
    ("stored", "clean", "masked"),
    [
        ("王志强（示例）", "王志强", "王**"),
        ("孙建国(副县长)", "孙建国", "孙**"),
        (" 李 国庆 ", "李国庆", "李**"),
        ("阿卜杜拉·买买提", "阿卜杜拉·买买提", "阿**"),
        ("", "", ""),
    ],
)
def test_names_are_cleaned_then_masked(stored: str, clean: str, masked: str) -> None:
    assert clean_name(stored) == clean
    assert mask_name(stored) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # The longest name wins where two known names overlap (王志 and 王志强).
        ("王志强签字，王志未签", "王**签字，王**未签"),
        # Spaces, dots and zero-width characters inside a name do not hide it.
        ("王 志·强、孙\u200b建国", "王**、孙**"),
        # The record's own person also by the given name alone; others' given names stay words.
        ("志强本人承认，国庆假期", "**本人承认，国庆假期"),
        # A unit's name is left whole, even where a person's name lies inside it.
        ("张义镇人民政府的张义", "张义镇人民政府的张**"),
        ("赵家庄村民委员会", "赵家庄村民委员会"),
        ("", ""),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert KNOWN.mask(text) == masked
    assert KNOWN.unmasked(KNOWN.mask(text)) is None


def test_unmasked_names_the_first_position() -> None:
    assert KNOWN.unmasked("凉州区政府孙 建国、王志强") == (5, "孙 建国")
    assert KNOWN.unmasked("张义镇人民政府承诺未兑现") is None
    assert KNOWN.unmasked("王**签字") is None


def test_parties_count_as_people_only_by_the_look_of_a_name() -> None:
    assert looks_like_person("王志强")
    assert looks_like_person("王志强（示例）")
    assert not looks_like_person("古浪县人民政府")
    assert not looks_like_person("公众")
    assert not looks_like_person("公众（公示异议）")
    assert not looks_like_person("当事单位")
    assert not looks_like_person("金昌市财政局")
    assert not looks_like_person("王")


def test_no_names_no_change() -> None:
    nobody = KnownNames.of([], None, [])
    assert nobody.mask("王志强签字") == "王志强签字"
    assert nobody.unmasked("王志强签字") is None
