from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and fact-checks"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from claims import receivers  # noqa: F401  (connects them)
        from claims.defaults import ensure_defaults
        from claims.schedule import start_after_migrate

        # After auth's own post_migrate handler has created the permissions.
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="claims_ensure_defaults")
        post_migrate.connect(start_after_migrate, sender=self, dispatch_uid="claims_start_schedule")
