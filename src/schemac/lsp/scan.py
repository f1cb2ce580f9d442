"""Where the cursor stands, read off the text before it: which blocks and brackets enclose it.

Completion must work while the text is broken (it is, as one types), so this does
not use the parser: it scans strings, comments and heredocs, and keeps a stack of
open blocks and brackets and the tokens of the item being written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Bracket", "Frame", "Scan", "scan"]

_WORD = re.compile(r"[^\W\d][\w$]*|`[^`\n]*`?")
_NUMBER = re.compile(r"\d[\w.]*")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_]\w*)[ \t]*\n")


@dataclass(slots=True)
class Frame:
    """An open block: `kind "label" header {`."""

    kind: str
    label: str | None
    header: list[str]
    attributes: set[str] = field(default_factory=set)  # those already set, before the cursor


@dataclass(slots=True)
class Bracket:
    """An open `[` or `(`: the attribute it is the value of, and the name before a `(`."""

    char: str
    attribute: str | None
    callee: list[str]
    tokens: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Scan:
    blocks: list[Frame]
    brackets: list[Bracket]  # innermost last; cleared when a block opens
    tokens: list[str]  # the current item's tokens (inside a bracket: the current element's)
    prefix: str  # the word the cursor is in, up to the cursor
    in_string: bool
    string_prefix: str
    quiet: bool  # in a comment or a heredoc: nothing to complete

    def block(self, *kinds: str) -> Frame | None:
        for frame in reversed(self.blocks):
            if frame.kind in kinds:
                return frame
        return None

    @property
    def attribute(self) -> str | None:
        """The attribute whose value the cursor is in (`name = |`, `name = [a, |`)."""
        if self.brackets:
            return self.brackets[0].attribute
        if len(self.tokens) >= 2 and self.tokens[1] == "=":
            return self.tokens[0]
        return None


def _name(word: str) -> str:
    if word.startswith("`"):
        return word.strip("`").replace("``", "`")
    return word


def scan(text: str, offset: int) -> Scan:
    """Scan ``text`` up to ``offset`` (the cursor)."""
    text = text[:offset]
    blocks: list[Frame] = []
    brackets: list[Bracket] = []
    tokens: list[str] = []
    i, n = 0, len(text)
    in_string = False
    string_prefix = ""
    quiet = False

    def current() -> list[str]:
        return brackets[-1].tokens if brackets else tokens

    def end_item() -> None:
        if blocks and len(tokens) >= 2 and tokens[1] == "=":
            blocks[-1].attributes.add(_name(tokens[0]))

    while i < n:
        ch = text[i]
        if ch == "\n":
            if not brackets:
                end_item()
                tokens = []
            i += 1
        elif ch in " \t\r":
            i += 1
        elif ch == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            if end < 0:
                quiet = True
                break
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                quiet = True
                break
            i = end + 2
        elif ch == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                in_string = True
                string_prefix = text[i + 1 :]
                break
            current().append('"' + text[i + 1 : j] + '"')
            i = j + 1
        elif text.startswith("<<", i):
            match = _HEREDOC.match(text, i)
            if match is None:
                i += 2
                continue
            closing = re.compile(rf"^[ \t]*{re.escape(match.group(2))}[ \t]*$", re.M).search(
                text, match.end()
            )
            if closing is None:
                quiet = True
                break
            current().append("<<heredoc")
            i = closing.end()
        elif ch == "{":
            words = [t for t in tokens if t not in ("=",)]
            kind = words[0] if words and not words[0].startswith('"') else ""
            label = next((t.strip('"') for t in words[1:2] if t.startswith('"')), None)
            header = words[2:] if label is not None else words[1:]
            blocks.append(Frame(kind, label, header))
            brackets = []
            tokens = []
            i += 1
        elif ch == "}":
            if blocks:
                blocks.pop()
            brackets = []
            tokens = []
            i += 1
        elif ch in "[(":
            attribute = tokens[0] if len(tokens) >= 2 and tokens[1] == "=" else None
            if brackets:
                attribute = brackets[0].attribute
            seen = current()
            callee = seen[-1:] if seen and seen[-1][:1].isalpha() else []
            brackets.append(Bracket(ch, attribute, [_name(w) for w in callee]))
            i += 1
        elif ch in "])":
            if brackets:
                brackets.pop()
                current().append("()" if ch == ")" else "[]")
            i += 1
        elif ch == ",":
            if brackets:
                brackets[-1].tokens = []
            else:
                end_item()
                tokens = []
            i += 1
        else:
            match = _WORD.match(text, i) or _NUMBER.match(text, i)
            if match is not None and match.end() > i:
                current().append(match.group())
                i = match.end()
            else:
                current().append(ch)
                i += 1
    prefix = ""
    if not (in_string or quiet):
        word = re.search(r"[\w$]*$", text)
        prefix = word.group() if word else ""
        seen = current()
        if prefix and seen and seen[-1].endswith(prefix) and seen[-1][:1] != '"':
            seen.pop()  # the word being typed is not a token yet
    return Scan(
        blocks=blocks,
        brackets=brackets,
        tokens=list(current()),
        prefix=prefix,
        in_string=in_string,
        string_prefix=string_prefix,
        quiet=quiet,
    )


def path_before(tokens: list[str]) -> list[str] | None:
    """`a.b.` at the end of the tokens: the names before the last dot."""
    if not tokens or tokens[-1] != ".":
        return None
    names: list[str] = []
    i = len(tokens) - 1
    while (
        i >= 1 and tokens[i] == "." and (tokens[i - 1][:1].isalpha() or tokens[i - 1][:1] in "_`")
    ):
        names.insert(0, _name(tokens[i - 1]))
        i -= 2
    return names or None
