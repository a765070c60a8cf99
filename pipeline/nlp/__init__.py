"""Language tools for tagging and themes: tokens and lemmas, codebooks, tone, key phrases, places."""
