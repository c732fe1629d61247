"""Settings for the test suite: the real settings module, fed the environment a test run needs.

Nothing here changes behaviour beyond what the environment variables say, so the tests run the
same code as production.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client's host; live-server tests override NEWSROOM_URL with their own address.
os.environ.setdefault("NEWSROOM_URL", "http://testserver")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")

from newsroom.settings import *  # noqa: E402,F403

# The one deliberate difference: a fast password hash, since every test class creates users and
# PBKDF2's cost (the point of it in production) would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
