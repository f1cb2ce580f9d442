"""The syntax layer: lexing, parsing, the syntax tree and the canonical printer."""
