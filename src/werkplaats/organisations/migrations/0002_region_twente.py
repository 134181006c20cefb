"""Reference data of the Twente region: the 14 municipalities (CBS codes) and the four
samenwerkingsverbanden passend onderwijs with the municipalities each covers. The split of
municipalities over PO 23-01/VO 23-01 (noord) and PO 23-02/VO 23-02 (oost/zuid) follows the
partnerships' published areas; change it here by a new migration when it changes."""

from django.db import migrations

MUNICIPALITIES = [
    ("GM0141", "Almelo"), ("GM0147", "Borne"), ("GM1774", "Dinkelland"), ("GM0153", "Enschede"),
    ("GM0158", "Haaksbergen"), ("GM0163", "Hellendoorn"), ("GM0164", "Hengelo"), ("GM1735", "Hof van Twente"),
    ("GM0168", "Losser"), ("GM0173", "Oldenzaal"), ("GM1742", "Rijssen-Holten"), ("GM0183", "Tubbergen"),
    ("GM1700", "Twenterand"), ("GM0189", "Wierden"),
]
NOORD = ["GM0141", "GM0147", "GM1774", "GM0163", "GM1742", "GM0183", "GM1700", "GM0189"]
OOST = ["GM0153", "GM0158", "GM0164", "GM1735", "GM0168", "GM0173"]
PARTNERSHIPS = [
    ("PO2301", "Samenwerkingsverband PO 23-01 Twente Noord", "PO", NOORD),
    ("PO2302", "Samenwerkingsverband PO 23-02 Twente Oost", "PO", OOST),
    ("VO2301", "Samenwerkingsverband VO 23-01", "VO", NOORD),
    ("VO2302", "Samenwerkingsverband VO 23-02", "VO", OOST),
]


def load(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    Partnership = apps.get_model("organisations", "Partnership")
    by_code = {}
    for code, name in MUNICIPALITIES:
        by_code[code], _ = Municipality.objects.update_or_create(code=code, defaults={"name": name, "in_region": True})
    for code, name, sector, members in PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(code=code, defaults={"name": name, "sector": sector})
        partnership.municipalities.set([by_code[m] for m in members])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
