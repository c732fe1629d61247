from django.db import models


class Counter(models.Model):
    """Requests counted in the current fixed window of one bucket (a token, a user, an address)."""

    bucket = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField(help_text="Unix time, seconds")
    window_end = models.BigIntegerField(db_index=True, help_text="Unix time, seconds")
    hits = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits}"
