"""Consents are deliberately NOT in the admin: they name a pupil and the guardians. They are recorded and read
through the access layer (services.py, selectors.py), which logs every access; the privacy officer reads the
registry at /toestemming/."""
