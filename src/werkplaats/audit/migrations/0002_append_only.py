"""On PostgreSQL the access log is append-only: a trigger rejects UPDATE, DELETE and TRUNCATE.

Only a session that sets `werkplaats.audit_maintenance = on` (the retention purge, and the test
suite's flush between transactional tests) may remove entries."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('werkplaats.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'het inzagelogboek is alleen aan te vullen (%, %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_append_only();
CREATE TRIGGER audit_accesslogentry_no_truncate
    BEFORE TRUNCATE ON audit_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslogentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_no_truncate ON audit_accesslogentry;
DROP TRIGGER IF EXISTS audit_accesslogentry_no_update_delete ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslogentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
