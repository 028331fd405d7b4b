"""service/bundle/rego_source.py: the one reading of Rego structure the engines, linter and runner share."""

from __future__ import annotations

from service.bundle import PolicyFile
from service.bundle.bundle import finding_sets, rule_ids_by_package
from service.bundle.metadata import parse_annotations
from service.bundle.rego_source import (
    SetHead,
    applies_rules,
    declares_applies,
    package_name,
    rule_name,
    set_heads,
    without_comment,
)
from service.bundle.rego_source import test_rules as read_test_rules

SOURCE = '''package acme.rules

import rego.v1

# deny contains x if { a comment, not a rule }
# METADATA
# title: One
# custom:
#   id: ACME-1
deny contains f if {
    f := {"rule": "ACME-1", "message": "m"}
}

warn[x] if { x := 1 }
  info := {"rule": "ACME-2"}
undetermined contains u if { u := 1 }

applies contains "ACME-1" if {
    input.system.role == "provider"  # "ACME-9" in a comment is not named
}

denylist := {"a"}
'''


def test_package_name_is_the_first_package_line_and_empty_without_one() -> None:
    assert package_name(SOURCE) == "acme.rules"
    assert package_name("  package indented.pkg\n") == "indented.pkg"
    assert package_name("# package in.a.comment\nx := 1\n") == ""


def test_set_heads_find_every_form_and_say_which_are_partial_sets() -> None:
    assert set_heads(SOURCE) == [
        SetHead("deny", 10, True), SetHead("warn", 14, False), SetHead("info", 15, False),
        SetHead("undetermined", 16, True), SetHead("applies", 18, True),
    ]


def test_a_comment_or_a_longer_name_is_no_head() -> None:
    assert set_heads("# deny contains x if { true }\ndenylist := 1\ninfo_text := 2\n") == []


def test_applies_rules_carry_their_body_without_comments() -> None:
    [(line, text)] = applies_rules(SOURCE)
    assert line == 18
    assert '"ACME-1"' in text and "provider" in text and "ACME-9" not in text
    assert declares_applies(SOURCE)
    assert not declares_applies("package p\napplies := {\"X\"}\n")


def test_test_rules_keep_repeats_and_their_lines() -> None:
    source = "package p_test\n\ntest_one if { true }\ntest_one if { false }\n  test_indented if { true }\n"
    assert read_test_rules(source) == [("test_one", 3), ("test_one", 4)]


def test_rule_name_and_without_comment() -> None:
    assert rule_name("deny contains f if {") == "deny"
    assert rule_name("_helper(x) := y if {") == "_helper"
    assert rule_name("# not a rule") == ""
    assert without_comment('x := "a # b" # c') == 'x := "a # b" '


def test_finding_sets_and_rule_ids_come_from_the_same_reading() -> None:
    files = [PolicyFile("builtin/acme.rego", SOURCE, False),
             PolicyFile("builtin/bad.rego", "package 9bad\ndeny contains x if { true }\n", False)]
    assert finding_sets(files) == [("acme.rules", k) for k in ("applies", "deny", "info", "undetermined", "warn")]
    annotations = [a for f in files for a in parse_annotations(f.path, f.source, f.is_test)]
    assert rule_ids_by_package(annotations) == {"acme.rules": frozenset({"ACME-1"})}
