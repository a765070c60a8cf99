"""Validation packs: what each participant is sent to check the quotes of theirs a draft uses."""
