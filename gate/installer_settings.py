"""Which environment variables are installer settings that may change a verdict.

pip, uv, PDM, Poetry and Pipenv read ``PIP_*``, ``UV_*``, ``PDM_*``, ``POETRY_*`` and
``PIPENV_*``; some of those only choose an index, a cache or the output, and never whether a
source distribution is built or what is installed (`HARMLESS_SETTING`).
"""

from __future__ import annotations

import re
from functools import lru_cache

SETTING_NAME = r"(?:PIP|UV|PDM|POETRY|PIPENV)_[A-Za-z0-9_]*"
_SETTING = re.compile(SETTING_NAME)
# Installer settings that choose where packages come from, how they are fetched, cached and
# shown, or where an environment lies, and never whether a source distribution is built nor what
# is installed. (pip reads `PIP_<OPTION>` as that exact long option; uv's
# UV_INDEX_<NAME>_USERNAME/PASSWORD are an index's credentials.)
HARMLESS_SETTING = re.compile(
    r"PIP_(?:INDEX_URL|EXTRA_INDEX_URL|TRUSTED_HOST|DEFAULT_TIMEOUT|TIMEOUT|RETRIES|CERT"
    r"|CLIENT_CERT|PROXY|KEYRING_PROVIDER|NO_CACHE_DIR|CACHE_DIR|DISABLE_PIP_VERSION_CHECK"
    r"|ROOT_USER_ACTION|PROGRESS_BAR|NO_COLOR|NO_INPUT|QUIET|VERBOSE|LOG|LOG_FILE"
    r"|NO_WARN_SCRIPT_LOCATION|NO_PYTHON_VERSION_WARNING|REQUIRE_VIRTUALENV|BREAK_SYSTEM_PACKAGES)"
    r"|UV_(?:INDEX|INDEX_URL|EXTRA_INDEX_URL|DEFAULT_INDEX|INDEX_STRATEGY|INDEX_[A-Z0-9_]+_(?:USERNAME"
    r"|PASSWORD)|KEYRING_PROVIDER|INSECURE_HOST|NATIVE_TLS|HTTP_TIMEOUT|REQUEST_TIMEOUT"
    r"|HTTP_RETRIES|CONCURRENT_DOWNLOADS|CONCURRENT_INSTALLS|LINK_MODE|COMPILE_BYTECODE|CACHE_DIR"
    r"|NO_CACHE|NO_PROGRESS)"
    r"|POETRY_(?:HTTP_BASIC_[A-Z0-9_]+_(?:USERNAME|PASSWORD)|PYPI_TOKEN_[A-Z0-9_]+|CACHE_DIR"
    r"|REQUESTS_TIMEOUT|NO_INTERACTION|VIRTUALENVS_CREATE|VIRTUALENVS_IN_PROJECT)"
)


@lru_cache(maxsize=4096)  # asked once per pair of an ENV record: records repeat names
def changes_verdicts(name: str) -> bool:
    """`name` is an installer setting that may decide whether a build is judged compliant."""
    return _SETTING.fullmatch(name) is not None and HARMLESS_SETTING.fullmatch(name) is None
