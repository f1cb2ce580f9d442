"""One file's text, kept in pieces: a change re-parses and re-shapes only the piece it is in."""

from __future__ import annotations

from schemac.check import Options, Shaped
from schemac.lsp.pieces import Piece, cut, edit_region, items_in, skeleton_text
from schemac.source import SourceFile
from schemac.syntax.parser import ParseResult, parse

__all__ = ["EXACT_BELOW", "Document"]

# A file this small is parsed whole again when a change leaves a syntax error in its
# piece (a few milliseconds); a bigger one keeps the piece and is refined when idle.
EXACT_BELOW = 64 * 1024


class Document:
    """The text of one file (a buffer's or the disk's) and its pieces, parsed and shaped."""

    __slots__ = ("_whole", "exact", "name", "options", "pieces", "source")

    def __init__(self, name: str, text: str, options: Options) -> None:
        self.name = name
        self.options = options
        self.source = SourceFile(name, text)  # the whole text, for positions in it
        self._whole: ParseResult | None = None
        # False while pieces with syntax errors stand parsed on their own: what the
        # parser says after an error may differ a little from a parse of the whole file
        # (the tokens it expected, where recovery resumed). `refine` makes it exact.
        self.exact = True
        self.pieces = self._cut(text)

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def shaped(self) -> list[Shaped]:
        return [piece.shaped for piece in self.pieces]

    @property
    def in_one_piece(self) -> bool:
        """The whole text is one piece (it does not cut, or is one item)."""
        return (
            len(self.pieces) == 1
            and self.pieces[0].start == 0
            and (self.pieces[0].end == len(self.text))
        )

    def whole(self) -> ParseResult:
        """The whole text parsed as one file (for the formatter), made when first asked for."""
        if self._whole is None:
            if self.in_one_piece:
                self._whole = self.pieces[0].parsed
            else:
                self._whole = parse(SourceFile(self.name, self.text))
        return self._whole

    def locate(self, offset: int) -> tuple[SourceFile, int]:
        """The piece an offset of the text is in, and the offset in that piece."""
        chosen: Piece | None = None
        for piece in self.pieces:
            if piece.start <= offset < piece.end or (offset == piece.end == len(self.text)):
                chosen = piece
                if not piece.skeleton:
                    break  # an item of a schema, rather than the schema around it
        if chosen is None:
            return self.source, offset
        line, col = self.source.line_col(offset)
        source = chosen.source
        line_in_piece = line - source.first_line
        if not 1 <= line_in_piece <= source.line_count():
            return self.source, offset
        return source, source.line_start(line_in_piece) + col - 1

    def update(self, text: str) -> None:
        old = self.text
        if text == old:
            return
        if not self._patch(old, text):
            self.pieces = self._cut(text)
        self.source = SourceFile(self.name, text)
        self._whole = None

    def refine(self) -> None:
        """Parse the text as one piece, so that its diagnostics are exactly `check`'s."""
        self.pieces = [self._piece(self.text, 0, None)]
        self.exact = True

    def _cut(self, text: str) -> list[Piece]:
        """The text's pieces; or one piece, the whole text, when it does not cut.

        Also one piece when a piece has syntax errors and the text is small enough to
        parse whole at once (its diagnostics are then exact).
        """
        pieces = cut(self.name, text, self.options)
        self.exact = pieces is None or all(piece.parsed.ok for piece in pieces)
        if pieces is None or (not self.exact and len(text) < EXACT_BELOW):
            self.exact = True
            pieces = [self._piece(text, 0, None)]
        return pieces

    def _piece(self, text: str, start: int, schema: str | None, first_line: int = 0) -> Piece:
        return Piece(
            self.name,
            text,
            start=start,
            first_line=first_line,
            schema=schema,
            options=self.options,
        )

    def _patch(self, old: str, new: str) -> bool:
        """Re-parse only the piece the change is in; False when the pieces must be cut again."""
        if self.in_one_piece:
            return False  # cut the new text: it may cut now
        at, old_end, new_end = edit_region(old, new)
        delta = new_end - old_end
        lines = new.count("\n", at, new_end) - old.count("\n", at, old_end)
        target = next(
            (
                i
                for i, piece in enumerate(self.pieces)
                if not piece.skeleton and piece.start <= at and old_end < piece.end
            ),
            None,
        )
        if target is None:
            return self._patch_gap(new, at, old_end, delta, lines)
        if at == old_end == self.pieces[target].start and new[new_end - 1] == "\n":
            # Whole lines put in just before a piece (a comment above a table): between
            # pieces, or else cut again.
            return self._patch_gap(new, at, old_end, delta, lines)
        piece = self.pieces[target]
        text = new[piece.start : piece.end + delta]
        found = items_in(text)
        if found is None or len(found) != 1:
            return False
        start, end, body, attribute = found[0]
        if start != 0 or end != len(text) or body is not None:
            return False  # no longer one item on its lines, or a schema block: cut again
        if piece.schema is not None and attribute:
            return False  # a schema's attributes belong to its skeleton
        old_piece_end = piece.end
        patched = self._piece(text, piece.start, piece.schema, piece.source.first_line)
        if not patched.parsed.ok and len(new) < EXACT_BELOW:
            return False  # small: parse it all, exactly
        self.pieces[target] = patched
        around = None  # the skeleton of the schema the piece stands in
        for i, other in enumerate(self.pieces):
            if other.start >= old_piece_end:
                other.shift(delta, lines)
            elif other.skeleton and other.start <= piece.start and old_piece_end <= other.end:
                other.end += delta
                around = i
        if around is not None and lines:
            self.pieces[around] = self._skeleton(new, self.pieces[around])
        return self._settle(new)

    def _settle(self, new: str) -> bool:
        """After a patch: exact when no piece has syntax errors; a small file must be."""
        self.exact = all(p.parsed.ok for p in self.pieces)
        return self.exact or len(new) >= EXACT_BELOW

    def _patch_gap(self, new: str, at: int, old_end: int, delta: int, lines: int) -> bool:
        """A change between pieces: blank lines, comments, or a schema's own attributes."""
        touching = [p for p in self.pieces if p.start < old_end and at < p.end]
        if len(touching) > 1 or any(not p.skeleton for p in touching):
            return False
        skeleton = touching[0] if touching else None
        if skeleton is None:
            # Between top-level pieces: nothing but blank lines and comments may stand.
            before = max((p.end for p in self.pieces if p.end <= at), default=0)
            after = min((p.start for p in self.pieces if p.start >= old_end), default=None)
            end = len(new) if after is None else after + delta
            if end > 0 and end < len(new) and new[end - 1] != "\n":
                return False  # the next piece no longer starts its line
            if items_in(new, before, end) != []:
                return False
        else:
            # In a schema's own lines: the lines changed may hold its attributes, not blocks
            # (the skeleton is parsed again, so what they say is read as a whole).
            first = new.rfind("\n", 0, at) + 1
            new_end = old_end + delta
            if new_end > first and new[new_end - 1] == "\n":
                last = new_end  # whole lines were put in
            else:
                line_end = new.find("\n", new_end)
                last = len(new) if line_end < 0 else line_end + 1
            found = items_in(new, first, last)
            if found is None or any(not item[3] for item in found):
                return False
        for piece in self.pieces:
            if piece.start >= old_end:
                piece.shift(delta, lines)
        if skeleton is not None:
            skeleton.end += delta
            self.pieces[self.pieces.index(skeleton)] = self._skeleton(new, skeleton)
        return self._settle(new)

    def _skeleton(self, text: str, old: Piece) -> Piece:
        """A schema's skeleton again, its items' lines (as they are now) left blank."""
        items = [
            (p.start, p.end)
            for p in self.pieces
            if p.schema is not None and old.start <= p.start and p.end <= old.end
        ]
        return Piece(
            self.name,
            skeleton_text(text, old.start, old.end, items),
            start=old.start,
            end=old.end,  # its items' lines are blank in it, so it is shorter
            first_line=old.source.first_line,
            schema=None,
            options=self.options,
            skeleton=True,
        )
