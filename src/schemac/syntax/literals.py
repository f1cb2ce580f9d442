"""Literal text: decoding string escapes and heredocs (shared by the lexer and the builder)."""

from __future__ import annotations

__all__ = ["common_indent", "decode_heredoc", "decode_string", "string_closed"]

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_HEX = frozenset("0123456789abcdefABCDEF")


def string_closed(string: str) -> bool:
    """Whether a STRING token ends with its closing quote (not an escaped one)."""
    if string.startswith("'"):
        return True
    if len(string) < 2 or string[-1] != '"':
        return False
    backslashes = len(string) - 1 - len(string[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def decode_string(text: str) -> tuple[str, bool, list[tuple[int, int, str]]]:
    """Decode a STRING token: (value, closed, bad escapes as (start, end, text)).

    A single-quoted token (already reported by the lexer) is taken literally.
    """
    if text.startswith("'"):
        return text[1:-1], True, []
    out: list[str] = []
    bad: list[tuple[int, int, str]] = []
    i, n = 1, len(text)
    closed = False
    while i < n:
        c = text[i]
        if c == '"':
            closed = True
            break
        if c != "\\":
            j = text.find("\\", i)
            k = text.find('"', i)
            stop = min(x for x in (j, k, n) if x >= 0)
            out.append(text[i:stop])
            i = stop
            continue
        if i + 1 >= n:
            break
        e = text[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e in "uU":
            width = 4 if e == "u" else 8
            j = i + 2
            while j < min(n, i + 2 + width) and text[j] in _HEX:
                j += 1
            digits = text[i + 2 : j]
            if len(digits) == width:
                code = int(digits, 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    out.append(chr(code))
                    i = j
                    continue
            bad.append((i, j, text[i:j]))
            out.append(text[i:j])
            i = j
        else:
            bad.append((i, i + 2, text[i : i + 2]))
            out.append(e)
            i += 2
    return "".join(out), closed, bad


def decode_heredoc(text: str) -> tuple[str, str, bool, bool]:
    """Decode a HEREDOC token: (value, tag, strip, closed)."""
    strip = text.startswith("<<-")
    first_nl = text.find("\n")
    opener = text[: first_nl if first_nl >= 0 else len(text)]
    tag = opener[3 if strip else 2 :].strip()
    if first_nl < 0:
        return "", tag, strip, False
    lines = [line.rstrip("\r") for line in text[first_nl + 1 :].split("\n")]
    closed = len(lines) >= 1 and lines[-1].strip() == tag
    content = lines[:-1] if closed else lines
    if not closed:
        while content and not content[-1].strip():
            content.pop()
    if strip:
        cut = len(common_indent(content))
        content = [line[cut:] if line.strip() else "" for line in content]
    return "\n".join(content), tag, strip, closed


def common_indent(lines: list[str]) -> str:
    """The indentation common to the non-blank lines: what a `<<-` heredoc removes."""
    margin: str | None = None
    for line in lines:
        if not line.strip():
            continue
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if margin is None:
            margin = indent
        else:
            k = 0
            while k < len(margin) and k < len(indent) and margin[k] == indent[k]:
                k += 1
            margin = margin[:k]
    return margin or ""
