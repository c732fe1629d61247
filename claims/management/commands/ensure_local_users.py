"""Make sure local accounts exist for trying the app: an admin and one user per role.

For a developer's machine (`make run`), never for production. Accounts: `admin` (superuser),
`editor` (Editors), `factchecker` (Fact-checkers), `reporter` (Reporters). Their password is
ADMIN_PASSWORD if set, otherwise generated once, printed, and kept in .local-password (ignored
by git) so that the next `make run` shows it again instead of changing it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

ROLE_ACCOUNTS = {"editor": "Editors", "factchecker": "Fact-checkers", "reporter": "Reporters"}


class Command(BaseCommand):
    help = __doc__

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        remembered = Path(settings.BASE_DIR) / ".local-password"
        password = os.environ.get("ADMIN_PASSWORD")
        if not password:
            if remembered.exists():
                password = remembered.read_text(encoding="utf-8").strip()
            else:
                password = secrets.token_urlsafe(12)
                remembered.write_text(password + "\n", encoding="utf-8")
                remembered.chmod(0o600)

        User = get_user_model()
        accounts = {"admin": None, **ROLE_ACCOUNTS}
        for username, group_name in accounts.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": group_name is None, "is_superuser": group_name is None},
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(self.style.SUCCESS(
            f"Local accounts: {', '.join(accounts)} -- password: {password}\n"
            f"  (kept in {remembered.name}; set ADMIN_PASSWORD to choose your own)"
        ))
