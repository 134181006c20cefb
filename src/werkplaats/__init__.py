"""Werkplaats. The Celery app (`werkplaats.celery`) is imported by the tasks modules that need it, not here:
a command line that enqueues nothing (`werkplaats attendance status`) starts without loading Celery."""
