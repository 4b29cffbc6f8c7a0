"""Reference data held in each process: read on every report, changed a few times a year.

The area index, the routing table, the residents' categories and the Open311 API keys are read by every intake
request; loading them through the ORM each time cost more than the rest of the request. A ``ReferenceCache``
keeps the loaded value in the process and reloads it when

- a row of a model it depends on is saved or deleted (``post_save``/``post_delete``: its ``Version`` in the
  Django cache is replaced, so with a shared cache such as Redis every process sees the change at once), or
- it is older than ``refresh_seconds`` (with the per-process LocMem cache of ``make demo``, a change made in
  another worker process, or by a queryset ``update()`` that sends no signal, is seen within that time).

Values must be treated as read-only: they are shared by every request of the process.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

DEFAULT_REFRESH_SECONDS = 30.0
# The shared token is read from the cache at most this often per process (a change made in this process is
# seen at once: the signal handler replaces the local copy too).
CHECK_SECONDS = 1.0

_versions: list[Version] = []


def forget_local() -> None:
    """Drop every process-local copy (tests call this when they empty the cache and roll data back)."""
    for version in _versions:
        version.local = None


class Version:
    """A token in the Django cache that changes whenever a watched model's rows are saved or deleted."""

    def __init__(self, name: str, depends_on: Iterable[str] = ()) -> None:
        self.key = f"trygg:version:{name}"
        self.local: tuple[float, str] | None = None  # (checked at, token)
        self.watch(depends_on)
        _versions.append(self)

    def watch(self, labels: Iterable[str]) -> None:
        for label in labels:  # lazy "app_label.Model" senders: no model import at module load
            post_save.connect(self._changed, sender=label, weak=False, dispatch_uid=f"{self.key}:save:{label}")
            post_delete.connect(self._changed, sender=label, weak=False, dispatch_uid=f"{self.key}:delete:{label}")

    def current(self) -> str:
        now = time.monotonic()
        local = self.local
        if local is not None and now - local[0] < CHECK_SECONDS:
            return local[1]
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, secrets.token_hex(8), timeout=None)
            version = cache.get(self.key)
        self.local = (now, str(version))
        return str(version)

    def bump(self) -> None:
        token = secrets.token_hex(8)
        cache.set(self.key, token, timeout=None)
        self.local = (time.monotonic(), token)

    def _changed(self, *args: Any, **kwargs: Any) -> None:
        self.bump()
        # a read between the write and the commit may have loaded the uncommitted state (or, on another
        # connection, the state before it): bump again once the change is committed
        transaction.on_commit(self.bump)


class ReferenceCache(Generic[T]):
    """A value loaded from the database, reloaded when its Version changes or after ``refresh_seconds``."""

    def __init__(self, name: str, load: Callable[[], T], *, depends_on: Iterable[str],
                 refresh_seconds: float = DEFAULT_REFRESH_SECONDS) -> None:
        self.version = Version(f"reference:{name}", depends_on)
        self.load = load
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._memo: tuple[str, float, T] | None = None

    def get(self) -> T:
        version = self.version.current()
        memo = self._memo
        if memo is not None and memo[0] == version and time.monotonic() - memo[1] < self.refresh_seconds:
            return memo[2]
        with self._lock:
            value = self.load()
            self._memo = (version, time.monotonic(), value)
        return value
