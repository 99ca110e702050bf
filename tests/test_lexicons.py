"""Tests for icanalysis.lexicons: the packaged lists load and are consistent."""

from __future__ import annotations

import pytest

from icanalysis.lexicons import name_affixes, reporting_verbs, role_nouns
from icanalysis.speakers import POWER_TIERS, ROLES


def test_name_affixes_file_is_valid() -> None:
    prefixes, suffixes = name_affixes()
    assert {"judge", "dr", "newcomer"} <= prefixes and {"kc", "obe", "jr"} <= suffixes
    assert not prefixes & suffixes


def test_reporting_verbs_have_their_forms() -> None:
    verbs = reporting_verbs()
    assert verbs["says"].lemma == verbs["said"].lemma and verbs["says"].inverted_ok
    assert "points out" in verbs  # a form may be two words
    assert not verbs["believes"].quote_cue  # an opinion verb never tags a direct quote


def test_role_nouns_use_the_codebook_roles_and_tiers() -> None:
    for noun, (role, tier) in role_nouns().items():
        assert noun == noun.lower().strip()
        assert role in ROLES and tier in POWER_TIERS, noun


def test_a_rule_pattern_reads_a_packaged_word_list(tmp_path):
    from icanalysis.lexicons import read_boilerplate_rules

    path = tmp_path / "rules.csv"
    path.write_text("rule_id,kind,scope,pattern,description,example\n"
                    "day,byline,line,^By (?:{words:not_names.txt})$,x,By Friday\n", encoding="utf-8")
    (rule,) = read_boilerplate_rules(path)
    assert rule.pattern.search("By Friday") and rule.pattern.search("By winter") and not rule.pattern.search("By Roe")
    path.write_text("rule_id,kind,scope,pattern,description,example\n"
                    "day,byline,line,^By (?:{words:no_such_list.txt})$,x,By Friday\n", encoding="utf-8")
    with pytest.raises(ValueError, match="word list"):
        read_boilerplate_rules(path)
