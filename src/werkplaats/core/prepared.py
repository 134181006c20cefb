"""Querysets compiled to SQL once per process, for the few queries that run on every request.

Django builds and compiles a queryset's SQL anew each time it runs; for a query with joins that costs several
times more than running it. A `PreparedQuery` compiles its queryset once, with marker values for its
parameters, and from then on only runs that SQL with the real values and builds the model instances (with
their `select_related` objects) the way Django's own iterator does. On PostgreSQL the SQL is also kept with
PostgreSQL's own `$1` placeholders, for the `native_cursor` of our database backend (`core.postgresql`): psycopg
would otherwise translate Django's `%s` placeholders on every run, and caches that translation only for queries
of at most 50 parameters and 4 KB, which a padded list of ids exceeds.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Rows:
    """How rows of the compiled SQL become values, worked out once: the converters of the columns that have
    them (as `SQLCompiler.results_iter` finds them on each run) and, for model instances, what
    django.db.models.query.ModelIterable works out on each run."""

    converters: list[tuple[int, tuple[list[Callable[..., Any]], Any]]]
    connection: Any
    model: type[Model] | None = None
    start: int = 0
    end: int = 0
    init_list: tuple[str, ...] = ()
    populators: tuple[Any, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class _Compiled:
    sql: str | None  # None: the query can have no rows (Django's EmptyResultSet, e.g. an empty list of ids)
    native_sql: str | None  # the SQL with PostgreSQL's $1, $2, … placeholders; None on other databases
    params: list[tuple[str | None, int | None, Any]]  # (parameter, index in a list of ids or None, fixed value)
    rows: _Rows | None
    tuples: bool  # a values_list() queryset


class PreparedQuery:
    """`build(**parameters)` returns the queryset; `parameters` names each parameter's type: int, str, date,
    datetime, UUID, or list for a list of ids. The queryset's shape must not depend on the values: only plain
    comparisons with them (a value the ORM rewrites, as `contains` does, is refused when the query is first
    compiled). A list of ids is compiled once per power-of-two length and filled up by repeating its last id,
    which changes nothing in an `IN`."""

    def __init__(self, build: Callable[..., QuerySet], **parameters: type) -> None:
        self.build = build
        self.parameters = {name: _kind(name, kind) for name, kind in parameters.items()}
        self._model: type[Model] | None = None
        self._compiled: dict[tuple[Any, ...], _Compiled] = {}

    def _adapt(self, alias: str, kind: str, value: Any) -> Any:
        """The value as the ORM passes it to the database (DateField and UUIDField do the same)."""
        connection = connections[alias]
        if kind == "date":
            return connection.ops.adapt_datefield_value(value)
        if kind == "datetime":
            return connection.ops.adapt_datetimefield_value(value)
        if kind == "uuid" and not connection.features.has_native_uuid_field:
            return value.hex
        return value

    def _value(self, alias: str, values: dict[str, Any], name: str | None, index: int | None, fixed: Any) -> Any:
        """The value of one placeholder of the SQL."""
        if name is None:
            return fixed
        if index is not None:
            ids = values[name]
            return ids[min(index, len(ids) - 1)]  # the list filled up with its last id
        return self._adapt(alias, self.parameters[name], values[name])

    def _markers(self, lengths: dict[str, int]) -> dict[str, Any]:
        """A value per parameter that no real query uses: below every id (but within a 32-bit integer column's
        range, as AutoField ids of other apps are), long before every date, a uuid of nearly all zeroes, a text
        with a NUL character; `lengths[name]` of them for a list of ids."""
        markers = {
            "int": lambda n: -2_000_000_000 - n,
            "str": lambda n: f"\x00prepared-{n}",
            "date": lambda n: date(1000 + n, 1, 1),
            "datetime": lambda n: datetime(1000 + n, 1, 1, tzinfo=UTC),
            "uuid": lambda n: UUID(int=n + 1),
        }
        return {
            name: [-2_100_000_000 - 100_000 * number - index for index in range(lengths[name])]
            if kind == "ids"
            else markers[kind](number)
            for number, (name, kind) in enumerate(self.parameters.items())
        }

    def _plain_values(self, lengths: dict[str, int]) -> dict[str, Any]:
        """Ordinary values that every column of their kind takes: 1, "x", 1 January 2000, uuid 1, ids 1, 2, …"""
        plain = {
            "int": 1,
            "str": "x",
            "date": date(2000, 1, 1),
            "datetime": datetime(2000, 1, 1, tzinfo=UTC),
            "uuid": UUID(int=1),
        }
        return {
            name: list(range(1, lengths[name] + 1)) if kind == "ids" else plain[kind]
            for name, kind in self.parameters.items()
        }

    def _has_sql(self, alias: str, values: dict[str, Any]) -> bool:
        """Whether the queryset of these values compiles to SQL (Django's EmptyResultSet: it has no rows at all)."""
        try:
            self.build(**values).query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:
            return False
        return True

    def _compile(self, alias: str, lengths: dict[str, int]) -> _Compiled:
        markers = self._markers(lengths)
        queryset = self.build(**markers)
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ImproperlyConfigured("PreparedQuery: model instances or values_list() rows, not values() or flat")
        tuples = queryset._iterable_class is ValuesListIterable
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, compiled_params = compiler.as_sql()
        except EmptyResultSet:
            if self._has_sql(alias, self._plain_values(lengths)):
                raise ImproperlyConfigured(
                    "PreparedQuery: a parameter's column refuses its marker value (Django then leaves the query "
                    "without rows); is it a small or positive integer column?"
                ) from None
            return _Compiled(sql=None, native_sql=None, params=[], rows=None, tuples=tuples)
        places: dict[Any, tuple[str, int | None]] = {}
        for name, value in markers.items():
            if self.parameters[name] == "ids":
                places.update({marker: (name, index) for index, marker in enumerate(value)})
            else:
                places[self._adapt(alias, self.parameters[name], value)] = (name, None)
        params = [
            (*places[value], None) if _hashable(value) and value in places else (None, None, value)
            for value in compiled_params
        ]
        used = {(name, index) for name, index, _fixed in params if name}
        missing = sorted(set(places.values()) - used)
        if missing:
            raise ImproperlyConfigured(f"PreparedQuery: the SQL does not use the parameters {missing}")
        native_sql = _numbered_placeholders(sql) if hasattr(compiler.connection, "native_cursor") else None
        return _Compiled(
            sql=sql, native_sql=native_sql, params=params, rows=_rows(compiler, alias, tuples), tuples=tuples
        )

    def fetch(self, **values: Any) -> list[Any]:
        """The instances the queryset of `values` returns, in its order (tuples for a `values_list()`)."""
        lengths = {
            name: 1 << (len(values[name]) - 1).bit_length() if values[name] else 0
            for name, kind in self.parameters.items()
            if kind == "ids"
        }
        if self._model is None:
            self._model = self.build(**self._markers(dict.fromkeys(lengths, 1))).model
        alias = router.db_for_read(self._model)
        key = (alias, connections[alias].vendor, *lengths.values())
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias, lengths)
        if compiled.sql is None:
            return []
        params = [self._value(alias, values, *param) for param in compiled.params]
        connection = connections[alias]
        if compiled.native_sql is None or connection.queries_logged:
            # Django's own cursor, also where queries are recorded (DEBUG, tests that capture them): Django
            # writes the executed query out from the %s form.
            with connection.cursor() as cursor:
                cursor.execute(compiled.sql, params)
                rows = cursor.fetchall()
        else:
            with connection.native_cursor() as cursor:
                cursor.execute(compiled.native_sql, params)
                rows = cursor.fetchall()
        return _converted(compiled.rows, rows) if compiled.tuples else _instances(compiled.rows, alias, rows)


_SHAPES: dict[tuple[Any, ...], PreparedQuery] = {}


def prepared_shape(key: tuple[Any, ...], build: Callable[..., QuerySet], **parameters: type) -> PreparedQuery:
    """The PreparedQuery of one shape of a query whose shape depends on more than its values (whether it filters
    on a status, its limit): made the first time that shape is asked for. `key` names the query and the shape."""
    query = _SHAPES.get(key)
    if query is None:
        query = _SHAPES[key] = PreparedQuery(build, **parameters)
    return query


def _numbered_placeholders(sql: str) -> str:
    """Django's SQL with PostgreSQL's placeholders: the n-th %s becomes $n and %% a plain %."""
    numbers = iter(range(1, sql.count("%s") + 1))
    return re.sub(r"%[%s]", lambda match: "%" if match[0] == "%%" else f"${next(numbers)}", sql)


def _kind(name: str, kind: type) -> str:
    """"int", "str", "date", "datetime", "uuid" or "ids". Dates and moments are told apart by what they have, not
    by their class: the demo seed runs under freezegun, which swaps both classes in every module."""
    if kind in (int, str):
        return kind.__name__
    if kind is list:
        return "ids"
    if kind is UUID:
        return "uuid"
    if isinstance(kind, type) and hasattr(kind, "toordinal"):
        return "datetime" if hasattr(kind, "hour") else "date"
    raise ImproperlyConfigured(f"PreparedQuery: only int, str, date, datetime, UUID and list parameters, not {name!r}")


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _rows(compiler: SQLCompiler, alias: str, tuples: bool) -> _Rows:
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    if tuples:
        return _Rows(converters=converters, connection=compiler.connection)
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Rows(
        converters=converters,
        connection=compiler.connection,
        model=klass_info["model"],
        start=start,
        end=end,
        init_list=tuple(column[0].target.attname for column in select[start:end]),
        populators=tuple(get_related_populators(klass_info, select, alias)),
        annotations=tuple(compiler.annotation_col_map.items()),
    )


def _converted(how: _Rows, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with each column's converters applied, as `SQLCompiler.apply_converters` does."""
    if not how.converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, (functions, expression) in how.converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, how.connection)
            values[position] = value
        converted.append(tuple(values))
    return converted


_PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)
_PLAIN_MODELS: dict[type[Model], bool] = {}


class _Builders(dict):
    """Per model, what builds its instances from a row's values, for one run of a query: `model.from_db`, or for a
    model where Django's `from_db` and `__init__` only store the values (no override, every field a plain
    attribute, nobody listening to the init signals) the same done directly: an instance as `Model.__init__`
    leaves it, the fields that were not read deferred. Model.__init__ took 8-9 µs an instance, most of the cost
    of a listed case; this takes 1.5-2."""

    def __missing__(self, model: type[Model]) -> Callable[[str, tuple[str, ...], tuple[Any, ...]], Model]:
        plain = _PLAIN_MODELS.get(model)
        if plain is None:
            plain = _PLAIN_MODELS[model] = (
                model.from_db.__func__ is Model.from_db.__func__
                and model.__init__ is Model.__init__
                and all(type(getattr(model, f.attname, None)) in _PLAIN_ATTRIBUTES
                        for f in model._meta.concrete_fields)
            )
        listened = pre_init.has_listeners(model) or post_init.has_listeners(model)
        build = self[model] = partial(_stored, model) if plain and not listened else model.from_db
        return build


def _stored(model: type[Model], alias: str, init_list: tuple[str, ...], values: tuple[Any, ...]) -> Model:
    instance = model.__new__(model)
    instance.__dict__.update(zip(init_list, values, strict=True))
    state = instance._state = ModelState()
    state.adding = False
    state.db = alias
    return instance


def _instances(how: _Rows, alias: str, rows: list[tuple[Any, ...]]) -> list[Model]:
    """Model instances from rows of the compiled SQL, as django.db.models.query.ModelIterable builds them."""
    model, start, end, init_list = how.model, how.start, how.end, how.init_list
    builders = _Builders()
    build = builders[model]
    instances = []
    for row in _converted(how, rows):
        instance = build(alias, init_list, row[start:end])
        for populator in how.populators:
            _populate(populator, row, instance, builders)
        for name, position in how.annotations:
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def _populate(populator: Any, row: tuple[Any, ...], instance: Model, builders: _Builders) -> None:
    """django.db.models.query.RelatedPopulator.populate: the select_related object of `row` (with its own), set on
    `instance` and back; built as `_Builders` says."""
    if populator.reorder_for_init:
        values = populator.reorder_for_init(row)
    else:
        values = row[populator.cols_start : populator.cols_end]
    related = None
    if values[populator.pk_idx] is not None:
        related = builders[populator.model_cls](populator.db, populator.init_list, values)
        for nested in populator.related_populators:
            _populate(nested, row, related, builders)
    populator.local_setter(instance, related)
    if related is not None:
        populator.remote_setter(related, instance)
