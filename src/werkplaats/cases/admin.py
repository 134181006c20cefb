"""Signals, consultations, cases, plans, evaluations, handovers and emergency accesses are deliberately NOT in
the admin: they are personal data of pupils, read only through the access layer (selectors.py), which checks
consent and need-to-know and logs every read. The admin role alone never gives access to them."""
