"""The shapes of a YAML node tree checked, with line and column: mappings and their keys, texts, codes,
whole numbers, exact numbers, choices, lists and {vi, en} texts. The base of the plan-file checker."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cltrack import findings
from cltrack.models import Finding, Text
from cltrack.numbers import exact_number, short_text

TEXT_KEYS: dict[str, bool] = {"vi": True, "en": True}
C = TypeVar("C", bound=str)  # the type of one choice (a Literal alias)
TAG = "tag:yaml.org,2002:"


KINDS: dict[str, str] = {"str": "text '{got_value}'", "int": "whole number '{got_value}'", "float": "number '{got_value}'",
                         "bool": "true/false '{got_value}'", "timestamp": "date '{got_value}'"}


def describe(node: Node | None) -> dict[str, str]:
    """How a node looks, for 'got ...' in messages: the English phrase `got` (messages.VALUES_VI says it in Vietnamese)
    and the node's text `got_value` that fills it."""
    if node is None:
        return {"got": "nothing"}
    if isinstance(node, MappingNode):
        return {"got": "a mapping"}
    if isinstance(node, SequenceNode):
        return {"got": "a list"}
    if node.tag == TAG + "null":
        return {"got": "nothing (null)"}
    return {"got": KINDS.get(node.tag.removeprefix(TAG), "value '{got_value}'"), "got_value": str(node.value)}


def syntax_error(exc: yaml.YAMLError | RecursionError, text: str) -> tuple[int, int, Text]:
    """Where a YAML syntax error of `text` is (line and column, from 1) and what it is, in Vietnamese (the phrases
    of messages.YAML_VI) and in PyYAML's own English words (a RecursionError: nesting too deep for PyYAML's composer)."""
    from cltrack.messages import yaml_error_vi, yaml_vi

    if isinstance(exc, RecursionError):
        return 1, 1, Text(yaml_error_vi("exceeded maximum nesting depth"), "exceeded maximum nesting depth")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        english = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return line, col, Text(yaml_error_vi(exc.problem, exc.context), english)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):  # a character YAML never allows
        at = max(text.find(chr(exc.character)), 0)  # (libyaml counts bytes, PyYAML characters: find the character)
        line = text.count("\n", 0, at) + 1
        code = f"#x{exc.character:04x}"
        return line, at - (text.rfind("\n", 0, at) + 1) + 1, Text(
            f"ký tự {code} không được phép: {yaml_vi(exc.reason) or exc.reason}", f"unacceptable character {code}: {exc.reason}")
    english = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return 1, 1, Text(yaml_error_vi(english), english)


def undecodable(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, int, Text]:
    """Where a file stops being UTF-8 text (line and column, from 1) and what that is, in both languages."""
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
    byte = f"0x{raw[exc.start]:02x}" if exc.start < len(raw) else "?"
    return line, col, Text(f"không phải văn bản UTF-8 (byte {byte} không hợp lệ; hãy lưu tệp với bảng mã UTF-8)",
                           f"not UTF-8 text ({exc.reason})")


def given(value: object) -> dict[str, object]:
    """A value of the file itself as 'got ...' in messages (data fills the phrase, never is it)."""
    return {"got": "'{got_value}'", "got_value": value}


def is_null(node: Node | None) -> bool:
    """True for a missing key or an explicit null."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == TAG + "null")


class NodeChecker:
    """Walks a YAML node tree, collecting findings (row = line, args `col` = column) and building typed values."""

    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.found: list[Finding] = []

    # ---- reporting
    def err(self, code: str, node: Node, **args: Any) -> None:
        """Record a finding at the node's position."""
        mark = node.start_mark
        self.found.append(findings.make(code, file=self.file, row=mark.line + 1, col=mark.column + 1, **args))

    def wrong(self, node: Node | None, key: str, expected: str, parent: Node, **fields: object) -> None:
        """Record a wrong-type finding (at the node, or at its parent when the node is missing); `expected` is an
        English phrase of messages.VALUES_VI, its {fields} given as `fields`."""
        self.err("plan-wrong-type", node if node is not None else parent, key=key, expected=expected, **fields, **describe(node))

    # ---- shapes
    def mapping(self, node: Node, key: str, spec: dict[str, bool]) -> dict[str, Node] | None:
        """A mapping's value nodes by key, after checking duplicate, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.wrong(node, key, "a mapping with keys {keys}", node, keys=", ".join(spec))
            return None
        out: dict[str, Node] = {}
        first: dict[str, int] = {}
        for knode, vnode in node.value:
            k = str(knode.value) if isinstance(knode, ScalarNode) else "?"
            if k in out:
                self.err("plan-duplicate-key", knode, key=k, first_line=first[k])
                continue
            if k not in spec:
                self.err("plan-unknown-key", knode, key=k, allowed=", ".join(spec))
                continue
            out[k] = vnode
            first[k] = knode.start_mark.line + 1
        for k, required in spec.items():
            if required and k not in out:
                self.err("plan-missing-key", node, key=k)
        return out

    def scalar(self, node: Node | None, key: str, parent: Node, tags: tuple[str, ...], expected: str) -> Any:
        """A scalar of one of the YAML `tags`, else None with a wrong-type finding."""
        if not isinstance(node, ScalarNode) or node.tag.removeprefix(TAG) not in tags:
            self.wrong(node, key, expected, parent)
            return None
        try:
            return self.loader.construct_object(node)
        except ValueError:  # an integer of more than 4,300 digits
            self.err("plan-bad-value", node, key=key, got="{got_value}", got_value=short_text(node.value), expected=expected)
            return None

    def text(self, node: Node | None, key: str, parent: Node) -> str | None:
        """A non-empty text."""
        value = self.scalar(node, key, parent, ("str",), "a text")
        if value is not None and not str(value).strip():
            self.err("plan-bad-value", node or parent, key=key, got="''", expected="a non-empty text")
            return None
        return str(value).strip() if value is not None else None

    def code_text(self, node: Node | None, key: str, parent: Node, pattern: str, what: str) -> str | None:
        """A text that must match `pattern` (codes such as '38' or '397')."""
        if isinstance(node, ScalarNode) and node.tag == TAG + "int":
            self.wrong(node, key, "{what} as quoted text, e.g. \"{example}\"", parent, what=what, example=node.value)
            return None
        value = self.text(node, key, parent)
        if value is not None and not re.fullmatch(pattern, value):
            self.err("plan-bad-value", node or parent, key=key, **given(value), expected=what)
            return None
        return value

    def integer(self, node: Node | None, key: str, parent: Node) -> int | None:
        """A whole number."""
        return self.scalar(node, key, parent, ("int",), "a whole number")

    def number(self, node: Node | None, key: str, parent: Node) -> float | None:
        """A finite number (whole or decimal) of at most 15 significant digits, which a float holds exactly."""
        if isinstance(node, ScalarNode) and node.tag.removeprefix(TAG) in ("int", "float"):
            text = node.value.replace("_", "").lower()
            problem = None
            if text.lstrip("+-") in (".inf", ".nan"):
                problem = "not-finite"
            elif re.fullmatch(r"[+-]?[\d.]+(?:e[+-]?\d+)?", text):  # not 0x.., 0o.., 1:30 (YAML 1.1)
                problem = exact_number(text)[1]
            if problem is not None:
                expected = "a finite number" if problem == "not-finite" else "a number of at most 15 significant digits"
                self.err("plan-bad-value", node, key=key, got="{got_value}", got_value=short_text(node.value), expected=expected)
                return None
        value = self.scalar(node, key, parent, ("int", "float"), "a number")
        return float(value) if value is not None else None

    def choice(self, node: Node | None, key: str, parent: Node, choices: Iterable[C]) -> C | None:
        """One of `choices` (as the choices' own type)."""
        options = tuple(choices)
        if not isinstance(node, ScalarNode) or node.tag != TAG + "str":
            self.wrong(node, key, "one of {choices}", parent, choices=options)
            return None
        value = self.text(node, key, parent)
        if value is not None and value not in options:
            self.err("plan-bad-value", node or parent, key=key, **given(value), expected="one of {choices}", choices=options)
            return None
        return None if value is None else options[options.index(value)]

    def sequence(self, node: Node | None, key: str, parent: Node, what: str) -> list[Node] | None:
        """The item nodes of a list."""
        if not isinstance(node, SequenceNode):
            self.wrong(node, key, "a list of {what}", parent, what=what)
            return None
        return list(node.value)

    def bilingual(self, node: Node | None, key: str, parent: Node) -> Text | None:
        """A {vi, en} mapping."""
        if node is None:
            return None
        parts = self.mapping(node, key, TEXT_KEYS)
        if parts is None:
            return None
        vi = self.text(parts.get("vi"), f"{key}.vi", node) if "vi" in parts else None
        en = self.text(parts.get("en"), f"{key}.en", node) if "en" in parts else None
        return Text(vi, en) if vi is not None and en is not None else None
