from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and fact-checks"

    def ready(self) -> None:
        from claims import signals  # noqa: F401  (connects the receivers)
