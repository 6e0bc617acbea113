"""``python -m ghirbal``: the ``ghirbal`` command line."""

from ghirbal._cli import main

main()
