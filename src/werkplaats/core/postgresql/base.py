"""Django's PostgreSQL backend, for parameters bound on the server (conf/base.py: `server_side_binding`).

Bound on the server, one statement takes at most 65,535 parameters (the protocol counts them in 16 bits);
filled in by the client, as Django does by default, there was no limit, so Django does not split a bulk insert
or update for PostgreSQL. This backend splits them as Django splits them for SQLite's limit: an import of
5,000 changed pupils is an update of 5,000 × (2 × 8 + 1) parameters otherwise."""

from django.db.backends.postgresql import base, features, operations

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
