"""Commands beyond check and fmt, each a function that returns an exit code (cli.py calls them)."""
