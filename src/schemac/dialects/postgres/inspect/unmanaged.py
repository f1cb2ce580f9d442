"""What inspect leaves out, as unmanaged objects: named, never changed by a plan.

Every object the language cannot express becomes an `Unmanaged` record: what it is, why
it is left out, the object of the model it belongs to (a rule belongs to its table:
dropping the table drops it too), and what depends on it (pg_depend, queries/
dependents.sql). A view or materialized view that depends on something left out is left
out too, and so is whatever reads it, so that what `inspect` prints compiles to SQL that
loads; anything else that depends on it (a default, an index, a trigger) is kept and
named in the record, since the SQL then loads only where that object exists.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from schemac.dialects.postgres.inspect.catalog import Catalog, Row
from schemac.ir import model as ir
from schemac.records import record

__all__ = ["PG_CLASS", "PG_COLLATION", "PG_PROC", "PG_TYPE", "Key", "LeftOut"]

# The system catalogs' own oids (fixed in every PostgreSQL release).
PG_CLASS, PG_TYPE, PG_PROC, PG_COLLATION = 1259, 1247, 1255, 3456

Key = tuple[int, int]  # (catalog, oid): an object as pg_depend names it

_VIEW_KINDS = {"v": "view", "m": "materialized view"}


@record
class _Item:
    unmanaged: ir.Unmanaged
    key: Key | None  # for a whole object: what depends on it is found by this


class LeftOut:
    """The objects one inspection leaves out, and the views that must go with them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.items: list[_Item] = []
        self.dependents: dict[Key, list[Row]] = defaultdict(list)
        for row in catalog.rows.get("dependents", ()):
            self.dependents[(row["ref_catalog"], row["ref"])].append(row)

    def add(
        self,
        what: str,
        schema: str | None,
        *,
        key: Key | None = None,
        within: ir.ObjectPath | None = None,
        detail: str = "",
    ) -> None:
        self.items.append(
            _Item(
                unmanaged=ir.Unmanaged(what=what, schema=schema, within=within, detail=detail),
                key=key,
            )
        )

    def add_object(self, unmanaged: ir.Unmanaged) -> None:
        """One the model holds no object for, but that a plan must leave alone (``path``)."""
        self.items.append(_Item(unmanaged=unmanaged, key=None))

    def add_rows(self, rows: Iterable[Row]) -> None:
        """The rows of queries/unsupported.sql."""
        for row in rows:
            detail = f" ({row['detail']})" if row["detail"] else ""
            name = f"{row['schema']}.{row['name']}" if row["name"] else row["schema"]
            within = None
            if row["within_kind"]:
                within = ir.ObjectPath(
                    kind=row["within_kind"],
                    schema=row["schema"],
                    parent=row["within_parent"],
                    name=row["within_name"],
                )
            key = (row["catalog"], row["objid"]) if row["catalog"] else None
            self.add(
                f"{row['kind']} {name}{detail}",
                row["schema"],
                key=key,
                within=within,
                detail=row["detail"] or "",
            )

    def views_to_leave(self) -> dict[int, str]:
        """The views and materialized views that depend on what is left out: by oid, why.

        Through other views too: a view that reads one left out goes too.
        """
        out: dict[int, str] = {}
        todo = [
            (item.key, f"{item.unmanaged.what}, which the language cannot express")
            for item in self.items
            if item.key is not None
        ]
        while todo:
            key, why = todo.pop()
            for row in self.dependents.get(key, ()):
                view = row["view"]
                if view is None or view in out or view not in self.catalog.relations:
                    continue
                out[view] = why
                todo.append(((PG_CLASS, view), f"{self._view_name(view)}, not written either"))
        return out

    def _view_name(self, oid: int) -> str:
        rel = self.catalog.relations[oid]
        return f"{_VIEW_KINDS.get(rel['kind'], 'view')} {rel['schema']}.{rel['name']}"

    def records(
        self, left_views: dict[int, str], queries: dict[int, str]
    ) -> tuple[ir.Unmanaged, ...]:
        """Every record, each with what depends on it; the views left out with them.

        ``queries`` are those views' queries: two databases where they differ differ.
        """
        out: list[ir.Unmanaged] = []
        for item in self.items:
            needed = self._needed_by(item.key) if item.key is not None else ()
            out.append(_with_needs(item.unmanaged, needed))
        for view, need in sorted(left_views.items(), key=lambda v: self._view_name(v[0])):
            rel = self.catalog.relations[view]
            kind = _VIEW_KINDS.get(rel["kind"], "view")
            needed = self._needed_by((PG_CLASS, view))
            record_ = ir.Unmanaged(
                what=self._view_name(view),
                reason=f"it needs {need}",
                schema=rel["schema"],
                path=ir.ObjectPath(kind=kind, schema=rel["schema"], parent=None, name=rel["name"]),
                detail=queries.get(view, ""),
            )
            out.append(_with_needs(record_, needed))
        return tuple(out)

    def _needed_by(self, key: Key) -> tuple[str, ...]:
        """What depends on the object and is kept (views that do are left out, named apart)."""
        names = {row["dependent"] for row in self.dependents.get(key, ()) if row["dependent"]}
        return tuple(sorted(names))


def _with_needs(unmanaged: ir.Unmanaged, needed: tuple[str, ...]) -> ir.Unmanaged:
    if not needed:
        return unmanaged
    return dataclasses.replace(unmanaged, needed_by=needed)
