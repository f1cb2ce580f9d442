"""The fast path of the parser: files without a mistake, read by recursive descent.

Almost every file parsed is free of syntax errors, and for those the LALR driver's
generality (a reduction per grammar rule, a contextual lexer asked once per token,
recovery bookkeeping) costs more than the reading itself. This module reads the same
grammar (grammar/schema.lark) top-down over a token list made in one regex pass, and
builds the same nodes with the same spans as the builder does. It never reports: at
the first thing it is not sure of (a syntax error, a bad escape, an unclosed string
or comment, deep nesting, a keyword where the contextual lexer may read a name) it
gives up, and the LALR driver parses the file from the start, with its diagnostics.
So it only needs to be right on what it accepts; tests/unit/test_fast_parse.py checks
that it builds what the driver builds.

The contextual lexer's two choices that depend on the parser state are made here by
position: `true`, `false` and `null` are keywords where a term may start in a value,
and `[]` where a value starts is an empty list, not an array suffix.
"""

from __future__ import annotations

import re

from schemac.source import SourceFile, Span
from schemac.syntax import ast
from schemac.syntax.lexer import comment_node
from schemac.syntax.literals import decode_heredoc, decode_string, string_closed

__all__ = ["fast_parse"]

# Nesting the fast path leaves to the driver: far below the limit (parser.MAX_NESTING,
# 64), so that the driver's count, which includes suffix chains, decides every case
# near it.
_DEEP = 24
_KEYWORDS = frozenset(("true", "false", "null"))
_SUFFIXES = frozenset(("ARRAY_SUFFIX", "QMARK"))
_OPENING = frozenset(("LSQB", "LPAR"))
_CLOSING = frozenset(("RSQB", "RPAR"))
# An ARRAY_SUFFIX token (`[]`, `[ 3 ]`), which the lexer reads as a list where a value
# starts: `[`, then a NUMBER if there are digits, then `]`.
_SUFFIX_INSIDE = re.compile(r"\[[ \t]*(\d*)[ \t]*\]")


class _Bail(Exception):
    """Not a file for the fast path (the driver will say why, if anything is wrong)."""


def fast_parse(
    source: SourceFile, regex: re.Pattern[str], blank: re.Pattern[str], depth: int = 0
) -> ast.File | None:
    """The tree of a file without syntax errors, or None to leave it to the driver.

    ``regex`` and ``blank`` are the lexer's; ``depth`` is how many levels are open
    around the text, as for `parser.parse`.
    """
    if source.surrogates:  # each is reported
        return None
    try:
        kinds, starts, ends, comments = _tokens(source, _scanner(regex, blank), blank)
        reader = _Reader(source, kinds, starts, ends, depth)
        return reader.file(comments)
    except _Bail:
        return None


_SCANNERS: dict[str, tuple[re.Pattern[str], list[str]]] = {}


def _scanner(regex: re.Pattern[str], blank: re.Pattern[str]) -> tuple[re.Pattern[str], list[str]]:
    """The lexer's regex, plus ERR for a character no terminal matches; and group names.

    With ERR, `finditer` never skips text (only blanks at the very end), so the
    tokens need no check that each starts where the last one ended. The names are
    listed by group number: `m.lastindex` is cheaper than `m.lastgroup`.
    """
    found = _SCANNERS.get(regex.pattern)
    if found is None:
        text = blank.pattern
        scanner = re.compile(f"{regex.pattern}|(?:{text})?(?P<ERR>(?!{text})[\\s\\S])")
        names = [""] * (scanner.groups + 1)
        for name, index in scanner.groupindex.items():
            names[index] = name
        found = _SCANNERS[regex.pattern] = (scanner, names)
    return found


def _tokens(
    source: SourceFile, scanner: tuple[re.Pattern[str], list[str]], blank: re.Pattern[str]
) -> tuple[list[str], list[int], list[int], list[ast.Comment]]:
    """Every token the lexer would give, made in one pass (three parallel lists).

    As in the lexer, newlines inside `(...)` and `[...]` are dropped and a run of
    newlines and comments is one `_NL`; comments are collected. A list ends with
    `$END`.
    """
    text = source.text
    regex, names = scanner
    kinds: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    comments: list[ast.Comment] = []
    add_kind = kinds.append
    add_start = starts.append
    add_end = ends.append
    depth = 0
    pos = 0
    for m in regex.finditer(text):
        index = m.lastindex
        assert index is not None
        kind = names[index]
        start, pos = m.span(index)
        if kind == "NAME":
            pass
        elif kind == "_NL":
            if depth or (kinds and kinds[-1] == "_NL"):
                continue
        elif kind == "STRING":
            # Most end in a quote with no backslash before it; the rest are checked.
            plain = text[pos - 1] == '"' and pos - start >= 2 and text[pos - 2] != "\\"
            if not plain and not string_closed(text[start:pos]):
                raise _Bail
        elif kind == "COMMENT":
            comment, closed = comment_node(source, start, pos)
            if not closed:
                raise _Bail
            comments.append(comment)
            continue
        elif kind in _OPENING:
            depth += 1
        elif kind in _CLOSING:
            if depth:
                depth -= 1
        elif kind == "ERR":
            raise _Bail
        add_kind(kind)
        add_start(start)
        add_end(pos)
    if pos < len(text) and blank.fullmatch(text, pos) is None:  # (never: only blanks)
        raise _Bail
    add_kind("$END")
    add_start(len(text))
    add_end(len(text))
    return kinds, starts, ends, comments


class _Reader:
    """Recursive descent over the token lists; each method returns its node and the next index.

    The hot paths (a name, a one-term value) are written out inline: this runs once
    per token of every file.
    """

    __slots__ = ("ends", "file_", "kinds", "outer", "starts", "text")

    def __init__(
        self, file: SourceFile, kinds: list[str], starts: list[int], ends: list[int], depth: int
    ) -> None:
        self.file_ = file
        self.text = file.text
        self.kinds = kinds
        self.starts = starts
        self.ends = ends
        self.outer = depth

    def file(self, comments: list[ast.Comment]) -> ast.File:
        i = 1 if self.kinds[0] == "_NL" else 0
        items, i = self.items(i, 0)
        if self.kinds[i] != "$END":
            raise _Bail
        file = self.file_
        return ast.File(
            items=tuple(items),
            comments=tuple(comments),
            source=file,
            span=Span(0, len(self.text), file),
        )

    # -- structure -------------------------------------------------------------

    def items(self, i: int, level: int) -> tuple[list[ast.Item], int]:
        """`_items`: items separated by newlines or commas; stops before what follows."""
        kinds = self.kinds
        out: list[ast.Item] = []
        add = out.append
        while kinds[i] == "NAME":
            item: ast.Item
            if kinds[i + 1] == "_EQ":
                name = self.ident(i)
                value, i = self.expr(i + 2, level)
                item = ast.Attribute(
                    name=name,
                    value=value,
                    span=Span(name.span.start, value.span.end, self.file_),
                )
            else:
                item, i = self.block(i, level)
            add(item)
            after = self.separator(i)
            if after < 0:
                break
            i = after
        return out, i

    def separator(self, i: int) -> int:
        """The index after `(_NL | _COMMA _NL?)` at ``i``, or -1 if there is none."""
        kinds = self.kinds
        kind = kinds[i]
        if kind == "_NL":
            return i + 1
        if kind == "_COMMA":
            return i + 2 if kinds[i + 1] == "_NL" else i + 1
        return -1

    def block(self, i: int, level: int) -> tuple[ast.Block, int]:
        kinds = self.kinds
        kind = self.ident(i)
        j = i + 1
        label: ast.StringLit | None = None
        header: ast.Expr | None = None
        body: ast.Body | None = None
        if kinds[j] == "STRING":
            label = self.string(j)
            j += 1
        if kinds[j] == "NAME":
            header, j = self.header(j, level)
        if kinds[j] == "LBRACE":
            body, j = self.body(j, level + 1)
        last = body or header
        if last is None:  # `kind "label"` alone is not a block
            raise _Bail
        node: ast.Block = ast.Block(
            kind=kind,
            label=label,
            header=header,
            body=body,
            span=Span(kind.span.start, last.span.end, self.file_),
        )
        return node, j

    def body(self, i: int, level: int) -> tuple[ast.Body, int]:
        if self.outer + level > _DEEP:
            raise _Bail
        j = i + 1
        if self.kinds[j] == "_NL":
            j += 1
        items, j = self.items(j, level)
        if self.kinds[j] != "RBRACE":
            raise _Bail
        node: ast.Body = ast.Body(
            items=tuple(items), span=Span(self.starts[i], self.ends[j], self.file_)
        )
        return node, j + 1

    def header(self, i: int, level: int) -> tuple[ast.Expr, int]:
        """A block's type: names and calls (never keywords), then suffixes."""
        kinds = self.kinds
        terms: list[ast.Expr] = []
        while kinds[i] == "NAME":
            if self.text[self.starts[i] : self.ends[i]] in _KEYWORDS:
                # After a name, the contextual lexer reads a keyword here (an error);
                # alone, a name. Either way, the driver's call.
                raise _Bail
            term, i = self.path_or_call(i, level)
            terms.append(term)
        expr = terms[0] if len(terms) == 1 else self.phrase(terms)
        if kinds[i] in _SUFFIXES:
            return self.suffixes(expr, i, level)
        return expr, i

    # -- expressions -----------------------------------------------------------

    def expr(self, i: int, level: int) -> tuple[ast.Expr, int]:
        """A value: one or more terms (a phrase), then `[]` and `?` suffixes."""
        kinds = self.kinds
        starts = self.starts
        ends = self.ends
        text = self.text
        file = self.file_
        terms: list[ast.Expr] = []
        while True:
            kind = kinds[i]
            term: ast.Expr
            if kind == "NAME":
                word = text[starts[i] : ends[i]]
                if word in _KEYWORDS:
                    span = Span(starts[i], ends[i], file)
                    if word == "null":
                        term = ast.NullLit(span=span)
                    else:
                        term = ast.BoolLit(value=word == "true", span=span)
                    i += 1
                else:
                    term, i = self.path_or_call(i, level)
            elif kind == "STRING":
                term = self.string(i)
                i += 1
            elif kind == "NUMBER":
                start = starts[i]
                end = ends[i]
                term = ast.NumberLit(text=text[start:end], span=Span(start, end, file))
                i += 1
            elif kind == "LSQB":
                term, i = self.list(i, level + 1)
            elif kind == "LBRACE":
                term, i = self.object(i, level + 1)
            elif kind == "HEREDOC":
                term = self.heredoc(i)
                i += 1
            elif kind == "ARRAY_SUFFIX" and not terms:
                term = self.suffix_as_list(i)
                i += 1
            else:
                break
            terms.append(term)
        if len(terms) == 1:
            expr = terms[0]
        elif terms:
            expr = self.phrase(terms)
        else:
            raise _Bail
        if kinds[i] in _SUFFIXES:
            return self.suffixes(expr, i, level)
        return expr, i

    def phrase(self, terms: list[ast.Expr]) -> ast.Phrase:
        node: ast.Phrase = ast.Phrase(
            terms=tuple(terms), span=Span(terms[0].span.start, terms[-1].span.end, self.file_)
        )
        return node

    def suffixes(self, expr: ast.Expr, i: int, level: int) -> tuple[ast.Expr, int]:
        kinds = self.kinds
        chain = 0
        while True:
            kind = kinds[i]
            if kind == "ARRAY_SUFFIX":
                end = self.ends[i]
                size = self.text[self.starts[i] + 1 : end - 1].strip() or None
                expr = ast.ArrayOf(
                    element=expr, size=size, span=Span(expr.span.start, end, self.file_)
                )
            elif kind == "QMARK":
                expr = ast.Nullable(
                    inner=expr, span=Span(expr.span.start, self.ends[i], self.file_)
                )
            else:
                return expr, i
            chain += 1
            if self.outer + level + chain > _DEEP:
                raise _Bail
            i += 1

    def suffix_as_list(self, i: int) -> ast.ListExpr:
        """`[]` or `[3]` where a value starts: the lexer reads `[` and what follows, a list."""
        start = self.starts[i]
        end = self.ends[i]
        inside = _SUFFIX_INSIDE.fullmatch(self.text, start, end)
        assert inside is not None  # the ARRAY_SUFFIX pattern, with its parts as groups
        items: tuple[ast.Expr, ...] = ()
        if inside.group(1):
            number_start, number_end = inside.span(1)
            items = (
                ast.NumberLit(
                    text=inside.group(1), span=Span(number_start, number_end, self.file_)
                ),
            )
        node: ast.ListExpr = ast.ListExpr(items=items, span=Span(start, end, self.file_))
        return node

    def path_or_call(self, i: int, level: int) -> tuple[ast.Path | ast.Call, int]:
        kinds = self.kinds
        ident = self.ident(i)
        i += 1
        path: ast.Path
        if kinds[i] != "_DOT":
            path = ast.Path(parts=(ident,), span=ident.span)
        else:
            parts = [ident]
            while kinds[i] == "_DOT":
                if kinds[i + 1] != "NAME":
                    raise _Bail
                parts.append(self.ident(i + 1))
                i += 2
            path = ast.Path(
                parts=tuple(parts), span=Span(ident.span.start, parts[-1].span.end, self.file_)
            )
        if kinds[i] != "LPAR":
            return path, i
        args, j = self.elements(i + 1, "RPAR", level + 1)
        call: ast.Call = ast.Call(
            callee=path, args=tuple(args), span=Span(path.span.start, self.ends[j], self.file_)
        )
        return call, j + 1

    def elements(self, i: int, closer: str, level: int) -> tuple[list[ast.Expr], int]:
        """`_elements?` up to ``closer`` (its index is returned)."""
        if self.outer + level > _DEEP:
            raise _Bail
        kinds = self.kinds
        out: list[ast.Expr] = []
        while kinds[i] != closer:
            element, i = self.expr(i, level)
            out.append(element)
            if kinds[i] == "_COMMA":
                i += 1
            elif kinds[i] != closer:
                raise _Bail
        return out, i

    def list(self, i: int, level: int) -> tuple[ast.ListExpr, int]:
        items, j = self.elements(i + 1, "RSQB", level)
        node: ast.ListExpr = ast.ListExpr(
            items=tuple(items), span=Span(self.starts[i], self.ends[j], self.file_)
        )
        return node, j + 1

    def object(self, i: int, level: int) -> tuple[ast.ObjectExpr, int]:
        if self.outer + level > _DEEP:
            raise _Bail
        kinds = self.kinds
        file = self.file_
        j = i + 1
        if kinds[j] == "_NL":
            j += 1
        entries: list[ast.Entry] = []
        while True:
            kind = kinds[j]
            key: ast.Ident | ast.StringLit
            if kind == "NAME":
                if self.text[self.starts[j] : self.ends[j]] in _KEYWORDS:
                    raise _Bail  # as in a header: the driver knows how the lexer reads it
                key = self.ident(j)
            elif kind == "STRING":
                key = self.string(j)
            else:
                break
            if kinds[j + 1] != "_EQ":
                raise _Bail
            value, j = self.expr(j + 2, level)
            entries.append(
                ast.Entry(key=key, value=value, span=Span(key.span.start, value.span.end, file))
            )
            after = self.separator(j)
            if after < 0:
                break
            j = after
        if kinds[j] != "RBRACE":
            raise _Bail
        node: ast.ObjectExpr = ast.ObjectExpr(
            entries=tuple(entries), span=Span(self.starts[i], self.ends[j], file)
        )
        return node, j + 1

    # -- tokens ----------------------------------------------------------------

    def ident(self, i: int) -> ast.Ident:
        start = self.starts[i]
        end = self.ends[i]
        name = self.text[start:end]
        if name[0] == "`":
            name = name[1:-1].replace("``", "`")
        node: ast.Ident = ast.Ident(name=name, span=Span(start, end, self.file_))
        return node

    def string(self, i: int) -> ast.StringLit:
        start = self.starts[i]
        end = self.ends[i]
        value = self.text[start + 1 : end - 1]
        if "\\" in value:
            value, _closed, bad = decode_string(self.text[start:end])
            if bad:
                raise _Bail
        node: ast.StringLit = ast.StringLit(value=value, span=Span(start, end, self.file_))
        return node

    def heredoc(self, i: int) -> ast.Heredoc:
        start = self.starts[i]
        end = self.ends[i]
        value, tag, strip, closed = decode_heredoc(self.text[start:end])
        if not closed:
            raise _Bail
        node: ast.Heredoc = ast.Heredoc(
            value=value, tag=tag, strip=strip, span=Span(start, end, self.file_)
        )
        return node
