"""Generate large, realistic `.schema` files for benchmarks: deterministic for a seed.

    python bench/gen_schema.py --tables 2000 --columns 10 --out bench/out/big.schema
    python bench/gen_schema.py --files 20 --out bench/out/big/        # a directory of 20 files
    python bench/gen_schema.py --format atlas --columns 8 --out bench/out/big.hcl
    python bench/gen_schema.py --format dbml --out bench/out/big.dbml

Every table has an identity `bigint` primary key and M more columns of varied types
(text, varchar(n), numeric(p, s), timestamptz, boolean, jsonb, uuid, bigint, integer,
date, enums, arrays; some nullable), some defaults (literals and `sql("now()")`), one or
two indexes (multi-column, some `desc`, some partial), a unique constraint on some
tables, and foreign keys to earlier tables (the column shorthand `references = t.id`
and `foreign_key` blocks), each foreign key column leading an index. With `--files K`
the tables are split over K files, so references cross files.

The output is in canonical form (`schemac fmt --check` passes) and checks clean with
no warnings. `--format atlas` writes the same model in Atlas's HCL, for comparisons
with HCL parsers; `--format dbml` writes it in DBML, for comparisons with dbml2sql, as
far as DBML can say it (see `render_dbml` for what it cannot).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# -------------------------------------------------------------------------- the model


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    values: tuple[str, ...]


@dataclass(slots=True)
class Column:
    name: str
    kind: str  # a key of _KINDS, "enum", "fk" or "id"
    type: str  # as written in schemac, without `?`
    atlas_type: str
    nullable: bool = False
    array: bool = False
    default: str | None = None  # as written in schemac
    atlas_default: str | None = None
    comment: str | None = None
    unique: bool = False
    references: str | None = None  # a table, for the shorthand `references = t.id`
    on_delete: str | None = None


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    on: tuple[tuple[str, bool], ...]  # (column, descending)
    where: str | None = None
    using: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str
    column: str
    table: str
    on_delete: str | None


@dataclass(slots=True)
class Table:
    name: str
    columns: list[Column] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    uniques: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    checks: list[tuple[str, str]] = field(default_factory=list)
    comment: str | None = None
    note: str | None = None  # a `#` comment before the table


@dataclass(slots=True)
class Model:
    enums: list[Enum]
    tables: list[Table]


# ----------------------------------------------------------------------- vocabulary

_ENUMS = (
    Enum("order_status", ("draft", "pending", "paid", "shipped", "cancelled")),
    Enum("priority_level", ("low", "normal", "high", "urgent")),
    Enum("visibility", ("private", "internal", "public")),
    Enum("payment_method", ("card", "transfer", "cash", "voucher", "wallet")),
    Enum("region_code", ("emea", "apac", "amer", "latam", "anz", "mena")),
    Enum("review_state", ("open", "approved", "rejected")),
)

_TABLE_WORDS = (
    "account",
    "order",
    "invoice",
    "product",
    "customer",
    "shipment",
    "payment",
    "subscription",
    "ticket",
    "project",
    "task",
    "document",
    "message",
    "event",
    "device",
    "session",
    "review",
    "coupon",
    "warehouse",
    "supplier",
)

_NAMES = {
    "text": ("name", "title", "description", "notes", "label", "summary", "slug", "email"),
    "varchar": ("code", "sku", "reference", "handle", "locale", "currency", "zip_code"),
    "numeric": ("amount", "price", "balance", "total", "tax_rate", "discount", "weight"),
    "timestamptz": ("created_at", "updated_at", "deleted_at", "expires_at", "last_seen_at"),
    "boolean": ("is_active", "is_archived", "verified", "enabled", "is_public"),
    "jsonb": ("metadata", "settings", "payload", "attributes", "extra"),
    "uuid": ("external_id", "public_id", "token", "correlation_id"),
    "bigint": ("quantity", "position", "counter", "version", "size_bytes"),
    "integer": ("rank", "attempts", "score", "duration_s"),
    "date": ("due_on", "valid_from", "valid_until", "birth_date"),
    "array": ("tags", "labels", "aliases", "scopes"),
    "enum": ("status", "priority", "state", "kind"),
}

# How often each kind of column is drawn.
_WEIGHTS = {
    "text": 16,
    "varchar": 10,
    "numeric": 9,
    "timestamptz": 12,
    "boolean": 9,
    "jsonb": 5,
    "uuid": 6,
    "bigint": 7,
    "integer": 5,
    "date": 4,
    "array": 5,
    "enum": 8,
}

_MAX_NAME = 63


def _limit(name: str) -> str:
    return name[:_MAX_NAME]


# ------------------------------------------------------------------------ generation


def _column(rng: random.Random, kind: str, name: str, enums: list[Enum]) -> Column:
    """A column of ``kind`` with a random type size, nullability and default."""
    nullable = rng.random() < 0.3
    col: Column
    if kind == "text":
        col = Column(name, kind, "text", "text")
        if rng.random() < 0.2:
            col.default, col.atlas_default = '""', '""'
    elif kind == "varchar":
        n = rng.choice((16, 32, 64, 80, 255))
        col = Column(name, kind, f"varchar({n})", f"varchar({n})")
    elif kind == "numeric":
        p, s = rng.choice(((12, 2), (10, 4), (18, 6), (8, 3)))
        col = Column(name, kind, f"numeric({p}, {s})", f"numeric({p},{s})")
        if rng.random() < 0.5:
            col.default, col.atlas_default = "0", "0"
    elif kind == "timestamptz":
        col = Column(name, kind, "timestamptz", "timestamptz")
        if name in ("created_at", "updated_at"):
            nullable = False
            col.default, col.atlas_default = 'sql("now()")', 'sql("now()")'
        elif name == "deleted_at":
            nullable = True
    elif kind == "boolean":
        col = Column(name, kind, "boolean", "boolean")
        if rng.random() < 0.7:
            nullable = False
            value = rng.choice(("true", "false"))
            col.default, col.atlas_default = value, value
    elif kind == "jsonb":
        col = Column(name, kind, "jsonb", "jsonb")
        if rng.random() < 0.6:
            nullable = False
            col.default, col.atlas_default = '"{}"', "sql(\"'{}'::jsonb\")"
    elif kind == "uuid":
        col = Column(name, kind, "uuid", "uuid")
        if rng.random() < 0.5:
            nullable = False
            col.default = col.atlas_default = 'sql("gen_random_uuid()")'
    elif kind in ("bigint", "integer"):
        col = Column(name, kind, kind, kind)
        if rng.random() < 0.4:
            col.default, col.atlas_default = "0", "0"
    elif kind == "date":
        col = Column(name, kind, "date", "date")
        if rng.random() < 0.2:
            col.default = col.atlas_default = 'sql("current_date")'
    elif kind == "array":
        element = rng.choice(("text", "text", "bigint", "uuid"))
        col = Column(name, kind, f"{element}[]", f'sql("{element}[]")', array=True)
        if rng.random() < 0.5:
            nullable = False
            col.default, col.atlas_default = "[]", "sql(\"'{}'\")"
    else:
        enum = rng.choice(enums)
        col = Column(name, "enum", enum.name, f"enum.{enum.name}")
        if rng.random() < 0.6:
            nullable = False
            col.default = col.atlas_default = f'"{enum.values[0]}"'
    col.nullable = nullable
    if rng.random() < 0.08:
        col.comment = f"The {name.replace('_', ' ')} of the row"
    return col


def _where(rng: random.Random, table: Table, enums: dict[str, Enum]) -> str | None:
    """A predicate for a partial index, over one of the table's columns."""
    options = []
    for col in table.columns:
        if col.nullable:
            options.append(f"{col.name} IS NOT NULL")
        if col.kind == "boolean":
            options.append(col.name)
        if col.kind == "enum" and not col.array:
            options.append(f"{col.name} = '{enums[col.type].values[-1]}'")
        if col.name == "deleted_at":
            options.append("deleted_at IS NULL")
    return rng.choice(options) if options else None


def _fk_target(rng: random.Random, i: int) -> int:
    """An earlier table: mostly a recent one, sometimes any (so references cross files)."""
    if rng.random() < 0.5:
        return rng.randrange(max(0, i - 50), i)
    return rng.randrange(0, i)


def _table(rng: random.Random, i: int, columns: int, names: list[str], enums: list[Enum]) -> Table:
    name = names[i]
    table = Table(name)
    table.columns.append(Column("id", "id", "bigint", "bigint"))
    used = {"id"}
    by_name = {e.name: e for e in enums}

    # Foreign keys to earlier tables: part of the M columns.
    n_fk = 0 if i == 0 else rng.choices((0, 1, 2), weights=(25, 45, 30))[0]
    n_fk = min(n_fk, columns // 3)
    targets = sorted({_fk_target(rng, i) for _ in range(n_fk)})
    fk_columns: list[str] = []
    for target in targets:
        other = names[target]
        col_name = f"{other}_id"
        used.add(col_name)
        fk_columns.append(col_name)
        if rng.random() < 0.5:
            # The column shorthand.
            col = Column(col_name, "fk", "bigint", "bigint", references=other)
            col.on_delete = rng.choice((None, "cascade", "restrict"))
            table.columns.append(col)
        else:
            nullable = rng.random() < 0.4
            action = rng.choice(("set_null", "no_action")) if nullable else "cascade"
            col = Column(col_name, "fk", "bigint", "bigint", nullable=nullable)
            table.columns.append(col)
            fk = ForeignKey(_limit(f"{name}_{col_name}_fkey"), col_name, other, action)
            table.foreign_keys.append(fk)

    kinds = list(_WEIGHTS)
    weights = list(_WEIGHTS.values())
    while len(table.columns) < columns + 1:
        kind = rng.choices(kinds, weights=weights)[0]
        candidates = [n for n in _NAMES[kind] if n not in used]
        if not candidates:
            base = rng.choice(_NAMES[kind])
            suffix = 2
            while f"{base}_{suffix}" in used:
                suffix += 1
            candidates = [f"{base}_{suffix}"]
        col_name = rng.choice(candidates)
        used.add(col_name)
        table.columns.append(_column(rng, kind, col_name, enums))

    plain = [c for c in table.columns if c.kind not in ("id", "fk", "jsonb", "array")]
    sortable = [c.name for c in plain if c.kind in ("timestamptz", "date", "numeric", "bigint")]

    # An index led by each foreign key column: alone, or with a sort column after it.
    for col_name in fk_columns:
        if sortable and rng.random() < 0.4:
            on = ((col_name, False), (rng.choice(sortable), rng.random() < 0.7))
        else:
            on = ((col_name, False),)
        table.indexes.append(Index(_limit(f"{name}_{col_name}_idx"), on))

    # One or two more: multi-column, descending, partial, or a gin index on jsonb.
    jsonb = [c.name for c in table.columns if c.kind == "jsonb"]
    for n in range(rng.choice((1, 1, 2))):
        if jsonb and rng.random() < 0.25:
            target = jsonb.pop(rng.randrange(len(jsonb)))
            table.indexes.append(
                Index(_limit(f"{name}_{target}_gin_idx"), ((target, False),), using="gin")
            )
            continue
        if not plain:
            break
        picked = rng.sample(plain, min(len(plain), rng.choice((1, 2, 2, 3))))
        on = tuple(
            (c.name, c.kind in ("timestamptz", "date") and rng.random() < 0.6) for c in picked
        )
        where = _where(rng, table, by_name) if rng.random() < 0.3 else None
        label = "_".join(c for c, _ in on)
        index_name = _limit(f"{name}_{label}_{n + 1}_idx")
        table.indexes.append(Index(index_name, on, where=where))

    # A unique constraint on some tables; a unique column on others.
    keys = [c for c in plain if c.kind in ("text", "varchar", "uuid") and not c.nullable]
    if keys and rng.random() < 0.3:
        picked = rng.sample(keys, min(len(keys), rng.choice((1, 2))))
        columns_ = tuple(c.name for c in picked)
        table.uniques.append((_limit(f"{name}_{'_'.join(columns_)}_key"), columns_))
    elif keys and rng.random() < 0.1:
        rng.choice(keys).unique = True

    numeric = [c.name for c in table.columns if c.kind == "numeric"]
    if numeric and rng.random() < 0.15:
        target = rng.choice(numeric)
        table.checks.append((_limit(f"{name}_{target}_check"), f"{target} >= 0"))

    if rng.random() < 0.3:
        table.comment = f"{name.rsplit('_', 1)[0].capitalize()} records, set {i}"
    if i % 100 == 0:
        table.note = f"Tables {i} to {i + 99}"
    return table


def build(tables: int = 2000, columns: int = 10, seed: int = 1) -> Model:
    """The model of a schema: deterministic for the arguments."""
    rng = random.Random(seed)
    enums = list(_ENUMS)
    names = [f"{rng.choice(_TABLE_WORDS)}_{i:04d}" for i in range(tables)]
    return Model(enums, [_table(rng, i, columns, names, enums) for i in range(tables)])


# -------------------------------------------------------------------- schemac output

# One item of a body, as the printer sees it: an aligned one-line item, a multi-line
# item (already laid out) or a blank line.
_Item = tuple[str, str, str, str] | str | None  # (kind, head, middle, tail) | text | blank


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body_lines(items: list[_Item], pad: str) -> Iterator[str]:
    """Lay out items as `schemac fmt` does: runs of one-line items of a kind align."""
    group: list[tuple[str, str, str, str]] = []

    def flush() -> Iterator[str]:
        if not group:
            return
        head_width = max(len(head) for _, head, _, _ in group)
        middle_width = max((len(m) for k, _, m, t in group if t and k != "attr"), default=0)
        for kind, head, middle, tail in group:
            padded = head.ljust(head_width)
            if kind == "attr":
                yield f"{pad}{padded} = {middle}"
                continue
            parts = [padded]
            if tail:
                if middle_width:
                    parts.append(middle.ljust(middle_width))
                parts.append(tail)
            elif middle:
                parts.append(middle)
            yield (pad + " ".join(parts)).rstrip()
        group.clear()

    for item in items:
        if item is None or isinstance(item, str):
            yield from flush()
            yield "" if item is None else item
            continue
        if group and group[0][0] != item[0]:
            yield from flush()
        group.append(item)
    yield from flush()


def _attrs(attrs: list[tuple[str, str]], pad: str) -> list[str]:
    width = max(len(key) for key, _ in attrs)
    return [f"{pad}{key.ljust(width)} = {value}" for key, value in attrs]


def _block(head: str, attrs: list[tuple[str, str]], pad: str, *, one_line: bool) -> _Item:
    """A block whose body holds only attributes: on one line, or one attribute a line."""
    if one_line:
        body = "{ " + ", ".join(f"{k} = {v}" for k, v in attrs) + " }"
        return ("block:" + head.split(" ", 1)[0], head, "", body)
    inner = "\n".join(_attrs(attrs, pad + "  "))
    return f"{pad}{head} {{\n{inner}\n{pad}}}"


def _on(on: tuple[tuple[str, bool], ...]) -> str:
    return "[" + ", ".join(f"{c} desc" if desc else c for c, desc in on) + "]"


def _schemac_table(table: Table, rng: random.Random) -> list[str]:
    pad = "  "
    items: list[_Item] = []
    if table.comment is not None:
        items += [("attr", "comment", _quote(table.comment), ""), None]
    for col in table.columns:
        attrs: list[tuple[str, str]] = []
        if col.kind == "id":
            attrs.append(("identity", "always"))
        if col.default is not None:
            attrs.append(("default", col.default))
        if col.references is not None:
            attrs.append(("references", f"{col.references}.id"))
            if col.on_delete is not None:
                attrs.append(("on_delete", col.on_delete))
        if col.unique:
            attrs.append(("unique", "true"))
        if col.comment is not None:
            attrs.append(("comment", _quote(col.comment)))
        type_ = col.type + ("?" if col.nullable else "")
        tail = "{ " + ", ".join(f"{k} = {v}" for k, v in attrs) + " }" if attrs else ""
        items.append(("block:column", f"column {_quote(col.name)}", type_, tail))
    items.append(("attr", "primary_key", "[id]", ""))
    for name, columns in table.uniques:
        items.append(
            _block(
                f"unique {_quote(name)}",
                [("columns", _on(tuple((c, False) for c in columns)))],
                pad,
                one_line=True,
            )
        )
    for index in table.indexes:
        attrs = [("on", _on(index.on))]
        if index.using is not None:
            attrs.append(("using", index.using))
        if index.where is not None:
            attrs.append(("where", f"sql({_quote(index.where)})"))
        one_line = index.where is None or rng.random() < 0.3
        items.append(_block(f"index {_quote(index.name)}", attrs, pad, one_line=one_line))
    for fk in table.foreign_keys:
        attrs = [("columns", f"[{fk.column}]"), ("references", f"{fk.table}(id)")]
        if fk.on_delete is not None:
            attrs.append(("on_delete", fk.on_delete))
        one_line = rng.random() < 0.5
        items.append(_block(f"foreign_key {_quote(fk.name)}", attrs, pad, one_line=one_line))
    for name, expr in table.checks:
        attrs = [("expr", f"sql({_quote(expr)})")]
        items.append(_block(f"check {_quote(name)}", attrs, pad, one_line=True))
    lines = [] if table.note is None else [f"# {table.note}"]
    lines.append(f"table {_quote(table.name)} {{")
    lines.extend(_body_lines(items, pad))
    lines.append("}")
    return lines


def render_schemac(model: Model, files: int = 1, seed: int = 1) -> dict[str, str]:
    """File name to text: one file, or the tables split over ``files`` files."""
    rng = random.Random(seed + 1)  # layout choices only
    files = max(1, min(files, len(model.tables)))
    width = len(str(files))
    chunk = -(-len(model.tables) // files)
    out: dict[str, str] = {}
    for f in range(files):
        part = model.tables[f * chunk : (f + 1) * chunk]
        blocks: list[list[str]] = []
        header = [f"# Generated by bench/gen_schema.py: part {f + 1} of {files}."]
        if f == 0:
            enum_items: list[_Item] = [
                (
                    "block:enum",
                    f"enum {_quote(e.name)}",
                    "",
                    "{ values = [" + ", ".join(_quote(v) for v in e.values) + "] }",
                )
                for e in model.enums
            ]
            header += list(_body_lines(enum_items, ""))
        blocks.append(header)
        blocks.extend(_schemac_table(table, rng) for table in part)
        name = "schema.schema" if files == 1 else f"part_{f + 1:0{width}d}.schema"
        out[name] = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    return out


# ---------------------------------------------------------------------- Atlas output


def render_atlas(model: Model) -> str:
    """The same model in Atlas's HCL (`schema.public`, `column.x`, `table.t.column.id`)."""
    out = ['schema "public" {\n}\n']
    for enum in model.enums:
        values = ", ".join(_quote(v) for v in enum.values)
        out.append(f'enum "{enum.name}" {{\n  schema = schema.public\n  values = [{values}]\n}}\n')
    for table in model.tables:
        lines = [f"table {_quote(table.name)} {{", "  schema = schema.public"]
        if table.comment is not None:
            lines.append(f"  comment = {_quote(table.comment)}")
        for col in table.columns:
            lines.append(f"  column {_quote(col.name)} {{")
            lines.append(f"    null = {'true' if col.nullable else 'false'}")
            lines.append(f"    type = {col.atlas_type}")
            if col.atlas_default is not None:
                lines.append(f"    default = {col.atlas_default}")
            if col.comment is not None:
                lines.append(f"    comment = {_quote(col.comment)}")
            if col.kind == "id":
                lines += ["    identity {", "      generated = ALWAYS", "    }"]
            lines.append("  }")
        lines += ["  primary_key {", "    columns = [column.id]", "  }"]
        fks = [
            ForeignKey(f"{table.name}_{c.name}_fkey", c.name, c.references, c.on_delete)
            for c in table.columns
            if c.references is not None
        ]
        for fk in [*fks, *table.foreign_keys]:
            lines += [
                f"  foreign_key {_quote(fk.name)} {{",
                f"    columns     = [column.{fk.column}]",
                f"    ref_columns = [table.{fk.table}.column.id]",
                "    on_update   = NO_ACTION",
                f"    on_delete   = {(fk.on_delete or 'no_action').upper()}",
                "  }",
            ]
        for index in table.indexes:
            lines.append(f"  index {_quote(index.name)} {{")
            if any(desc for _, desc in index.on):
                for column, desc in index.on:
                    lines += [
                        "    on {",
                        f"      desc   = {'true' if desc else 'false'}",
                        f"      column = column.{column}",
                        "    }",
                    ]
            else:
                lines.append(
                    "    columns = [" + ", ".join(f"column.{c}" for c, _ in index.on) + "]"
                )
            if index.using is not None:
                lines.append(f"    type = {index.using.upper()}")
            if index.where is not None:
                lines.append(f"    where = {_quote('(' + index.where + ')')}")
            lines.append("  }")
        for name, columns in table.uniques:
            cols = ", ".join(f"column.{c}" for c in columns)
            lines += [f"  unique {_quote(name)} {{", f"    columns = [{cols}]", "  }"]
        for col in table.columns:
            if col.unique:
                lines += [
                    f'  index "{table.name}_{col.name}_key" {{',
                    "    unique  = true",
                    f"    columns = [column.{col.name}]",
                    "  }",
                ]
        for name, expr in table.checks:
            lines += [f"  check {_quote(name)} {{", f"    expr = {_quote('(' + expr + ')')}", "  }"]
        lines.append("}\n")
        out.append("\n".join(lines))
    return "\n".join(out)


# ----------------------------------------------------------------------- DBML output

# DBML's referential actions, by the model's.
_DBML_ACTIONS = {
    "cascade": "cascade",
    "restrict": "restrict",
    "set_null": "set null",
    "no_action": "no action",
}


def _dbml_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _dbml_default(col: Column) -> str | None:
    """The column's default in DBML: a number, a boolean, a string, or `an expression`."""
    if col.default is None:
        return None
    value = col.default
    if value.startswith('sql("'):
        return "`" + value[5:-2] + "`"
    if value == "[]":
        return "'{}'"
    if value.startswith('"'):
        return _dbml_string(value[1:-1])
    return value  # a number, true or false


def render_dbml(model: Model) -> str:
    """The same model in DBML (https://dbml.dbdiagram.io/docs), as far as DBML can say it.

    What DBML cannot say is left out or approximated: identity columns are `increment`
    (dbml2sql writes GENERATED BY DEFAULT, the model says ALWAYS); indexes lose `desc`
    (the columns stay, ascending: a backticked `col DESC` is an expression and would
    give invalid SQL) and partial indexes their `where` (they become full indexes); a
    named unique constraint becomes a unique index of that name. Foreign keys from the
    column shorthand are `ref: >` on the column (unnamed, as in the model) or, with an
    action, an unnamed `Ref:`; `foreign_key` blocks are named `Ref`s.
    """
    out = ["// Generated by bench/gen_schema.py: the same model as the .schema file.", ""]
    for enum in model.enums:
        out.append(f"Enum {enum.name} {{")
        out.extend(f"  {value}" for value in enum.values)
        out += ["}", ""]
    for table in model.tables:
        refs: list[str] = []
        if table.note is not None:
            out.append(f"// {table.note}")
        head = f"Table {table.name}"
        if table.comment is not None:
            head += f" [note: {_dbml_string(table.comment)}]"
        out.append(head + " {")
        width = max(len(c.name) for c in table.columns)
        type_width = max(len(c.type.replace(", ", ",")) for c in table.columns)
        for col in table.columns:
            settings: list[str] = []
            if col.kind == "id":
                settings += ["pk", "increment"]
            elif not col.nullable:
                settings.append("not null")
            if col.unique:
                settings.append("unique")
            default = _dbml_default(col)
            if default is not None:
                settings.append(f"default: {default}")
            if col.references is not None:
                if col.on_delete is None:
                    settings.append(f"ref: > {col.references}.id")
                else:
                    action = _DBML_ACTIONS[col.on_delete]
                    refs.append(
                        f"Ref: {table.name}.{col.name} > {col.references}.id [delete: {action}]"
                    )
            if col.comment is not None:
                settings.append(f"note: {_dbml_string(col.comment)}")
            type_ = col.type.replace(", ", ",")
            line = f"  {col.name.ljust(width)} {type_.ljust(type_width) if settings else type_}"
            if settings:
                line += " [" + ", ".join(settings) + "]"
            out.append(line)
        entries: list[str] = []
        for index in table.indexes:
            columns = [c for c, _ in index.on]
            on = columns[0] if len(columns) == 1 else "(" + ", ".join(columns) + ")"
            settings = [f"name: {_dbml_string(index.name)}"]
            if index.using is not None:
                settings.append(f"type: {index.using}")
            entries.append(f"    {on} [{', '.join(settings)}]")
        for name, columns_ in table.uniques:
            on = columns_[0] if len(columns_) == 1 else "(" + ", ".join(columns_) + ")"
            entries.append(f"    {on} [unique, name: {_dbml_string(name)}]")
        if entries:
            out += ["", "  indexes {", *entries, "  }"]
        if table.checks:
            out += ["", "  checks {"]
            out.extend(f"    `{expr}` [name: {_dbml_string(name)}]" for name, expr in table.checks)
            out.append("  }")
        out.append("}")
        for fk in table.foreign_keys:
            ref = f"Ref {fk.name}: {table.name}.{fk.column} > {fk.table}.id"
            if fk.on_delete is not None:
                ref += f" [delete: {_DBML_ACTIONS[fk.on_delete]}]"
            refs.append(ref)
        out += [*refs, ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------ CLI


def write(
    out: Path,
    *,
    tables: int = 2000,
    columns: int = 10,
    files: int = 1,
    seed: int = 1,
    fmt: str = "schemac",
) -> list[Path]:
    """Generate and write; ``out`` is a file (one file) or a directory (several)."""
    model = build(tables, columns, seed)
    if fmt in ("atlas", "dbml"):
        out.parent.mkdir(parents=True, exist_ok=True)
        text = render_atlas(model) if fmt == "atlas" else render_dbml(model)
        out.write_text(text, encoding="utf-8")
        return [out]
    texts = render_schemac(model, files, seed)
    if files == 1:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(next(iter(texts.values())), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.schema"):
        stale.unlink()
    written = []
    for name, text in texts.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tables", type=int, default=2000, help="tables (default 2000)")
    parser.add_argument("--columns", type=int, default=10, help="columns besides `id` (default 10)")
    parser.add_argument("--files", type=int, default=1, help="split over K files in a directory")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=("schemac", "atlas", "dbml"), default="schemac")
    parser.add_argument("--out", type=Path, help="output file, or directory with --files > 1")
    args = parser.parse_args(argv)
    if args.tables < 1 or args.columns < 1 or args.files < 1:
        parser.error("--tables, --columns and --files must be at least 1")
    out = args.out
    if out is None:
        stem = Path(__file__).resolve().parent / "out" / f"gen_{args.tables}x{args.columns}"
        if args.format == "atlas":
            out = stem.with_name(f"{stem.name}.atlas.hcl")
        elif args.format == "dbml":
            out = stem.with_name(f"{stem.name}.dbml")
        elif args.files > 1:
            out = stem.with_name(f"{stem.name}_{args.files}files")
        else:
            out = stem.with_name(f"{stem.name}.schema")
    written = write(
        out,
        tables=args.tables,
        columns=args.columns,
        files=args.files,
        seed=args.seed,
        fmt=args.format,
    )
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} file(s), {size:,} bytes: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
