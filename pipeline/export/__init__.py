"""Exports for other tools: the REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder import."""
