"""Pupils, guardians, families and enrolments are deliberately NOT in the admin: the admin role alone
never gives access to pupil data (default deny). Pupils come in through the registry import and are
read only through the access layer (pupils.selectors), which logs every read."""
