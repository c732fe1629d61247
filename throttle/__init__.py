"""Request counters in the database, shared by every process (see `throttle.counters`)."""
