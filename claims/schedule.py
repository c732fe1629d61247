"""The worker's schedule for the newsroom integration: one self-renewing task, `integration_tick`.

Every INTEGRATION_TICK_SECONDS the tick polls the feeds that are due and queues again any webhook
delivery whose task was lost. It queues its successor *first*, so a worker killed in the middle
of a tick does not end the chain, and only when no tick is waiting already, so several workers
(each running ticks) do not multiply it: a second chain, if two ticks ever raced, ends at its next
turn. Each feed and delivery is claimed by one atomic update, so two ticks running at once never
poll the same feed or send the same delivery for one turn.

The chain starts when a feed is added or changed, and at `migrate` when feeds or webhook
endpoints exist; `manage.py poll_feeds` polls by hand.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


def schedule_tick(*, delay: timedelta | None = None) -> bool:
    """Queue the next tick unless one is waiting; True when this call queued it."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=integration_tick.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        if delay is not None and delay <= timedelta(0):
            waiting.update(run_after=timezone.now())  # wanted now: bring the waiting one forward
        return False
    if delay is None:
        delay = timedelta(seconds=settings.INTEGRATION_TICK_SECONDS)
    integration_tick.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def integration_tick() -> str:
    from claims.services import feeds, webhooks

    schedule_tick()
    polls = feeds.poll_due()
    swept = webhooks.sweep_lost()
    imported = sum(p.imported for p in polls)
    return f"{len(polls)} feeds polled, {imported} articles imported, {swept} deliveries queued again"


def start_after_migrate(**kwargs: Any) -> None:
    """post_migrate: keep the chain going where there is something to do."""
    from claims.models import Feed, WebhookEndpoint

    try:
        if Feed.objects.filter(active=True).exists() or WebhookEndpoint.objects.exists():
            schedule_tick()
    except DatabaseError:  # the task tables are not migrated yet (a partial migrate)
        pass
