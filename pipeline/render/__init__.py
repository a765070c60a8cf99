"""Rendering outputs people open elsewhere: HTML from Jinja2 templates with autoescape (templates/), and the
safe writers for Markdown, CSV, XML and Word text (safe.py)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=PackageLoader("pipeline", "render/templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["pct"] = lambda value, digits=1: f"{value:.{digits}%}"
    environment.filters["num"] = lambda value, digits=3: f"{value:.{digits}f}"
    return environment


def render(template: str, **context: Any) -> str:
    """A page from templates/<template>; every value is escaped unless it is markupsafe.Markup."""
    return _environment().get_template(template).render(**context)


def trusted_svg(svg: str) -> Markup:
    """An SVG chart built by pipeline.report.svg, which escapes every label itself."""
    return Markup(svg)
