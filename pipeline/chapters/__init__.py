"""Draft learning-history chapters (draft.py) and their Markdown, HTML and Word forms (write.py)."""
