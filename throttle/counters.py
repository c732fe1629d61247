"""Request counters shared by every process: one row per bucket, counted by one atomic statement.

`hit(bucket, duration=...)` adds one request to the bucket's current fixed window and returns
the count so far with this one, in a single `INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1
RETURNING hits` (PostgreSQL, and SQLite 3.35+). The database serialises concurrent increments of
one row, so no request is lost between a read and a write, whatever the number of processes
or threads; nothing is kept in a process. Django's DatabaseCache cannot do this: its `incr` is
a read followed by a write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

from throttle.models import Counter


@dataclass(frozen=True)
class Hit:
    count: int  # requests in this window, this one included
    window_end: int  # Unix seconds

    def wait(self, now: float) -> float:
        return max(0.0, self.window_end - now)


def hit(bucket: str, *, duration: int, now: float | None = None) -> Hit:
    """Count one request for `bucket` in its current window of `duration` seconds."""
    now = time.time() if now is None else now
    start = int(now // duration * duration)
    table = connection.ops.quote_name(Counter._meta.db_table)
    # A window that has moved on starts again at 1; a request stamped with an older window (a
    # server whose clock lags) counts in the newer one rather than resetting it.
    newer = f"{table}.window_start < excluded.window_start"
    sql = (
        f"INSERT INTO {table} (bucket, window_start, window_end, hits) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (bucket) DO UPDATE SET "
        f"hits = CASE WHEN {newer} THEN 1 ELSE {table}.hits + 1 END, "
        f"window_start = CASE WHEN {newer} THEN excluded.window_start ELSE {table}.window_start END, "
        f"window_end = CASE WHEN {newer} THEN excluded.window_end ELSE {table}.window_end END "
        f"RETURNING hits, window_end"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [bucket, start, start + duration])
        count, window_end = cursor.fetchone()
    if count == 1:
        # A window began: clear the buckets whose windows are over (addresses seen once), so
        # the table holds about one row per client active in the last window.
        Counter.objects.filter(window_end__lte=now).delete()
    return Hit(count=count, window_end=window_end)
