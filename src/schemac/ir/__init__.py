"""The semantic IR: resolved, frozen objects that compile, inspect and diff share."""
