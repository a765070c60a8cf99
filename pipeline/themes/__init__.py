"""Theme finding: the document-term data, the models behind one interface, quality measures, choosing k,
stable theme ids and researchers' overrides. The themes stage (pipeline/stages/themes.py) puts them together."""
