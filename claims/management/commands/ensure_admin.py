"""Make sure a local superuser exists, for `make run` on a developer's machine.

The password comes from ADMIN_PASSWORD, or is generated and printed once (it is also kept in
.local-admin-password, which git ignores, so a later `make run` can show it again).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        remembered = Path(settings.BASE_DIR) / ".local-admin-password"
        user = User.objects.filter(username=username).first()
        if user is not None and "ADMIN_PASSWORD" not in os.environ:
            hint = f" (password in {remembered.name})" if remembered.exists() else ""
            self.stdout.write(f"Admin account {username!r} exists{hint}.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(username=username, email="", password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if "ADMIN_PASSWORD" not in os.environ:
            remembered.write_text(password + "\n", encoding="utf-8")
            remembered.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(
            f"Admin account {username!r} ready. Password: {password}  (sign in at /admin/)"
        ))
