"""Learning-history distillation pipeline: ingest, clean, tag, themes, quotes, report, chapters, validation, export."""

__version__ = "0.1.0"
