from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


@pytest.fixture
def seeds() -> Path:
    return SEEDS
