"""PostgreSQL's keywords that an identifier must be quoted to use (all but the unreserved).

From `pg_get_keywords()` of PostgreSQL 15 (categories R, T and C), plus the words later
releases added, so that output stays valid on newer servers. A test compares this set
with the running server's.
"""

from __future__ import annotations

__all__ = ["QUOTED_KEYWORDS"]

_RESERVED = """
all analyse analyze and any array as asc asymmetric both case cast check collate column
constraint create current_catalog current_date current_role current_time current_timestamp
current_user default deferrable desc distinct do else end except false fetch for foreign from
grant group having in initially intersect into lateral leading limit localtime localtimestamp
not null offset on only or order placing primary references returning select session_user
some symmetric system_user table then to trailing true union unique user using variadic when
where window with
"""

_TYPE_FUNC_NAME = """
authorization binary collation concurrently cross current_schema freeze full ilike inner is
isnull join left like natural notnull outer overlaps right similar tablesample verbose
"""

_COL_NAME = """
between bigint bit boolean char character coalesce dec decimal exists extract float greatest
grouping inout int integer interval json json_array json_arrayagg json_exists json_object
json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action
national nchar none normalize nullif numeric out overlay position precision real row setof
smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat
xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
"""

QUOTED_KEYWORDS: frozenset[str] = frozenset((_RESERVED + _TYPE_FUNC_NAME + _COL_NAME).split())
