"""What SQL dialects share: statement order, the SQL statement splitter, plan steps."""
