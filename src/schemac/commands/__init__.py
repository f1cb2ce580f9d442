"""The commands, each a function that returns an exit code (cli.py calls them)."""
