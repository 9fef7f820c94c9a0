import shutil
from decimal import Decimal

import pytest

from ntm_site.common.i18n import LANGUAGES, Localiser, MissingMessage, format_number, format_percent, nfc, parse_number
from ntm_site.common.yaml_files import read_yaml


def test_vietnamese_numbers_use_dot_thousands_and_comma_decimals():
    assert format_number(1234.5, "vi") == "1.234,5"
    assert format_number(482078, "vi") == "482.078"
    assert format_percent(13.43, "vi") == "13,43%"


def test_english_numbers_use_comma_thousands_and_dot_decimals():
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_percent(88.97, "en") == "88.97%"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("value", ["0", "7", "25.4", "64752", "16918", "0.25", "1234567.891"])
def test_formatting_and_parsing_round_trip(lang, value):
    assert parse_number(format_number(Decimal(value), lang), lang) == Decimal(value)


def test_fixed_decimals_pad_with_zeros():
    assert format_number(33, "vi", 1) == "33,0"


def test_missing_values_show_a_dash_not_nan():
    assert format_number(None, "vi") == "–"
    assert format_number(float("nan"), "en") == "–"


def test_dates_of_every_precision(project):
    vi, en = Localiser("vi", project.messages), Localiser("en", project.messages)
    assert vi.date("2024-05-31") == "31/05/2024"
    assert en.date("2024-05-31") == "31 May 2024"
    assert vi.date("2024-06") == "tháng 6/2024"
    assert en.date("2024-06") == "June 2024"
    assert vi.date("2023") == "2023"


def test_missing_message_is_an_error(project):
    with pytest.raises(MissingMessage):
        project.messages.get("no.such.key", "vi")


def _leaves(tree, path=()):
    if isinstance(tree, dict) and set(tree) & set(LANGUAGES):
        yield path, tree
    elif isinstance(tree, dict):
        for key, child in tree.items():
            yield from _leaves(child, path + (key,))


def test_every_message_exists_in_both_languages(project):
    leaves = list(_leaves(project.messages.tree))
    assert len(leaves) > 100
    missing = [".".join(path) for path, node in leaves if not all(lang in node for lang in LANGUAGES)]
    assert missing == []


def test_nfc_joins_decomposed_vietnamese():
    decomposed = "Ha\u0300 Ti\u0303nh"
    assert nfc(decomposed) == "Hà Tĩnh"
    assert nfc(decomposed) != decomposed


def test_message_files_of_one_folder_are_merged_and_may_not_repeat_a_group(tmp_path):
    from ntm_site.common.i18n import Messages

    (tmp_path / "messages.yml").write_text("a: {x: {vi: 'một', en: 'one'}}\n", encoding="utf-8")
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "b.yml").write_text("b: {y: {vi: 'hai', en: 'two'}}\n", encoding="utf-8")
    messages = Messages.load(tmp_path / "messages.yml")
    assert messages.get("b.y", "en") == "two" and messages.get("a.x", "vi") == "một"
    (tmp_path / "messages" / "c.yml").write_text("a: {z: {vi: 'ba', en: 'three'}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="already defined"):
        Messages.load(tmp_path / "messages.yml")


def test_the_catalogue_read_again_in_one_process_sees_edits_and_is_each_readers_own(tmp_path, project):
    """Messages.load parses a file once per process for the same bytes (yaml_files.read_yaml_file):
    an edited part is read anew, and a caller that changes its tree changes no one else's."""
    from ntm_site.common.i18n import Messages

    shutil.copy(project.config / "messages.yml", tmp_path / "messages.yml")
    shutil.copytree(project.config / "messages", tmp_path / "messages")
    first = Messages.load(tmp_path / "messages.yml")
    first.tree["site"]["name"]["vi"] = "changed by one reader"
    assert Messages.load(tmp_path / "messages.yml").get("site.name", "vi") == project.messages.get("site.name", "vi")

    part = sorted((tmp_path / "messages").glob("*.yml"))[0]
    group = next(iter(read_yaml(part.read_text(encoding="utf-8"))))
    part.write_text(part.read_text(encoding="utf-8") + f"\n{group}_added_here:\n  x:\n    vi: mới\n    en: new\n",
                    encoding="utf-8")
    assert Messages.load(tmp_path / "messages.yml").get(f"{group}_added_here.x", "en") == "new"
