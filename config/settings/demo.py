"""`make demo`: SQLite, in-process tasks, console e-mail, no second factor so a newcomer can walk in.

Served by gunicorn on 127.0.0.1 over plain HTTP, so no secure-cookie settings.
"""

from .base import *

DEBUG = False
TRYGG_REQUIRE_MFA = env_bool("TRYGG_REQUIRE_MFA", False)
