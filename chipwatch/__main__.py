"""``python -m chipwatch``: the same as the ``chipwatch`` command."""

from chipwatch.cli import main

main()
