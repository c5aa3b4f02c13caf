"""Settings for both modes, one code path (DJANGO_SETTINGS_MODULE=config.settings).

With no environment set the project runs embedded: SQLite, Celery tasks eager, fake Zalo,
console notifications. With DJANGO_ENV=production every value comes from the environment and
the process refuses to start with DEBUG on, the default secret, fake Zalo or a missing variable.

One module per topic, each reading its own variables through config/env.py and importing from the others what it
builds on; no module differs between the modes. This one gathers their upper-case names, which is all Django
reads, and no name is set by two modules (tests/config/test_settings_modules.py).
"""

from __future__ import annotations

from config.settings import base, secrets_check
from config.settings.api import *  # noqa: F403

# Star imports, in order, so that type checkers (django-stubs) see every setting; Django reads only the upper-case
# names. Each topic module's lower-case helpers come along too and are harmless.
from config.settings.base import *  # noqa: F403
from config.settings.cache import *  # noqa: F403
from config.settings.celery import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.files import *  # noqa: F403
from config.settings.inbox import *  # noqa: F403
from config.settings.logs import *  # noqa: F403
from config.settings.notifications import *  # noqa: F403
from config.settings.ops import *  # noqa: F403
from config.settings.personal_data import *  # noqa: F403
from config.settings.security import *  # noqa: F403
from config.settings.services import *  # noqa: F403
from config.settings.sync import *  # noqa: F403
from config.settings.zalo import *  # noqa: F403

if base.PRODUCTION:
    secrets_check.published_secrets_refuse(globals())
