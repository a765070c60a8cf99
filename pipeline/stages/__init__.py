"""The pipeline's stages in order; each lives in its own module."""

from __future__ import annotations

from ..stage import Stage
from .clean import Clean
from .ingest import Ingest
from .report import Report
from .select import Select
from .tag import Tag
from .themes import Themes


def all_stages() -> dict[str, Stage]:
    """Stage name -> stage, upstream first."""
    stages = [Ingest(), Clean(), Tag(), Themes(), Select(), Report()]
    return {stage.name: stage for stage in stages}


__all__ = ["all_stages"]
