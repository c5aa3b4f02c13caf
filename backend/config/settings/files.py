"""Static files, media, private files and the Mini App build."""

from __future__ import annotations

from pathlib import Path

from config.env import env_bool, env_str
from config.settings.base import BASE_DIR, PRODUCTION, VAR_DIR

# --- Static, media, the Mini App build ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
# The public address of this site (scheme and host, no path), used for every file address the Mini App opens
# (forms, article covers): inside Zalo a relative /media/… link cannot open. Empty: taken from each request.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")
# Serve MEDIA_ROOT from Django (the embedded mode: no proxy in front). Production's nginx serves /media/ itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private_media")))
MINIAPP_WWW_DIR = Path(env_str("MINIAPP_WWW_DIR", str(BASE_DIR / "miniapp" / "www")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATICFILES_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
