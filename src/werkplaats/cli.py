"""The `werkplaats` command: `werkplaats GROUP ACTION ...` runs the management command `GROUP_ACTION`
when it exists; everything else goes to Django's own command line unchanged."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplaats.conf.dev")
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if len(argv) >= 3:
        combined = f"{argv[1]}_{argv[2]}"
        if combined in get_commands():
            argv = [argv[0], combined, *argv[3:]]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
