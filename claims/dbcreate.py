"""Create the PostgreSQL database named in DATABASE_URL if it does not exist (for `make serve`).

    python -m claims.dbcreate

Does nothing for SQLite, or when the database exists. No Django setup needed.
"""

from __future__ import annotations

import os
import sys

import dj_database_url


def main() -> int:
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if config["ENGINE"] != "django.db.backends.postgresql":
        return 0
    import psycopg
    from psycopg import sql

    params = {k: v for k, v in {"host": config.get("HOST"), "port": config.get("PORT"), "user": config.get("USER"),
                                "password": config.get("PASSWORD")}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
