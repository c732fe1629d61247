#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys
from pathlib import Path


def use_local_key() -> None:
    """On a developer's machine, `make run` left a generated key in .local-secret-key: use it.

    Production has no such file, so there the settings still refuse to start without
    DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and NEWSROOM_URL from the environment.
    """
    key_file = Path(os.environ.get("DJANGO_LOCAL_KEY_FILE") or Path(__file__).with_name(".local-secret-key"))
    if "DJANGO_SECRET_KEY" not in os.environ and key_file.is_file():
        os.environ["DJANGO_SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()
        os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
        os.environ.setdefault("NEWSROOM_URL", "http://127.0.0.1:8000")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    use_local_key()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
