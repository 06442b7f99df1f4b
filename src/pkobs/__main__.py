"""``python -m pkobs``: the ``pkobs`` command line (as ``python -m pkobs.cli``)."""

from pkobs.cli import main

main()
