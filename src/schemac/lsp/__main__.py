"""`python -m schemac.lsp`: the language server on stdio, as `schemac lsp` runs it."""

from __future__ import annotations

from schemac.lsp.server import serve

serve()
