"""Django's PostgreSQL backend, for parameters bound on the server (conf/base.py: `server_side_binding`).

Bound on the server, one statement takes at most 65,535 parameters (the protocol counts them in 16 bits);
filled in by the client, as Django does by default, there was no limit, so Django does not split a bulk insert
or update for PostgreSQL. This backend splits them as Django splits them for SQLite's limit: an import of
5,000 changed pupils is an update of 5,000 × (2 × 8 + 1) parameters otherwise."""

import psycopg
from django.db.backends.postgresql import base, features, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorWrapper

MAX_QUERY_PARAMS = 65_535


class DatabaseFeatures(features.DatabaseFeatures):
    max_query_params = MAX_QUERY_PARAMS


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields: list, objs: list) -> int:
        """As many objects as fit in one statement's parameters. An insert binds each field once per object; an
        update (Django passes its fields as [pk, pk, *fields]) binds the key in the filter and, per field, the key
        and the value in the `CASE WHEN`."""
        fields = list(fields)
        per_object = len(fields)
        if len(fields) >= 2 and fields[0] is fields[1] and getattr(fields[0], "primary_key", False):
            per_object = 2 * (len(fields) - 2) + 1
        return max(1, min(len(objs), MAX_QUERY_PARAMS // max(per_object, 1)))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations

    def native_cursor(self) -> CursorWrapper:
        """A cursor for SQL with PostgreSQL's own placeholders ($1, $2, …: a psycopg RawCursor), opened as
        Django opens its cursors (`_cursor`, `create_cursor`) and in Django's wrapper. psycopg translates the %s
        placeholders of Django's SQL on every run, caching the translation only for queries of at most 50
        parameters and 4 KB; `core.prepared` translates its SQL once and runs it here. Never Django's debug
        cursor, which writes executed queries out from the %s form: where Django records queries
        (`queries_logged`), use `cursor()`."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = psycopg.RawCursor(self.connection)
            loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, psycopg.pq.Format.TEXT)
            if self.timezone != loader.timezone:
                register_tzloader(self.timezone, cursor)
        self.validate_thread_sharing()
        return self.make_cursor(cursor)
