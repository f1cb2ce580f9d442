"""A collation's settings are ones PostgreSQL accepts together.

`locale` sets both `lc_collate` and `lc_ctype`, so it is not given with them; an ICU
collation needs `locale` (ICU reads nothing else); a libc collation needs `locale`, or
both `lc_collate` and `lc_ctype`; only an ICU collation may be nondeterministic.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _check(ctx: Context, c: d.CollationDecl) -> None:
    given = (("lc_collate", c.lc_collate), ("lc_ctype", c.lc_ctype))
    written = [(name, text) for name, text in given if text is not None]
    if c.locale is not None and written:
        name, text = written[0]
        ctx.emit(
            cat.conflicting_attributes(
                text.span,
                c.locale.span,
                name,
                "locale",
                "`locale` sets both `lc_collate` and `lc_ctype`: keep `locale`, or those two",
            )
        )
        return
    icu = c.provider is not None and c.provider.value == "icu"
    if icu and c.locale is None:
        help = 'add `locale = "und"` (or a language tag: "en-u-kn-true")'
        if written:
            help = f"ICU reads only `locale`: write `locale = ...` instead of `{written[0][0]}`"
        ctx.emit(
            cat.collation_settings(
                c.provider.span if c.provider else c.span,
                "an ICU collation needs `locale`",
                "`locale` is missing",
                help,
            )
        )
        return
    if not icu and c.locale is None and len(written) < 2:
        missing = next(name for name, text in given if text is None)
        at = written[0][1].span if written else c.span
        ctx.emit(
            cat.collation_settings(
                at,
                "a libc collation needs `locale`, or both `lc_collate` and `lc_ctype`",
                f"`{missing}` is missing" if written else "no locale",
                'add `locale = "C"` (or a locale the server has: `locale -a` lists them)'
                if not written
                else f"add `{missing} = ...`, or write one `locale` for both",
            )
        )
        return
    if not icu and c.nondeterministic is not None:
        other = (c.provider.span, "a libc collation") if c.provider is not None else None
        ctx.emit(
            cat.collation_settings(
                c.nondeterministic,
                "only an ICU collation can be nondeterministic",
                "libc collations are deterministic",
                "add `provider = icu` (with an ICU `locale`), or remove `deterministic = false`",
                other,
            )
        )


def check(ctx: Context) -> None:
    for collation in ctx.collations:
        _check(ctx, collation)
