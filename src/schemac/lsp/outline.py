"""A file's outline (document symbols) and its folding ranges, read off the syntax tree."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from schemac.lsp.positions import Codec
from schemac.syntax import ast

__all__ = ["KINDS", "document_symbols", "folding_ranges"]

KINDS = {
    "schema": types.SymbolKind.Namespace,
    "extension": types.SymbolKind.Package,
    "table": types.SymbolKind.Class,
    "column": types.SymbolKind.Field,
    "view": types.SymbolKind.Interface,
    "materialized_view": types.SymbolKind.Interface,
    "enum": types.SymbolKind.Enum,
    "domain": types.SymbolKind.TypeParameter,
    "type": types.SymbolKind.Struct,
    "field": types.SymbolKind.Field,
    "sequence": types.SymbolKind.Variable,
    "function": types.SymbolKind.Function,
    "procedure": types.SymbolKind.Function,
    "collation": types.SymbolKind.Constant,
    "index": types.SymbolKind.Key,
    "primary_key": types.SymbolKind.Key,
    "unique": types.SymbolKind.Key,
    "foreign_key": types.SymbolKind.Key,
    "check": types.SymbolKind.Key,
    "exclude": types.SymbolKind.Key,
    "partition": types.SymbolKind.Class,
    "trigger": types.SymbolKind.Event,
    "policy": types.SymbolKind.Property,
    "grant": types.SymbolKind.Key,
}


def document_symbols(file: ast.File, codec: Codec) -> list[types.DocumentSymbol]:
    return [_symbol(block, codec) for block in _blocks(file.items)]


def _blocks(items: tuple[ast.Item, ...]) -> Iterator[ast.Block]:
    for item in items:
        if isinstance(item, ast.Block):
            yield item


def _symbol(block: ast.Block, codec: Codec) -> types.DocumentSymbol:
    kind = block.kind.name
    name_node: ast.Node = block.label if block.label is not None else block.kind
    name = block.label.value if block.label is not None else kind
    detail = kind
    if block.header is not None:
        detail = block.header.span.text
    children = [_symbol(child, codec) for child in _blocks(block.items)]
    return types.DocumentSymbol(
        name=name or kind,
        detail=detail,
        kind=KINDS.get(kind, types.SymbolKind.Object),
        range=codec.range(block.span),
        selection_range=codec.range(name_node.span),
        children=children or None,
    )


def folding_ranges(file: ast.File) -> list[types.FoldingRange]:
    """Blocks, multi-line lists and heredocs, block comments and runs of line comments."""
    source = file.source
    out: list[types.FoldingRange] = []

    base = source.first_line  # a piece of a bigger file starts at this line

    def add(start: int, end: int, kind: types.FoldingRangeKind | None = None) -> None:
        first = base + source.line_col(start)[0] - 1
        last = base + source.line_col(end)[0] - 1
        if kind is None:
            last -= 1  # keep the closing bracket's line in view
        if last > first:
            out.append(types.FoldingRange(start_line=first, end_line=last, kind=kind))

    def expr(node: ast.Expr) -> None:
        match node:
            case ast.ListExpr():
                add(node.span.start, node.span.end)
                for item in node.items:
                    expr(item)
            case ast.ObjectExpr():
                add(node.span.start, node.span.end)
                for entry in node.entries:
                    expr(entry.value)
            case ast.Heredoc():
                add(node.span.start, node.span.end, types.FoldingRangeKind.Region)
            case ast.Call():
                for arg in node.args:
                    expr(arg)

    def items(nodes: tuple[ast.Item, ...]) -> None:
        for item in nodes:
            if isinstance(item, ast.Block):
                if item.body is not None:
                    add(item.body.span.start, item.body.span.end)
                items(item.items)
            else:
                expr(item.value)

    items(file.items)
    run_start = run_end = -1
    for comment in file.comments:
        if comment.text.startswith("/*"):
            add(comment.span.start, comment.span.end, types.FoldingRangeKind.Comment)
            continue
        line = source.line_col(comment.span.start)[0]
        if not source.line_text(line).lstrip().startswith(comment.text):
            continue  # a comment after code on its line
        if line == run_end + 1:
            run_end = line
            continue
        if run_end > run_start:
            out.append(_comment_run(run_start, run_end, base))
        run_start = run_end = line
    if run_end > run_start:
        out.append(_comment_run(run_start, run_end, base))
    out.sort(key=lambda r: (r.start_line, -r.end_line))
    return out


def _comment_run(first: int, last: int, base: int) -> types.FoldingRange:
    return types.FoldingRange(
        start_line=base + first - 1, end_line=base + last - 1, kind=types.FoldingRangeKind.Comment
    )
