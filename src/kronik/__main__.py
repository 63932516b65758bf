"""`python -m kronik` runs the command-line interface."""

from kronik.cli import main

main()
