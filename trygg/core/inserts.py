"""Insert model instances with a statement built once per model, for the write paths that run per request at volume
(report intake and its audit entry) and for bulk loads (demo data, benchmarks).

``Model.save()`` compiles its INSERT anew every time: on the intake path that cost more than the database work
itself. ``insert(obj)`` runs the same column values through the same field methods Django uses (``pre_save``
for ``auto_now``/``auto_now_add``, ``get_db_prep_save`` for the database's types) into a statement prepared
once, and sets the primary key. Differences from ``save()``, on purpose: it only inserts, it sends no
``pre_save``/``post_save`` signals (Trygg keeps business logic out of signals), and it does not call a
model's own ``save()`` override — so only use it for models whose ``save()`` adds nothing to an insert.
Validation stays with the caller (``full_clean()``), as with ``save()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)


def _column(field: Any) -> str:
    return str(field.column)  # concrete fields always have a column


@lru_cache(maxsize=64)
def _statement(model: type[models.Model], alias: str) -> tuple[str, tuple[models.Field[Any, Any], ...], bool]:
    connection = connections[alias]
    fields = tuple(f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField))
    quote = connection.ops.quote_name
    returning = bool(connection.features.can_return_columns_from_insert)
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(_column(f)) for f in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    if returning:
        sql += f" RETURNING {quote(_column(model._meta.pk))}"
    return sql, fields, returning


@lru_cache(maxsize=64)
def _statement_rows(model: type[models.Model], alias: str, rows: int) -> str:
    """The multi-row form of _statement() (databases that return columns from an insert)."""
    sql, fields, _returning = _statement(model, alias)
    head, _values, tail = sql.partition(f"VALUES ({', '.join(['%s'] * len(fields))})")
    row = f"({', '.join(['%s'] * len(fields))})"
    return f"{head}VALUES {', '.join([row] * rows)}{tail}"


# psycopg parses a statement for its placeholders on every execute unless it is at most 4 KiB long
# (psycopg._queries.MAX_CACHED_STATEMENT_LENGTH); a longer multi-row INSERT would spend more on that than it saves.
STATEMENT_CHARS = 4096


@lru_cache(maxsize=64)
def _rows_per_statement(model: type[models.Model], alias: str) -> int:
    one, two = len(_statement_rows(model, alias, 1)), len(_statement_rows(model, alias, 2))
    return max(1, 1 + (STATEMENT_CHARS - one) // (two - one))


def _values(obj: models.Model, fields: Sequence[Any], connection: Any) -> list[Any]:
    if not obj._state.adding:
        raise ValueError("insert() only inserts new instances")
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


def _saved(obj: M, pk: Any, alias: str) -> M:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = alias
    return obj


def insert(obj: M) -> M:
    """INSERT one unsaved instance; sets its primary key. See the module docstring for what it skips."""
    model = type(obj)
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields, returning = _statement(model, alias)
    values = _values(obj, fields, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        pk = cursor.fetchone()[0] if returning else connection.ops.last_insert_id(
            cursor, model._meta.db_table, _column(model._meta.pk))
    return _saved(obj, pk, alias)


def insert_all(objs: Sequence[M]) -> Sequence[M]:
    """insert() for many unsaved instances of one model, as multi-row INSERTs (as many rows per statement as the
    database's batch size and STATEMENT_CHARS allow): the database parses and plans one statement instead of one
    per row. Sets every
    primary key, in order (the rows come back in the order of the VALUES list, as Django's bulk_create also
    relies on); without RETURNING support it inserts one row at a time."""
    if not objs:
        return objs
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise ValueError("insert_all() inserts instances of one model")
    alias = router.db_for_write(model)
    connection = connections[alias]
    _sql, fields, returning = _statement(model, alias)
    if not returning:
        for obj in objs:
            insert(obj)
        return objs
    size = min(connection.ops.bulk_batch_size(list(fields), objs), _rows_per_statement(model, alias))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            values = [value for obj in batch for value in _values(obj, fields, connection)]
            cursor.execute(_statement_rows(model, alias, len(batch)), values)
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                _saved(obj, pk, alias)
    return objs


def insert_many(model: type[models.Model], rows: Iterable[Sequence[Any]], column_names: Sequence[str]) -> None:
    """executemany of ready database values for the given columns (bulk loads)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in column_names)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(column_names))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))
