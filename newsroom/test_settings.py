"""Settings for the test suite: the real settings module, fed the environment a test run needs.

Nothing here changes behaviour beyond what the environment variables say, so the tests run the
same code as production.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")

from newsroom.settings import *  # noqa: E402,F403
