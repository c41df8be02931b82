"""The rule language: a tiny, safe expression language over facts and parameters.

Rules arrive over a network, so a rule is never Python: it is tokenized and parsed here by hand,
into a few node types, and anything outside the grammar (attribute access, calls, subscripts,
lambdas, `_names`, `**`, Python keywords) is a parse error with its column. Types are checked at
parse time (a month count is never compared with a role), so a rule that loads cannot fail on
type at a visitor's tap.

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum]
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | 'STRING' | true | false | NAME | "(" expr ")" | "[" expr, ... "]"

The tree and its three-valued evaluation (a fact nobody gave is UNKNOWN) are in tree.py.
"""
from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from kiosk.eligibility.tree import (  # noqa: F401 - UNKNOWN and Missing are re-exported
    UNKNOWN,
    Compound,
    Const,
    ListNode,
    Missing,
    Name,
    Node,
    Result,
)

MAX_LENGTH = 1000  # characters: a rule is a line or two, not a program
MAX_DEPTH = 40  # nesting, so a hostile rule cannot exhaust the parser's stack

KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_TWO = ("==", "!=", "<=", ">=")
_ONE = "<>+-*/()[],"
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


class ExprError(Exception):
    """A rule that is not in the language; `column` is 1-based within the expression."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


class ExprTypeError(ExprError):
    """A well-formed expression whose parts do not fit (a role compared with a number)."""


@dataclass(frozen=True)
class Token:
    kind: str  # num, str, name, op, end
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    """Tokens up to the end, or up to a bad character: that one becomes an `error` token, so the
    parser reports the first problem in reading order (`lambda:` is a keyword, not a colon)."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters", 1)
    tokens: list[Token] = []
    try:
        _scan(text, tokens)
    except ExprError as exc:
        tokens.append(Token("error", exc.message, exc.column))
        return tokens
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _scan(text: str, tokens: list[Token]) -> None:
    i = 0
    while i < len(text):
        char, col = text[i], i + 1
        if char.isspace():
            i += 1
        elif char.isdigit():
            match = _NUMBER.match(text, i)
            assert match
            end = match.end()
            if end < len(text) and (text[end].isalnum() or text[end] in "_."):
                raise ExprError(f"malformed number {text[i:end + 1]!r}", col)
            tokens.append(Token("num", match.group(), col))
            i = end
        elif char in "'\"":
            end = text.find(char, i + 1)
            if end < 0 or "\n" in text[i:end]:
                raise ExprError("string without its closing quote", col)
            if "\\" in text[i:end]:
                raise ExprError("backslashes are not allowed in strings", col)
            tokens.append(Token("str", text[i + 1:end], col))
            i = end + 1
        elif char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(text, i)
            assert match
            tokens.append(Token("name", match.group(), col))
            i = match.end()
        elif text.startswith(("**", "//"), i):
            raise ExprError(f"operator {text[i:i + 2]!r} is not allowed", col)
        elif text.startswith(_TWO, i):
            tokens.append(Token("op", text[i:i + 2], col))
            i += 2
        elif char in _ONE:
            tokens.append(Token("op", char, col))
            i += 1
        elif char == ".":
            last = tokens[-1] if tokens else None
            after_operand = last is not None and (
                last.kind in ("name", "str", "num") or last.text in (")", "]")
            )
            raise ExprError(
                "attribute access is not allowed" if after_operand else "unexpected '.'", col
            )
        elif char == "=":
            raise ExprError("'=' is not allowed: compare with '=='", col)
        elif char == "!":
            raise ExprError("'!' is not allowed: use 'not'", col)
        else:
            raise ExprError(f"character {char!r} is not allowed", col)


# --- the parser ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """The names a rule may use: facts with their type (and enum values), parameters."""

    facts: Mapping[str, str]
    params: Mapping[str, Any]
    enums: Mapping[str, tuple[str, ...]]


class _Parser:
    def __init__(self, text: str, scope: Scope) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.scope = scope
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind == "error":
            raise ExprError(token.text, token.column)
        self.pos += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "name") and self.tok.text in texts

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise ExprError(f"expected {text!r}, found {self._describe(self.tok)}", self.tok.column)
        return self.take()

    @staticmethod
    def _describe(token: Token) -> str:
        return "the end of the expression" if token.kind == "end" else repr(token.text)

    def parse(self) -> Node:
        try:
            node = self.or_()
            if self.tok.kind != "end":
                self.unexpected(self.take())
        except ExprTypeError:
            # `x and role.__class__` should say "attribute access", not that `role` is no bool:
            # a character outside the language is the real problem, wherever it is.
            bad = next((t for t in self.tokens if t.kind == "error"), None)
            if bad is not None:
                raise ExprError(bad.text, bad.column) from None
            raise
        return node

    def unexpected(self, token: Token) -> None:
        if token.kind == "end":
            raise ExprError("the expression ends too early", token.column)
        if token.kind == "name" and (keyword.iskeyword(token.text)
                                     or keyword.issoftkeyword(token.text)):
            raise ExprError(f"{token.text!r} is not part of the rule language", token.column)
        raise ExprError(f"unexpected {token.text!r}", token.column)

    def _logic(self, op: str, sub: Any) -> Node:
        first = self.tok
        items = [sub()]
        while self.at(op):
            token = self.take()
            items.append(sub())
            _need(items[-1], "bool", f"'{op}' needs true/false on each side", token.column)
        if len(items) == 1:
            return items[0]
        _need(items[0], "bool", f"'{op}' needs true/false on each side", first.column)
        return Compound("bool", op, tuple(items))

    def or_(self) -> Node:
        return self._logic("or", self.and_)

    def and_(self) -> Node:
        return self._logic("and", self.not_)

    def not_(self) -> Node:
        if self.at("not"):
            token = self.take()
            with _Deeper(self, token):
                operand = self.not_()
            _need(operand, "bool", "'not' needs true/false", token.column)
            return Compound("bool", "not", (operand,))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum_()
        if self.at(*_COMPARE, "in") or (self.at("not") and self._next_is("in")):
            token = self.take()
            op = token.text
            if op == "not":
                self.take()
                op = "not in"
            right = self.sum_()
            node = self._compare(op, left, right, token.column)
            if self.at(*_COMPARE, "in"):
                raise ExprError("chained comparisons are not allowed: join them with 'and'",
                                self.tok.column)
            return node
        return left

    def _next_is(self, text: str) -> bool:
        following = self.tokens[self.pos + 1]
        return following.kind == "name" and following.text == text

    def _compare(self, op: str, left: Node, right: Node, column: int) -> Node:
        if op in ("in", "not in"):
            if not isinstance(right, ListNode):
                raise ExprError(f"'{op}' needs a list in [ ] on its right", column)
            for item in right.items:
                if item.type != left.type:
                    raise ExprTypeError(f"'{op}' compares a {left.type} with a {item.type}",
                                        column)
                self._check_enum(left, item, column)
        elif op in ("==", "!="):
            if left.type != right.type or left.type == "list":
                raise ExprTypeError(f"'{op}' compares a {left.type} with a {right.type}", column)
            self._check_enum(left, right, column)
            self._check_enum(right, left, column)
        else:
            _need(left, "number", f"'{op}' compares numbers", column)
            _need(right, "number", f"'{op}' compares numbers", column)
        return Compound("bool", op, (left, right))

    def _check_enum(self, name: Node, value: Node, column: int) -> None:
        if isinstance(name, Name) and isinstance(value, Const) and name.name in self.scope.enums:
            allowed = self.scope.enums[name.name]
            if value.value not in allowed:
                raise ExprError(f"{value.value!r} is not a value of {name.name} "
                                f"({', '.join(allowed)})", column)

    def _arith(self, ops: tuple[str, ...], sub: Any) -> Node:
        node = sub()
        while self.at(*ops):
            token = self.take()
            right = sub()
            _need(node, "number", f"'{token.text}' works on numbers", token.column)
            _need(right, "number", f"'{token.text}' works on numbers", token.column)
            if token.text == "/" and self._is_zero(right):
                raise ExprError("division by zero", token.column)
            node = Compound("number", token.text, (node, right))
        return node

    def _is_zero(self, node: Node) -> bool:
        if isinstance(node, Const):
            return node.value == 0
        return isinstance(node, Name) and not node.is_fact and self.scope.params[node.name] == 0

    def sum_(self) -> Node:
        return self._arith(("+", "-"), self.product)

    def product(self) -> Node:
        return self._arith(("*", "/"), self.unary)

    def unary(self) -> Node:
        if self.at("-"):
            token = self.take()
            with _Deeper(self, token):
                operand = self.unary()
            _need(operand, "number", "'-' works on numbers", token.column)
            return Compound("number", "neg", (operand,))
        node = self.atom()
        if self.at("("):
            raise ExprError("calls are not allowed", self.tok.column)
        if self.at("["):
            raise ExprError("subscripts are not allowed", self.tok.column)
        return node

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return Const("number", Decimal(token.text))
        if token.kind == "str":
            return Const("str", token.text)
        if token.kind == "name":
            return self.name(token)
        if token.text == "(":
            with _Deeper(self, token):
                node = self.or_()
            self.expect(")")
            return node
        if token.text == "[":
            items: list[Node] = []
            with _Deeper(self, token):
                while not self.at("]"):
                    items.append(self.or_())
                    if not self.at("]"):
                        self.expect(",")
            self.expect("]")
            if not items:
                raise ExprError("an empty list matches nothing", token.column)
            if len({item.type for item in items}) > 1:
                raise ExprError("a list mixes types", token.column)
            return ListNode("list", "list", tuple(items))
        self.unexpected(token)
        raise AssertionError("unreachable")

    def name(self, token: Token) -> Node:
        name = token.text
        if name in ("true", "false"):
            return Const("bool", name == "true")
        if name.startswith("_"):
            raise ExprError(f"names starting with '_' are not allowed ({name!r})", token.column)
        if name in KEYWORDS or keyword.iskeyword(name) or keyword.issoftkeyword(name):
            raise ExprError(f"{name!r} is not part of the rule language", token.column)
        if self.tok.kind == "op" and self.tok.text == "(":
            raise ExprError(f"calls are not allowed ({name}(...))", token.column)
        if name in self.scope.facts:
            return Name(self.scope.facts[name], name, True)
        if name in self.scope.params:
            return Name("number", name, False)
        close = difflib.get_close_matches(name, [*self.scope.facts, *self.scope.params], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ExprError(f"unknown name {name!r}: not a fact or a parameter{hint}", token.column)


class _Deeper:
    def __init__(self, parser: _Parser, token: Token) -> None:
        self.parser, self.token = parser, token

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_DEPTH:
            raise ExprError(f"nested deeper than {MAX_DEPTH}", self.token.column)

    def __exit__(self, *exc: object) -> None:
        self.parser.depth -= 1


def _need(node: Node, type_: str, message: str, column: int) -> None:
    if node.type != type_:
        raise ExprTypeError(f"{message} (found a {node.type})", column)


@dataclass(frozen=True)
class Expression:
    """A parsed rule expression: its source text, tree and the facts it reads, in order."""

    text: str
    tree: Node

    @cached_property
    def facts(self) -> tuple[str, ...]:
        return self.tree.names()

    @cached_property
    def params(self) -> tuple[str, ...]:
        """The parameters it reads, in order (a decision names their values and dates)."""
        return tuple(dict.fromkeys(_params(self.tree)))

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        """(True | False | UNKNOWN, the missing facts that made it UNKNOWN)."""
        return self.tree.evaluate(facts, params)


def _params(node: Node) -> list[str]:
    if isinstance(node, Name):
        return [] if node.is_fact else [node.name]
    if isinstance(node, Compound):
        return [name for item in node.items for name in _params(item)]
    return []


def parse(text: Any, scope: Scope, want: str = "bool") -> Expression:
    """Parse one expression; raises ExprError (with a column) for anything outside the language."""
    if isinstance(text, bool):  # YAML reads `when: true` as a boolean
        text = "true" if text else "false"
    if not isinstance(text, str | int | float):
        raise ExprError(f"an expression must be text, not {type(text).__name__}", 1)
    source = str(text)
    if not source.strip():
        raise ExprError("empty expression", 1)
    tree = _Parser(source, scope).parse()
    if tree.type != want:
        raise ExprError(f"the expression gives a {tree.type}, a {want} is needed", 1)
    return Expression(source, tree)
