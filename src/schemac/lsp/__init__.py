"""The language server (`schemac lsp`): diagnostics, navigation, completion and rename."""
