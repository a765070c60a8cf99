"""`python -m pipeline` runs the command line."""

from .cli import cli

if __name__ == "__main__":
    cli()
