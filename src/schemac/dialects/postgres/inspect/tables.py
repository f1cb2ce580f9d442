"""Tables from the catalogs.

Columns, keys, foreign keys, checks, exclusions, indexes, partitions, triggers, row level
security and policies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemac.dialects.postgres.inspect.catalog import Catalog, Row, sequence_options
from schemac.dialects.postgres.inspect.inherits import own_columns, parents
from schemac.dialects.postgres.normalize import canonical_sequence_options
from schemac.ir import model as ir
from schemac.ir.partitions import normal_table_copies
from schemac.ir.types import TypeRef

__all__ = ["index_elements", "read_index", "read_table", "read_triggers"]

_ACTIONS = {
    "a": ir.ReferentialAction.NO_ACTION,
    "r": ir.ReferentialAction.RESTRICT,
    "c": ir.ReferentialAction.CASCADE,
    "n": ir.ReferentialAction.SET_NULL,
    "d": ir.ReferentialAction.SET_DEFAULT,
}
_COMMANDS = {
    "*": ir.PolicyCommand.ALL,
    "r": ir.PolicyCommand.SELECT,
    "a": ir.PolicyCommand.INSERT,
    "w": ir.PolicyCommand.UPDATE,
    "d": ir.PolicyCommand.DELETE,
}
_STRATEGIES = {
    "r": ir.PartitionStrategy.RANGE,
    "l": ir.PartitionStrategy.LIST,
    "h": ir.PartitionStrategy.HASH,
}


def _identity(catalog: Catalog, row: Row, type_: TypeRef) -> ir.Identity | None:
    if not row["identity"]:
        return None
    sequence = catalog.identity_sequences.get((row["relation"], row["name"]))
    options = sequence_options(sequence) if sequence is not None else ir.SequenceOptions()
    return ir.Identity(
        always=row["identity"] == "a",
        options=canonical_sequence_options(options, type_.name),
    )


def _column(catalog: Catalog, row: Row) -> ir.Column | None:
    type_ = catalog.type_ref(row["type_oid"], row["type"], row["dims"])
    if type_ is None:
        return None
    generated = row["generated"] == "s"
    default = row["default"]
    return ir.Column(
        name=row["name"],
        type=type_,
        nullable=not row["not_null"],
        default=ir.SqlExpr(text=default) if default is not None and not generated else None,
        identity=_identity(catalog, row, type_),
        generated=ir.SqlExpr(text=default) if generated and default is not None else None,
        collation=catalog.collation(row["collation"]),
        comment=row["comment"],
    )


def _opclass(catalog: Catalog, oid: int) -> str | None:
    row = catalog.opclasses.get(oid)
    if row is None or row["is_default"]:
        return None
    return str(row["name"])


def index_elements(catalog: Catalog, index: Row, count: int) -> tuple[ir.IndexElement, ...]:
    """The first ``count`` elements of an index (its key columns)."""
    out = []
    relation = index["relation"]
    definition = index["definition"] or ""
    using = definition.find(" USING ")
    written = split_top(_group(definition, definition.find("(", using))) if using >= 0 else []
    for i in range(count):
        number = index["columns"][i]
        option = index["options"][i] if index["options"] else 0
        descending = bool(option & 1)
        nulls_first = bool(option & 2)
        nulls = None
        if nulls_first != descending:
            nulls = ir.NullsOrder.FIRST if nulls_first else ir.NullsOrder.LAST
        collation_oid = index["collations"][i] if index["collations"] else 0
        collation = None
        text = index["elements"][i] if index["elements"] else ""
        if collation_oid and i < len(written) and " COLLATE " in written[i]:
            collation = catalog.collations.get(collation_oid)
        opclass = _opclass(catalog, index["opclasses"][i])
        if number:
            element = ir.IndexElement(
                column=catalog.attnames[relation].get(number),
                descending=descending,
                nulls=nulls,
                opclass=opclass,
                collation=collation,
            )
        else:
            element = ir.IndexElement(
                expression=ir.SqlExpr(text=text),
                descending=descending,
                nulls=nulls,
                opclass=opclass,
                collation=collation,
            )
        out.append(element)
    return tuple(out)


def _include(catalog: Catalog, index: Row | None) -> tuple[str, ...]:
    if index is None:
        return ()
    extra = index["columns"][index["key_count"] : index["column_count"]]
    return catalog.column_names(index["relation"], extra)


def read_index(catalog: Catalog, index: Row) -> ir.Index:
    return ir.Index(
        name=index["name"],
        elements=index_elements(catalog, index, index["key_count"]),
        unique=index["is_unique"],
        nulls_distinct=not index["nulls_not_distinct"],
        method=ir.IndexMethod(index["method"]),
        where=ir.SqlExpr(text=index["predicate"]) if index["predicate"] else None,
        include=_include(catalog, index),
        comment=index["comment"],
        valid=index["is_valid"],
    )


def _foreign_key(catalog: Catalog, row: Row) -> ir.ForeignKey:
    target = catalog.relation_name(row["ref_relation"]) or tuple(row["ref_name"] or ("?", "?"))
    return ir.ForeignKey(
        name=row["name"],
        columns=catalog.column_names(row["relation"], row["columns"]),
        references=ir.ObjectName(schema=target[0], name=target[1]),
        ref_columns=catalog.column_names(row["ref_relation"], row["ref_columns"]),
        on_delete=_ACTIONS[row["on_delete"]],
        on_delete_columns=catalog.column_names(row["relation"], row["on_delete_columns"]),
        on_update=_ACTIONS[row["on_update"]],
        match=ir.MatchType.FULL if row["match"] == "f" else ir.MatchType.SIMPLE,
        deferrable=row["deferrable"],
        initially_deferred=row["deferred"],
        comment=row["comment"],
    )


def _exclusion(catalog: Catalog, row: Row) -> ir.ExclusionConstraint:
    index = catalog.index_by_oid.get(row["index"])
    operators = row["operators"] or []
    elements: tuple[ir.IndexElement, ...] = ()
    method = ir.IndexMethod.GIST
    where = None
    if index is not None:
        elements = index_elements(catalog, index, index["key_count"])
        method = ir.IndexMethod(index["method"])
        where = ir.SqlExpr(text=index["predicate"]) if index["predicate"] else None
    return ir.ExclusionConstraint(
        name=row["name"],
        elements=tuple(
            ir.ExclusionElement(element=e, operator=op)
            for e, op in zip(elements, operators, strict=False)
        ),
        method=method,
        where=where,
        include=_include(catalog, index),
        deferrable=row["deferrable"],
        initially_deferred=row["deferred"],
        comment=row["comment"],
    )


def _check(row: Row) -> ir.CheckConstraint:
    return ir.CheckConstraint(
        name=row["name"],
        expression=ir.SqlExpr(text=row["expression"]),
        no_inherit=row["no_inherit"],
        comment=row["comment"],
    )


def _outside_quotes(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth after it) for each character outside quotes."""
    depth, quote = 0, ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield i, ch, depth


def _group(text: str, start: int) -> str:
    """The text inside the parentheses that open at ``start``."""
    if start < 0:
        return ""
    for i, ch, depth in _outside_quotes(text, start):
        if ch == ")" and depth == 0:
            return text[start + 1 : i]
    return text[start + 1 :]


def split_top(text: str) -> list[str]:
    """Split at commas outside parentheses and quotes."""
    parts, begin = [], 0
    for i, ch, depth in _outside_quotes(text):
        if ch == "," and depth == 0:
            parts.append(text[begin:i].strip())
            begin = i + 1
    parts.append(text[begin:].strip())
    return [p for p in parts if p]


def _partitioning(catalog: Catalog, rel: Row) -> ir.Partitioning | None:
    if rel["kind"] != "p" or not rel["partition_key"]:
        return None
    text = rel["partition_key"]
    inner = text[text.index("(") + 1 : text.rindex(")")]
    keys = []
    for i, written in enumerate(split_top(inner)):
        item = written
        opclass = _opclass(catalog, rel["partition_opclasses"][i])
        if opclass is not None and item.endswith(" " + opclass.split(".")[-1]):
            item = item[: item.rindex(" ")]
        collation = None
        m = re.search(r" COLLATE (\S+)\Z", item)
        if m:
            collation = catalog.collations.get(rel["partition_collations"][i])
            item = item[: m.start()]
        number = rel["partition_columns"][i]
        if number:
            keys.append(
                ir.PartitionKey(
                    column=catalog.attnames[rel["oid"]].get(number),
                    collation=collation,
                    opclass=opclass,
                )
            )
        else:
            expression = item[1:-1] if item.startswith("(") and item.endswith(")") else item
            keys.append(
                ir.PartitionKey(
                    expression=ir.SqlExpr(text=expression), collation=collation, opclass=opclass
                )
            )
    return ir.Partitioning(strategy=_STRATEGIES[rel["strategy"]], keys=tuple(keys))


_BOUND_TOKEN = re.compile(r"'((?:[^']|'')*)'|(-?[0-9][0-9.eE+-]*)|([A-Za-z_]+)|([(),])|\s+")


def _bound_values(text: str) -> list[ir.Literal | ir.SqlExpr]:
    values: list[ir.Literal | ir.SqlExpr] = []
    for m in _BOUND_TOKEN.finditer(text):
        string, number, word, _ = m.groups()
        if string is not None:
            values.append(ir.Literal(kind="string", value=string.replace("''", "'")))
        elif number is not None:
            values.append(ir.Literal(kind="number", value=number))
        elif word is not None:
            lowered = word.lower()
            if lowered in ("minvalue", "maxvalue"):
                values.append(ir.SqlExpr(text=word.upper()))
            elif lowered == "null":
                values.append(ir.Literal(kind="null", value=None))
            elif lowered in ("true", "false"):
                values.append(ir.Literal(kind="bool", value=lowered == "true"))
    return values


def parse_bound(text: str) -> ir.PartitionBound:
    """A partition bound from `pg_get_expr(relpartbound)`."""
    if text.strip().upper() == "DEFAULT":
        return ir.PartitionBound(is_default=True)
    m = re.match(r"FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)", text, re.IGNORECASE)
    if m:
        return ir.PartitionBound(modulus=int(m.group(1)), remainder=int(m.group(2)))
    m = re.match(r"FOR VALUES IN \((.*)\)\Z", text, re.IGNORECASE | re.DOTALL)
    if m:
        return ir.PartitionBound(in_values=tuple(_bound_values(m.group(1))))
    m = re.match(r"FOR VALUES FROM \((.*)\) TO \((.*)\)\Z", text, re.IGNORECASE | re.DOTALL)
    if m:
        return ir.PartitionBound(
            from_values=tuple(_bound_values(m.group(1))),
            to_values=tuple(_bound_values(m.group(2))),
        )
    return ir.PartitionBound(is_default=True)


def _copies(catalog: Catalog, relation: int) -> tuple[ir.IndexCopy, ...]:
    """The relation's copies of the indexes above it, every one (ir/partitions.py sorts them out).

    Each is of the index it comes from at the top: a copy of a copy is of the original.
    """
    out = []
    for index in catalog.indexes.get(relation, ()):
        above = catalog.index_by_oid.get(index["parent_index"] or 0)
        if above is None:
            continue
        while above["parent_index"] and above["parent_index"] in catalog.index_by_oid:
            above = catalog.index_by_oid[above["parent_index"]]
        out.append(ir.IndexCopy(of=above["name"], name=index["name"], comment=index["comment"]))
    return tuple(out)


def _partitions(catalog: Catalog, parent: Row) -> tuple[ir.Partition, ...]:
    out = []
    for rel in sorted(catalog.children.get(parent["oid"], ()), key=lambda r: r["name"]):
        out.append(
            ir.Partition(
                name=rel["name"],
                bound=parse_bound(rel["bound"] or "DEFAULT"),
                schema=rel["schema"] if rel["schema"] != parent["schema"] else None,
                partitioning=_partitioning(catalog, rel),
                partitions=_partitions(catalog, rel),
                indexes=_own_indexes(catalog, rel["oid"]),
                copies=_copies(catalog, rel["oid"]),
                comment=rel["comment"],
            )
        )
    return tuple(out)


def _own_indexes(catalog: Catalog, relation: int) -> tuple[ir.Index, ...]:
    """The relation's indexes but those behind constraints and those of a parent's index."""
    indexes = [
        read_index(catalog, i)
        for i in catalog.indexes.get(relation, ())
        if not i["for_constraint"] and not i["inherited"]
    ]
    return tuple(sorted(indexes, key=lambda i: i.name))


_TIMING_BEFORE = 2
_TIMING_INSTEAD = 64
_EVENTS = (
    (4, ir.TriggerEventKind.INSERT),
    (16, ir.TriggerEventKind.UPDATE),
    (8, ir.TriggerEventKind.DELETE),
    (32, ir.TriggerEventKind.TRUNCATE),
)
_WHEN = re.compile(r" WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) ", re.DOTALL)


def _arguments(raw: bytes | None, count: int) -> tuple[str, ...]:
    if not raw or not count:
        return ()
    return tuple(part.decode("utf-8") for part in bytes(raw).split(b"\x00")[:count])


def read_triggers(catalog: Catalog, relation: int) -> tuple[ir.Trigger, ...]:
    out = []
    for row in catalog.triggers.get(relation, ()):
        bits = row["type"]
        if bits & _TIMING_INSTEAD:
            timing = ir.TriggerTiming.INSTEAD_OF
        elif bits & _TIMING_BEFORE:
            timing = ir.TriggerTiming.BEFORE
        else:
            timing = ir.TriggerTiming.AFTER
        columns = catalog.column_names(relation, row["columns"])
        events = tuple(
            ir.TriggerEvent(
                kind=kind, columns=columns if kind is ir.TriggerEventKind.UPDATE else ()
            )
            for bit, kind in _EVENTS
            if bits & bit
        )
        m = _WHEN.search(row["definition"])
        out.append(
            ir.Trigger(
                name=row["name"],
                timing=timing,
                events=events,
                for_each=ir.ForEach.ROW if bits & 1 else ir.ForEach.STATEMENT,
                function=ir.ObjectName(schema=row["function_schema"], name=row["function_name"]),
                arguments=_arguments(row["arguments"], row["argument_count"]),
                when=ir.SqlExpr(text=m.group(1)) if m else None,
                old_table=row["old_table"],
                new_table=row["new_table"],
                constraint=row["is_constraint"],
                deferrable=row["deferrable"],
                initially_deferred=row["deferred"],
                comment=row["comment"],
            )
        )
    return tuple(out)


def _policies(catalog: Catalog, relation: int) -> tuple[ir.Policy, ...]:
    return tuple(
        ir.Policy(
            name=row["name"],
            permissive=row["permissive"],
            command=_COMMANDS[row["command"]],
            roles=tuple(sorted(row["roles"])),
            using=ir.SqlExpr(text=row["using"]) if row["using"] else None,
            with_check=ir.SqlExpr(text=row["with_check"]) if row["with_check"] else None,
            comment=row["comment"],
        )
        for row in catalog.policies.get(relation, ())
    )


def read_table(catalog: Catalog, rel: Row) -> tuple[ir.Table, list[str]]:
    """The table, and what it has that the language cannot say (for warnings)."""
    oid = rel["oid"]
    inherits, problems = parents(catalog, rel)
    columns = []
    for row in own_columns(catalog, rel):
        column = _column(catalog, row)
        if column is None:
            problems.append(
                f"column {row['name']} has type {row['type']}, which the language lacks"
            )
        else:
            columns.append(column)
    primary_key = None
    uniques, fks, checks, exclusions = [], [], [], []
    for row in catalog.constraints.get(oid, ()):
        if row["inherited"] or not row["local"]:
            continue  # made by PostgreSQL from a constraint of a parent (or a partitioned target)
        kind = row["kind"]
        index = catalog.index_by_oid.get(row["index"])
        if kind == "p":
            primary_key = ir.PrimaryKey(
                name=row["name"],
                columns=catalog.column_names(oid, row["columns"]),
                include=_include(catalog, index),
                deferrable=row["deferrable"],
                initially_deferred=row["deferred"],
                comment=row["comment"],
            )
        elif kind == "u":
            uniques.append(
                ir.UniqueConstraint(
                    name=row["name"],
                    columns=catalog.column_names(oid, row["columns"]),
                    include=_include(catalog, index),
                    nulls_distinct=not (index and index["nulls_not_distinct"]),
                    deferrable=row["deferrable"],
                    initially_deferred=row["deferred"],
                    comment=row["comment"],
                )
            )
        elif kind == "f":
            fks.append(_foreign_key(catalog, row))
        elif kind == "c":
            checks.append(_check(row))
        elif kind == "x":
            exclusions.append(_exclusion(catalog, row))
    if rel["row_security"]:
        security = ir.RowSecurity.FORCED if rel["force_row_security"] else ir.RowSecurity.ENABLED
    else:
        security = ir.RowSecurity.DISABLED
    table = ir.Table(
        name=rel["name"],
        columns=tuple(columns),
        primary_key=primary_key,
        uniques=tuple(uniques),
        indexes=_own_indexes(catalog, oid),
        foreign_keys=tuple(fks),
        checks=tuple(checks),
        exclusions=tuple(exclusions),
        partitioning=_partitioning(catalog, rel),
        partitions=_partitions(catalog, rel),
        triggers=read_triggers(catalog, oid),
        policies=_policies(catalog, oid),
        row_security=security,
        unlogged=rel["persistence"] == "u",
        inherits=inherits,
        comment=rel["comment"],
    )
    # Copies under the names PostgreSQL gives them anyway go unsaid (as in the files).
    return (normal_table_copies(table) if table.partitions else table), problems
