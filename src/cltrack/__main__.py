"""Allow `python -m cltrack`."""

from cltrack.cli import main

main()
