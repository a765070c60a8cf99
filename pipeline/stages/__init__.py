"""The pipeline's stages in order; each lives in its own module."""

from __future__ import annotations

from ..stage import Stage, check_graph
from .chapters import Chapters
from .clean import Clean
from .export import Export
from .ingest import Ingest
from .model import Model
from .privacy import Privacy
from .report import Report
from .select import Select
from .tag import Tag
from .themes import Themes
from .validation import Validation


def all_stages() -> dict[str, Stage]:
    """Stage name -> stage, upstream first: the pipeline's one stage graph (each stage declares what it reads)."""
    stages = [Ingest(), Clean(), Tag(), Model(), Themes(), Select(), Report(), Chapters(), Validation(), Export(), Privacy()]
    graph = {stage.name: stage for stage in stages}
    check_graph(graph)
    return graph


__all__ = ["all_stages"]
