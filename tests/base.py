"""The base every database test stands on: standing users, one per role, and the seed data."""

from __future__ import annotations

import io

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import TestCase


def make_user(username: str, *groups: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


class BaseTestCase(TestCase):
    """An editor, a fact-checker, a reporter, an outsider (no role) and a superuser."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = make_user("eddie", "Editors")
        cls.fact_checker = make_user("fiona", "Fact-checkers")
        cls.reporter = make_user("rita", "Reporters")
        cls.outsider = make_user("oscar")
        cls.superuser = User.objects.create_superuser("root", password="pw-root")


class SeededTestCase(BaseTestCase):
    """BaseTestCase plus the seed article, its sources, claims and attributions."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        call_command("load_seeds", stdout=io.StringIO())
