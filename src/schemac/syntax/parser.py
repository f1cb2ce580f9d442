"""The parser: runs the LALR(1) tables over the lexer's tokens, recovering from errors.

Every syntax error becomes a diagnostic and parsing goes on: the broken item is
dropped and the parser resumes at the next item of the same block, so one run reports
every independent mistake and still yields a tree for the checker (and an editor).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.source import SourceFile, Span
from schemac.syntax import ast
from schemac.syntax.build import Builder
from schemac.syntax.collector import collector_off
from schemac.syntax.errors import describe_expected, describe_found
from schemac.syntax.fast import fast_parse
from schemac.syntax.lexer import Lexer, Token, brace_pairs
from schemac.syntax.tables import RulePlan, Tables, load_tables

__all__ = ["MAX_NESTING", "ParseResult", "lexer_patterns", "parse", "parse_text"]

# Past this many syntax errors in one file the rest of it is skipped.
MAX_SYNTAX_ERRORS = 25
# The deepest nesting read: blocks, lists, objects and calls inside each other, a
# type's suffixes counted as levels too (docs/diagnostics.md, E0013). The tree's
# depth is bounded by it, so no stage after the parser (the printer, the checker,
# lowering, the writer, the language server) recurses deeper than Python allows;
# tests/unit/test_nesting.py checks every one at this limit.
MAX_NESTING = 64
_OPENERS = frozenset(("LBRACE", "LSQB", "LPAR"))
_SUFFIXES = frozenset(("ARRAY_SUFFIX", "QMARK"))
_NESTS = _OPENERS | _SUFFIXES
_BRACKETS = {"LSQB": "[", "LPAR": "("}
_HEADER_BREAKERS = frozenset(("_NL", "RBRACE", "_COMMA", "$END"))
# A line that starts an item (`name =`, `kind "label"`, `kind {`) or closes a block.
_ITEM_LINE = re.compile(r"\n[ \t]*(?=\}|(?:[^\W\d][\w$]*|`[^`\n]+`)[ \t]*[=\"{])")

_REGEXES: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def lexer_patterns(tables: Tables) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The lexer's token and blank patterns, compiled once (bench/check_bench.py lexes too)."""
    global _REGEXES
    if _REGEXES is None:
        _REGEXES = (re.compile(tables.pattern), re.compile(tables.blank_pattern))
    return _REGEXES


@dataclass(frozen=True, slots=True)
class ParseResult:
    file: ast.File
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def parse_text(text: str, name: str = "<input>") -> ParseResult:
    return parse(SourceFile(name, text))


def parse(source: SourceFile, *, depth: int = 0) -> ParseResult:
    """Parse one file; never raises on any input.

    ``depth`` is how many levels are open around the text (1 for an item of a
    `schema` block parsed alone), so the nesting limit falls where it does in the
    whole file. When the file ends inside a block, the layout usually shows where a
    `}` went missing: the file is parsed once more with a `}` put there, so what
    follows is not misread as the unclosed block's contents.
    """
    tables = load_tables()
    result = _parse(source, tables, None, depth)
    if any(d.code == cat.E_UNCLOSED_BLOCK for d in result.diagnostics):
        suspect = _missing_brace(source, brace_pairs(source, *lexer_patterns(tables)))
        if suspect is not None:
            brace, line_start = suspect
            retry = _parse(source, tables, line_start, depth)
            if not any(d.code == cat.E_UNCLOSED_BLOCK for d in retry.diagnostics):
                hint = _first_token_span(source, line_start)
                diagnostic = cat.unclosed_block(Span(brace, brace + 1, source), None, hint)
                diagnostics = sorted((*retry.diagnostics, diagnostic), key=Diagnostic.sort_key)
                return ParseResult(file=retry.file, diagnostics=tuple(diagnostics))
    return result


def _parse(source: SourceFile, tables: Tables, inject: int | None, depth: int) -> ParseResult:
    if inject is None:
        with collector_off():  # the tree is acyclic: see collector.py
            fast = fast_parse(source, *lexer_patterns(tables), depth)
        if fast is not None:
            return ParseResult(file=fast, diagnostics=())
    return _drive(source, tables, inject, depth)


def _drive(source: SourceFile, tables: Tables, inject: int | None, depth: int) -> ParseResult:
    """Parse with the LALR driver: any input, every syntax error reported."""
    builder = Builder(source)
    lexer = Lexer(source, *lexer_patterns(tables), inject=inject)
    driver = _Driver(tables, builder, lexer, depth)
    with collector_off():  # the tree is acyclic: see collector.py
        tree = driver.run()
    tree = ast.File(items=tree.items, comments=tuple(lexer.comments), source=source, span=tree.span)
    diagnostics = lexer.diagnostics + builder.diagnostics + driver.diagnostics
    diagnostics += [
        cat.invalid_character(Span(at, at + 1, source), "\ufffd") for at in source.surrogates
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return ParseResult(file=tree, diagnostics=tuple(diagnostics))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _missing_brace(
    source: SourceFile, braces: list[tuple[int, int | None]]
) -> tuple[int, int] | None:
    """The `{` whose block holds a line indented no deeper than its own, and that line.

    Of all such blocks, the one whose out-of-place line comes first (the innermost on
    a tie). Returns (offset of the `{`, offset where the line's text starts).
    """
    best: tuple[int, int, int] | None = None  # (line start, -opening, opening)
    for opening, closing in braces:
        first_line, _ = source.line_col(opening)
        last_line = source.line_col(closing)[0] if closing is not None else source.line_count() + 1
        depth = _indent(source.line_text(first_line))
        for number in range(first_line + 1, last_line):
            text = source.line_text(number)
            stripped = text.strip()
            if not stripped or stripped.startswith(("#", "//", "/*", "*", "}")):
                continue
            if _indent(text) <= depth:
                start = source.line_start(number) + _indent(text)
                candidate = (start, -opening, opening)
                if best is None or candidate < best:
                    best = candidate
                break
    return (best[2], best[0]) if best is not None else None


def _first_token_span(source: SourceFile, start: int) -> Span:
    line, _ = source.line_col(start)
    text = source.line_text(line).strip()
    word = re.match(r"[^\s{]+", text)
    return Span(start, start + (len(word.group()) if word else 1), source)


# How a reduction builds the list handed to the builder.
# _UNIT: a one-child `?rule` that passes its child through (only the state changes);
# _ONE: a one-child rule with a callback, done in place.
_ALL, _FILTER, _LEFT, _UNIT, _ONE = 0, 1, 2, 3, 4
_Reducer = tuple[
    int, str, Callable[[list[Any]], Any] | None, int, tuple[tuple[int, bool], ...], bool
]


# What each rule's reduction does, without the builder's callback (that one is bound
# per parse): worked out once per set of tables, as a file of many small pieces is
# parsed piece by piece.
_Shape = tuple[int, str, str | None, int, tuple[tuple[int, bool], ...], bool]
_SHAPES: dict[int, tuple[Tables, list[_Shape]]] = {}


def _shape(plan: RulePlan) -> _Shape:
    name = "on_" + plan.callback if plan.callback else None
    if plan.size == 1 and plan.keep == ((0, False),) and name is not None:
        mode = _UNIT if plan.expand1 else _ONE
        return (1, plan.origin, name, mode, plan.keep, plan.expand1)
    if plan.left_recursive:
        return (plan.size, plan.origin, name, _LEFT, plan.keep[1:], plan.expand1)
    if plan.keep == tuple((i, False) for i in range(plan.size)):
        return (plan.size, plan.origin, name, _ALL, (), plan.expand1)
    return (plan.size, plan.origin, name, _FILTER, plan.keep, plan.expand1)


def _reducers(tables: Tables, builder: Builder) -> list[_Reducer]:
    cached = _SHAPES.get(id(tables))
    if cached is None or cached[0] is not tables:
        cached = _SHAPES[id(tables)] = (tables, [_shape(plan) for plan in tables.rules])
    return [
        (size, origin, getattr(builder, name, _unreachable) if name else None, mode, keep, expand1)
        for size, origin, name, mode, keep, expand1 in cached[1]
    ]


def _unreachable(children: list[Any]) -> Any:
    # `?rule` alternatives with one child pass it through; every other one has an alias.
    raise AssertionError(f"no builder method for {children!r}")


class _Driver:
    def __init__(self, tables: Tables, builder: Builder, lexer: Lexer, depth: int = 0) -> None:
        self.tables = tables
        self.actions = tables.actions
        self.gotos = tables.gotos
        self.reducers = _reducers(tables, builder)
        self.builder = builder
        self.lexer = lexer
        self.file = lexer.file
        self.states: list[int] = [tables.start_state]
        self.values: list[Any] = []
        self.diagnostics: list[Diagnostic] = []
        self.errors = 0
        self.last_end = 0
        self.last_error_at = -1
        self.outer = depth  # levels open around the text

    # -- the LALR machine ------------------------------------------------------

    def run(self) -> ast.File:
        lexer_next = self.lexer.reader()
        actions = self.actions
        gotos = self.gotos
        reducers = self.reducers
        states = self.states
        values = self.values
        while True:
            acts = actions[states[-1]]
            token = lexer_next(acts)
            if token is None:
                break
            kind = token.type
            while True:
                action = acts.get(kind)
                if action is None:
                    self._error(token)
                    break
                if action >= 0:
                    if kind in _NESTS and self._too_deep(token):
                        break
                    states.append(action)
                    values.append(token)
                    if kind != "_NL":
                        self.last_end = token.end
                    break
                # A reduction, inlined from _reduce: this loop runs once per node.
                size, origin, callback, mode, keep, expand1 = reducers[~action]
                if mode == _UNIT:
                    states[-1] = acts_state = gotos[states[-2]][origin]
                    acts = actions[acts_state]
                    continue
                if mode == _ONE:
                    values[-1] = callback([values[-1]])  # type: ignore[misc]
                    states[-1] = acts_state = gotos[states[-2]][origin]
                    acts = actions[acts_state]
                    continue
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                if mode == _ALL:
                    out: list[Any] = children
                else:
                    out = children[0] if mode == _LEFT else []
                    for i, splice in keep:
                        if splice:
                            out.extend(children[i])
                        else:
                            out.append(children[i])
                if callback is None:
                    values.append(out)
                elif expand1 and len(out) == 1:
                    values.append(out[0])
                else:
                    values.append(callback(out))
                acts_state = gotos[states[-1]][origin]
                states.append(acts_state)
                acts = actions[acts_state]
            if self.errors >= MAX_SYNTAX_ERRORS:
                self.lexer.pos = self.lexer.n
                break
        return self._finish()

    def _too_deep(self, token: Token) -> bool:
        """Whether ``token`` opens a level past MAX_NESTING.

        If so, it is reported and the item it stands in is dropped (what it opens is
        skipped unread), as after any syntax error.
        """
        values = self.values
        chain = 1
        if token.type in _SUFFIXES:  # `T[][]?`: the suffixes already on the term count
            node = values[-1] if values else None
            while isinstance(node, ast.ArrayOf | ast.Nullable):
                chain += 1
                node = node.element if isinstance(node, ast.ArrayOf) else node.inner
        # Each open level holds a token on the stack: a short stack is never too deep.
        if self.outer + chain + len(values) <= MAX_NESTING:
            return False
        opened = sum(1 for v in values if type(v) is Token and v.type in _OPENERS)
        if self.outer + opened + chain <= MAX_NESTING:
            return False
        self.last_error_at = token.start
        self._report(cat.too_deep(self._span(token), MAX_NESTING))
        popped = self._drop_partial_item()
        self._skip(token, sum(1 for t in popped if t.type == "LBRACE"))
        return True

    def _feed(self, token: Token) -> bool:
        kind = token.type
        states = self.states
        actions = self.actions
        while True:
            action = actions[states[-1]].get(kind)
            if action is None:
                return False
            if action >= 0:
                states.append(action)
                self.values.append(token)
                if kind != "_NL":
                    self.last_end = token.end
                return True
            self._reduce(~action)

    def _reduce(self, index: int) -> None:
        size, origin, callback, mode, keep, expand1 = self.reducers[index]
        values = self.values
        states = self.states
        if mode == _UNIT:
            states[-1] = self.gotos[states[-2]][origin]
            return
        if mode == _ONE:
            values[-1] = callback([values[-1]])  # type: ignore[misc]
            states[-1] = self.gotos[states[-2]][origin]
            return
        if size:
            children = values[-size:]
            del values[-size:]
            del states[-size:]
        else:
            children = []
        if mode == _ALL:
            out: list[Any] = children
        else:
            out = children[0] if mode == _LEFT else []
            for i, splice in keep:
                if splice:
                    out.extend(children[i])
                else:
                    out.append(children[i])
        if callback is None:
            value: Any = out
        elif expand1 and len(out) == 1:
            value = out[0]
        else:
            value = callback(out)
        states.append(self.gotos[states[-1]][origin])
        values.append(value)

    def _accepts(self, kind: str) -> bool:
        """Whether ``kind`` can come next, following the reductions it would cause."""
        states = list(self.states)
        actions = self.actions
        for _ in range(200):
            action = actions[states[-1]].get(kind)
            if action is None:
                return False
            if action >= 0:
                return True
            size, origin = self.reducers[~action][:2]
            if size:
                del states[-size:]
            states.append(self.gotos[states[-1]][origin])
        return False

    def _expected(self) -> set[str]:
        candidates = set(self.actions[self.states[-1]])
        return {kind for kind in candidates if self._accepts(kind)}

    def _finish(self) -> ast.File:
        end = self.tables.end_state
        for _ in range(10_000):
            action = self.actions[self.states[-1]].get("$END")
            if action is not None and action < 0:
                self._reduce(~action)
                if self.states[-1] == end:
                    result = self.values[-1]
                    assert isinstance(result, ast.File)
                    return result
                continue
            self._eof_error()
            if not self._close_one():
                break
        return ast.File(
            items=(), comments=(), source=self.file, span=Span(0, len(self.file.text), self.file)
        )

    # -- errors ----------------------------------------------------------------

    def _span(self, token: Token) -> Span:
        if token.type in ("_NL", "$END"):
            return Span(self.last_end, self.last_end, self.file)
        return Span(token.start, token.end, self.file)

    def _report(self, diagnostic: Diagnostic) -> None:
        self.errors += 1
        self.diagnostics.append(diagnostic)

    def _open_tokens(self) -> list[Token]:
        return [v for v in self.values if type(v) is Token and v.type in _OPENERS]

    def _at_line_start(self, token: Token) -> bool:
        return "\n" in self.file.text[self.last_end : token.start]

    def _item_start_index(self) -> int:
        """How many stack entries stay when the partial item is dropped."""
        index = len(self.states)
        while self.states[index - 1] not in self.tables.item_start_states:
            index -= 1
        return index

    def _eof_error(self) -> None:
        if self.last_error_at == len(self.file.text):
            return
        self.last_error_at = len(self.file.text)
        opened = self._open_tokens()
        end = max([self.last_end] + [c.span.end for c in self.lexer.comments])
        eof = Span(end, end, self.file)
        if opened and opened[-1].type == "LBRACE":
            brace = opened[-1]
            self._report(
                cat.unclosed_block(
                    Span(brace.start, brace.end, self.file), eof, self._suspect_line(brace)
                )
            )
        elif opened:
            bracket = opened[-1]
            self._report(
                cat.unclosed_bracket(
                    Span(bracket.start, bracket.end, self.file), eof, _BRACKETS[bracket.type]
                )
            )
        else:
            found = Token("$END", "", len(self.file.text), len(self.file.text))
            self._report(
                cat.unexpected_token(
                    eof,
                    describe_found(found),
                    describe_expected(self._expected(), item_start=False),
                )
            )

    def _close_one(self) -> bool:
        """At the end of the input, close one block (dropping a partial item first)."""
        eof = len(self.file.text)
        for _ in range(2):
            for kind in ("RBRACE", "_NL"):
                if self._accepts(kind):
                    self._feed(Token(kind, "}" if kind == "RBRACE" else "", eof, eof))
                    return True
            if self._accepts("$END"):
                return True
            self._drop_partial_item()
        return False

    def _drop_partial_item(self) -> list[Token]:
        """Pop back to where the current item began; return the openers popped."""
        keep = self._item_start_index()
        popped = [v for v in self.values[keep - 1 :] if type(v) is Token and v.type in _OPENERS]
        del self.states[keep:]
        del self.values[keep - 1 :]
        return popped

    def _suspect_line(self, brace: Token) -> Span | None:
        """The first later line indented no deeper than the block's own line."""
        file = self.file
        line, _ = file.line_col(brace.start)
        text = file.line_text(line)
        depth = len(text) - len(text.lstrip())
        for number in range(line + 1, file.line_count() + 1):
            candidate = file.line_text(number)
            stripped = candidate.strip()
            if not stripped or stripped.startswith(("#", "//", "/*", "}")):
                continue
            indent = len(candidate) - len(candidate.lstrip())
            if indent <= depth:
                start = file.line_start(number) + indent
                return Span(start, start + len(stripped), file)
        return None

    def _error(self, token: Token) -> None:
        keep = self._item_start_index()
        brackets = [v for v in self.values[keep - 1 :] if type(v) is Token and v.type in _BRACKETS]
        rewind = self._item_line_after(brackets[-1], token) if brackets else None
        unclosed = (
            brackets[-1] if brackets and (rewind is not None or token.type == "RBRACE") else None
        )
        if token.start != self.last_error_at and token.type != "INVALID":
            # (INVALID tokens were reported by the lexer.)
            self.last_error_at = token.start
            at = self._span(token)
            if rewind is not None:
                at = _first_token_span(self.file, rewind)
            self._report(self._classify(token, unclosed, at))
        if rewind is not None:
            # `[a, b` and then a line that starts an item: the list was never closed.
            self._drop_partial_item()
            self.lexer.rewind(rewind)
            return
        if unclosed is not None:
            # `f(x }`: the bracket was never closed; the `}` closes the block.
            self._drop_partial_item()
            self.lexer.depth = 0
            if self._feed(token):
                return
        if token.type != "_NL" and self._accepts("_NL"):
            # The item is complete; what follows on its line is junk.
            self._feed(Token("_NL", "", token.start, token.start))
            self._skip(token, 0)
            return
        popped = self._drop_partial_item()
        if not popped:
            if token.type == "_NL":
                return
            if token.type == "RBRACE" and self._feed(token):
                self.last_end = token.end
                return
        self._skip(token, sum(1 for t in popped if t.type == "LBRACE"))

    def _item_line_after(self, bracket: Token, token: Token) -> int | None:
        """Where a line that looks like a new item starts, between an open bracket and here."""
        found = _ITEM_LINE.search(self.file.text, bracket.end, token.end)
        return found.end() if found is not None else None

    def _skip(self, token: Token | None, braces: int) -> None:
        """Discard tokens up to the end of the broken item."""
        lexer = self.lexer
        while token is not None:
            kind = token.type
            if kind == "LBRACE":
                braces += 1
            elif kind == "RBRACE":
                if braces == 0 and lexer.depth == 0:
                    if self._feed(token):
                        self.last_end = token.end
                        return
                else:
                    braces = max(0, braces - 1)
            elif kind == "_NL" and braces == 0:
                if self._accepts("_NL"):
                    self._feed(token)
                    self.last_end = token.end
                return
            self.last_end = token.end
            token = lexer.next(self.actions[self.states[-1]])

    def _line(self, token: Token) -> int:
        return self.file.line_col(token.start)[0]

    def _classify(self, token: Token, unclosed: Token | None, at: Span) -> Diagnostic:
        span = self._span(token)
        kind = token.type
        if unclosed is not None:
            return cat.unclosed_bracket(
                Span(unclosed.start, unclosed.end, self.file), at, _BRACKETS[unclosed.type]
            )
        if kind == "_COMMA":
            return cat.stray_comma(span)
        if kind == "RBRACE" and not any(t.type == "LBRACE" for t in self._open_tokens()):
            return cat.unexpected_closing_brace(span)
        missing = self._missing_equals(token)
        if missing is not None:
            return missing
        expected = describe_expected(
            self._expected(), self.states[-1] in self.tables.item_start_states
        )
        return cat.unexpected_token(span, describe_found(token), expected)

    def _missing_equals(self, token: Token) -> Diagnostic | None:
        """`name 5`, `name [x]`, `name "x"` followed by a new line, ..."""
        values = self.values
        starts = self.tables.item_start_states
        i = len(values) - 1
        if i >= 0 and type(values[i]) is Token and values[i].type == "STRING":
            i -= 1
        if i < 0 or type(values[i]) is not Token or values[i].type != "NAME":
            return None
        if self.states[i] not in starts:
            return None
        name: Token = values[i]
        labels = len(values) - 1 - i
        if (
            labels == 0
            and token.type not in ("NUMBER", "LSQB", "ARRAY_SUFFIX", "HEREDOC", "STRING", "QMARK")
            and token.type not in _HEADER_BREAKERS
        ):
            return None
        if labels > 0 and token.type not in _HEADER_BREAKERS:
            return None
        name_span = Span(name.start, name.end, self.file)
        if labels:
            last: Token = values[-1]
            return cat.missing_equals_or_body(
                name_span, Span(last.start, last.end, self.file), name.text
            )
        return cat.missing_equals(name_span, self._span(token), name.text)
