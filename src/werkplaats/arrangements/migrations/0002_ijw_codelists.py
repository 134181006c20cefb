"""iJw codelist JZ020 (productcategorie), from core/fixtures/ijw-productcategorie.csv
(source: iJw 3.2 Basisschema, see core/fixtures/SOURCES.md)."""

import csv
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[2] / "core" / "fixtures" / "ijw-productcategorie.csv"


def load(apps, schema_editor):
    ProductCategory = apps.get_model("arrangements", "ProductCategory")
    with FIXTURE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ProductCategory.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
