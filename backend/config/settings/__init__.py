"""Settings for both modes, one code path (DJANGO_SETTINGS_MODULE=config.settings).

With no environment set the project runs embedded: SQLite, Celery tasks eager, fake Zalo,
console notifications. With DJANGO_ENV=production every value comes from the environment and
the process refuses to start with DEBUG on, the default secret, fake Zalo or a missing variable.

One module per topic, each reading its own variables through config/env.py and importing from the others what it
builds on; no module differs between the modes. This one gathers their upper-case names, which is all Django
reads, and no name is set by two modules (tests/config/test_settings_modules.py).
"""

from __future__ import annotations

from config.settings import (
    api,
    base,
    cache,
    celery,
    database,
    files,
    logs,
    notifications,
    ops,
    personal_data,
    secrets_check,
    security,
    services,
    sync,
    zalo,
)

_topics = (
    base,
    security,
    database,
    cache,
    celery,
    zalo,
    notifications,
    sync,
    personal_data,
    services,
    files,
    api,
    ops,
    logs,
)

for _topic in _topics:
    globals().update({name: value for name, value in vars(_topic).items() if name.isupper()})

if base.PRODUCTION:
    secrets_check.published_secrets_refuse(globals())
