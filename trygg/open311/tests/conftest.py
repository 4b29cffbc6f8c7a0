from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    """Rate-limit buckets live in the cache; every test starts with empty ones."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def quick_forms(settings: Any) -> None:
    """Tests that post the report form do not wait the 3-second minimum fill time."""
    settings.TRYGG_FORM_MIN_SECONDS = 0
