"""Each request the server answers, as a function of an analysis and a place in a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from schemac.check import decls as d
from schemac.diagnostics import Fix
from schemac.lsp.complete import complete
from schemac.lsp.describe import describe, describe_literal, kind_of, qualified_name
from schemac.lsp.index import Occurrence
from schemac.lsp.outline import KINDS, document_symbols, folding_ranges
from schemac.lsp.positions import Codec
from schemac.lsp.rename import rename_edits, sql_mentions
from schemac.lsp.scan import scan
from schemac.lsp.workspace import Analysis, FileEntry
from schemac.source import Span
from schemac.syntax.printer import format_file

__all__ = [
    "Located",
    "code_actions",
    "completion",
    "definition",
    "fix_data",
    "folding",
    "formatting",
    "hover",
    "prepare_rename",
    "references",
    "rename",
    "symbols",
    "workspace_symbols",
]


@dataclass(frozen=True, slots=True)
class Located:
    entry: FileEntry
    offset: int


def _occurrence(analysis: Analysis, at: Located) -> Occurrence | None:
    return analysis.index.at(*at.entry.document.locate(at.offset))


def _location(analysis: Analysis, span: Span, codec: Codec) -> types.Location | None:
    entry = analysis.entry_for(span.file)
    if entry is None:
        return None
    return types.Location(uri=entry.uri, range=codec.range(span))


def hover(analysis: Analysis, at: Located, codec: Codec) -> types.Hover | None:
    occurrence = _occurrence(analysis, at)
    if occurrence is None:
        found = describe_literal(analysis.index, *at.entry.document.locate(at.offset))
        if found is None:
            return None
        span, text = found
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=codec.range(span),
        )
    schemas: dict[str, list[d.SchemaDecl]] = {}
    for decl in analysis.context.schema_decls:
        schemas.setdefault(decl.name.value, []).append(decl)
    text = describe(analysis.index, occurrence.target, schemas)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=codec.range(occurrence.span),
    )


def definition(analysis: Analysis, at: Located, codec: Codec) -> list[types.Location] | None:
    occurrence = _occurrence(analysis, at)
    if occurrence is None:
        return None
    found = [
        _location(analysis, o.span, codec) for o in analysis.index.definitions(occurrence.target)
    ]
    return [loc for loc in found if loc is not None] or None


def references(
    analysis: Analysis, at: Located, codec: Codec, *, include_declaration: bool
) -> list[types.Location] | None:
    occurrence = _occurrence(analysis, at)
    if occurrence is None:
        return None
    found = [
        _location(analysis, o.span, codec)
        for o in analysis.index.references(occurrence.target)
        if include_declaration or not o.definition
    ]
    return [loc for loc in found if loc is not None]


def completion(analysis: Analysis, at: Located) -> list[types.CompletionItem]:
    return complete(scan(at.entry.text, at.offset), analysis.context)


def formatting(entry: FileEntry, codec: Codec) -> list[types.TextEdit] | None:
    """The whole document in `schemac fmt`'s form; nothing while it has syntax errors."""
    parsed = entry.document.whole()
    if not parsed.ok:
        return None
    formatted = format_file(parsed.file)
    if formatted == entry.text:
        return []
    source = entry.source
    whole = types.Range(
        start=types.Position(line=0, character=0),
        end=codec.position(source, len(source.text)),
    )
    return [types.TextEdit(range=whole, new_text=formatted)]


def symbols(entry: FileEntry, codec: Codec) -> list[types.DocumentSymbol]:
    """The outline, piece by piece: a schema's items go under its skeleton's symbol."""
    out: list[types.DocumentSymbol] = []
    schema: types.DocumentSymbol | None = None
    for piece in entry.document.pieces:
        found = document_symbols(piece.parsed.file, codec)
        if piece.schema is not None and schema is not None:
            schema.children = [*(schema.children or ()), *found]
            continue
        out.extend(found)
        schema = found[0] if piece.skeleton and found else None
    return out


def folding(entry: FileEntry) -> list[types.FoldingRange]:
    ranges = [r for piece in entry.document.pieces for r in folding_ranges(piece.parsed.file)]
    ranges.sort(key=lambda r: (r.start_line, -r.end_line))
    return ranges


def _name_span(occurrence: Occurrence) -> Span:
    """The name without the quotes of a string label."""
    span = occurrence.span
    text = span.text
    if len(text) >= 2 and text[0] == text[-1] and text[0] in '"`':
        return Span(span.start + 1, span.end - 1, span.file)
    return span


def prepare_rename(
    analysis: Analysis, at: Located, codec: Codec
) -> types.PrepareRenamePlaceholder | None:
    occurrence = _occurrence(analysis, at)
    if occurrence is None:
        return None
    span = _name_span(occurrence)
    return types.PrepareRenamePlaceholder(
        range=codec.range(span), placeholder=_old_name(occurrence)
    )


def _old_name(occurrence: Occurrence) -> str:
    target = occurrence.target
    name = target.name
    return name if isinstance(name, str) else name.value


def rename(
    analysis: Analysis, at: Located, new_name: str, codec: Codec
) -> tuple[types.WorkspaceEdit, str | None] | None:
    """The edits, and a warning naming the SQL text that mentions the old name."""
    occurrence = _occurrence(analysis, at)
    if occurrence is None:
        return None
    files = {p.source: p.parsed.file for e in analysis.entries for p in e.document.pieces}
    edits = rename_edits(analysis.index, occurrence.target, new_name, files)  # type: ignore[arg-type]
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        entry = analysis.entry_for(edit.span.file)
        if entry is None:
            continue
        changes.setdefault(entry.uri, []).append(
            types.TextEdit(range=codec.range(edit.span), new_text=edit.text)
        )
    old = _old_name(occurrence)
    mentions = sql_mentions(analysis.context, old)
    warning = None
    if mentions:
        places = ", ".join(
            f"{Path(span.file.name).name}:{span.file.first_line + span.start_line_col()[0]}"
            for span in mentions[:5]
        )
        more = f" and {len(mentions) - 5} more" if len(mentions) > 5 else ""
        warning = (
            f"`{old}` also appears in SQL text, which a rename does not change: {places}{more}"
        )
    return types.WorkspaceEdit(changes=changes), warning


_SYMBOL_LIMIT = 500


def workspace_symbols(
    analyses: list[Analysis], query: str, codec: Codec
) -> list[types.SymbolInformation]:
    """Declarations whose name holds the query's letters in order (`usr` finds `users`)."""
    wanted = query.lower()
    found: list[tuple[int, str, types.SymbolInformation]] = []
    for analysis in analyses:
        index = analysis.index
        for target, occurrences in index.by_target.items():
            name = _old_name(occurrences[0])
            if not _subsequence(wanted, name.lower()):
                continue
            kind = kind_of(target)
            qualified = qualified_name(index, target)
            container = qualified.rsplit(".", 1)[0] if "." in qualified else None
            for occurrence in occurrences:
                location = (
                    _location(analysis, occurrence.span, codec) if occurrence.definition else None
                )
                if location is None:
                    continue
                rank = 0 if name.lower().startswith(wanted) else 1
                symbol = types.SymbolInformation(
                    name=name,
                    kind=KINDS.get(kind.replace(" ", "_"), types.SymbolKind.Object),
                    location=location,
                    container_name=container,
                )
                found.append((rank, name, symbol))
    found.sort(key=lambda item: (item[0], len(item[1]), item[1]))
    return [symbol for _, _, symbol in found[:_SYMBOL_LIMIT]]


def _subsequence(query: str, name: str) -> bool:
    at = 0
    for ch in query:
        at = name.find(ch, at) + 1
        if at == 0:
            return False
    return True


def code_actions(
    entry: FileEntry, diagnostics: Sequence[types.Diagnostic], codec: Codec
) -> list[types.CodeAction]:
    """Quick fixes: the fixes each of our diagnostics carries (server.py puts them in its data)."""
    del codec  # the fixes' ranges were made by the server's codec when it published them
    actions = []
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        fixes = data.get("fixes")
        if diagnostic.source != "schemac" or not isinstance(fixes, list):
            continue
        for i, fix in enumerate(fixes):
            edit = _workspace_edit(fix, entry.uri)
            if edit is None:
                continue
            actions.append(
                types.CodeAction(
                    title=str(fix["title"]),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=i == 0,
                    edit=edit,
                )
            )
    return actions


def fix_data(fix: Fix, uris: dict[int, str], codec: Codec) -> dict[str, object] | None:
    """A diagnostic's fix as JSON for its LSP data (None when an edit is in no known file)."""
    edits = []
    for edit in fix.edits:
        uri = uris.get(id(edit.span.file))
        if uri is None:
            return None
        edits.append(
            {
                "uri": uri,
                "range": _range_data(codec.range(edit.span)),
                "newText": edit.replacement,
            }
        )
    return {"title": fix.title, "edits": edits}


def _workspace_edit(fix: object, default_uri: str) -> types.WorkspaceEdit | None:
    """The edit a fix's data describes; None for data not of our making."""
    if not isinstance(fix, dict) or not isinstance(fix.get("edits"), list):
        return None
    changes: dict[str, list[types.TextEdit]] = {}
    try:
        for edit in fix["edits"]:
            text_edit = types.TextEdit(range=_range(edit["range"]), new_text=str(edit["newText"]))
            changes.setdefault(str(edit.get("uri", default_uri)), []).append(text_edit)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return types.WorkspaceEdit(changes=changes)


def _range_data(r: types.Range) -> dict[str, dict[str, int]]:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def _range(data: dict[str, dict[str, int]]) -> types.Range:
    def position(p: dict[str, int]) -> types.Position:
        return types.Position(line=int(p["line"]), character=int(p["character"]))

    return types.Range(start=position(data["start"]), end=position(data["end"]))
