"""Reduction callbacks: grammar rules to syntax nodes, with spans from the first and last child."""

from __future__ import annotations

from typing import Any

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.source import SourceFile, Span
from schemac.syntax import ast
from schemac.syntax.lexer import Token
from schemac.syntax.literals import decode_heredoc, decode_string

__all__ = ["Builder"]


def _ident(token: Token, file: SourceFile) -> ast.Ident:
    text = token.text
    name = text[1:-1].replace("``", "`") if text[0] == "`" else text
    ident: ast.Ident = ast.Ident(name=name, span=Span(token.start, token.end, file))
    return ident


class Builder:
    """One per parse: knows the file (for spans) and collects decoding diagnostics.

    ``on_<rule>`` is called when the parser reduces ``<rule>`` (its alias or name).
    """

    def __init__(self, file: SourceFile) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.file)

    def _string(self, token: Token) -> ast.StringLit:
        text = token.text
        span = self._span(token.start, token.end)
        if "\\" not in text and len(text) > 1 and text[-1] == '"':
            fast: ast.StringLit = ast.StringLit(value=text[1:-1], span=span)
            return fast
        value, _closed, bad = decode_string(text)
        for start, end, escape in bad:
            self.diagnostics.append(
                cat.invalid_escape(self._span(token.start + start, token.start + end), escape)
            )
        return ast.StringLit(value=value, span=span)

    # -- structure -------------------------------------------------------------

    def on_start(self, ch: list[Any]) -> ast.File:
        return ast.File(
            items=tuple(ch), comments=(), source=self.file, span=self._span(0, len(self.file.text))
        )

    def on_attribute(self, ch: list[Any]) -> ast.Attribute:
        name: Token = ch[0]
        value: ast.Expr = ch[1]
        node: ast.Attribute = ast.Attribute(
            name=_ident(name, self.file), value=value, span=self._span(name.start, value.span.end)
        )
        return node

    def on_block(self, ch: list[Any]) -> ast.Block:
        kind: Token = ch[0]
        label: ast.StringLit | None = None
        header: ast.Expr | None = None
        body: ast.Body | None = None
        for child in ch[1:]:
            if type(child) is Token:
                label = self._string(child)
            elif type(child) is ast.Body:
                body = child
            else:
                header = child
        last = body or header or label
        end = last.span.end if last is not None else kind.end
        node: ast.Block = ast.Block(
            kind=_ident(kind, self.file),
            label=label,
            header=header,
            body=body,
            span=self._span(kind.start, end),
        )
        return node

    def on_body(self, ch: list[Any]) -> ast.Body:
        node: ast.Body = ast.Body(items=tuple(ch[1:-1]), span=self._span(ch[0].start, ch[-1].end))
        return node

    # -- expressions -----------------------------------------------------------

    def on_path(self, ch: list[Token]) -> ast.Path:
        file = self.file
        if len(ch) == 1:
            ident = _ident(ch[0], file)
            single: ast.Path = ast.Path(parts=(ident,), span=ident.span)
            return single
        node: ast.Path = ast.Path(
            parts=tuple(_ident(t, file) for t in ch), span=self._span(ch[0].start, ch[-1].end)
        )
        return node

    def on_call(self, ch: list[Any]) -> ast.Call:
        callee: ast.Path = ch[0]
        node: ast.Call = ast.Call(
            callee=callee, args=tuple(ch[2:-1]), span=self._span(callee.span.start, ch[-1].end)
        )
        return node

    def on_list(self, ch: list[Any]) -> ast.ListExpr:
        return ast.ListExpr(items=tuple(ch[1:-1]), span=self._span(ch[0].start, ch[-1].end))

    def on_object(self, ch: list[Any]) -> ast.ObjectExpr:
        return ast.ObjectExpr(entries=tuple(ch[1:-1]), span=self._span(ch[0].start, ch[-1].end))

    def on_entry(self, ch: list[Any]) -> ast.Entry:
        key_token: Token = ch[0]
        key: ast.Ident | ast.StringLit
        if key_token.type == "STRING":
            key = self._string(key_token)
        else:
            key = _ident(key_token, self.file)
        value: ast.Expr = ch[1]
        return ast.Entry(key=key, value=value, span=self._span(key_token.start, value.span.end))

    def on_phrase(self, ch: list[Any]) -> ast.Phrase:
        return ast.Phrase(terms=tuple(ch), span=self._span(ch[0].span.start, ch[-1].span.end))

    def on_array_type(self, ch: list[Any]) -> ast.ArrayOf:
        element: ast.Expr = ch[0]
        suffix: Token = ch[1]
        size = suffix.text[1:-1].strip() or None
        return ast.ArrayOf(
            element=element, size=size, span=self._span(element.span.start, suffix.end)
        )

    def on_nullable(self, ch: list[Any]) -> ast.Nullable:
        inner: ast.Expr = ch[0]
        return ast.Nullable(inner=inner, span=self._span(inner.span.start, ch[1].end))

    def on_string(self, ch: list[Token]) -> ast.StringLit:
        return self._string(ch[0])

    def on_heredoc(self, ch: list[Token]) -> ast.Heredoc:
        token = ch[0]
        value, tag, strip, _closed = decode_heredoc(token.text)
        span = self._span(token.start, token.end)
        return ast.Heredoc(value=value, tag=tag, strip=strip, span=span)

    def on_number(self, ch: list[Token]) -> ast.NumberLit:
        token = ch[0]
        return ast.NumberLit(text=token.text, span=self._span(token.start, token.end))

    def on_true(self, ch: list[Token]) -> ast.BoolLit:
        return ast.BoolLit(value=True, span=self._span(ch[0].start, ch[0].end))

    def on_false(self, ch: list[Token]) -> ast.BoolLit:
        return ast.BoolLit(value=False, span=self._span(ch[0].start, ch[0].end))

    def on_null(self, ch: list[Token]) -> ast.NullLit:
        return ast.NullLit(span=self._span(ch[0].start, ch[0].end))
