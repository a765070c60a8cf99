"""The theme report: the numbers (data.py), SVG charts (svg.py) and the HTML and Markdown pages (render.py)."""
