from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "throttle"
    verbose_name = "Request throttling"
    default_auto_field = "django.db.models.BigAutoField"
