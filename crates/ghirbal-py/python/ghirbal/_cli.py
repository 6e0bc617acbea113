"""The ``ghirbal`` console command that ``pip install ghirbal`` puts on PATH.

It is the Rust command line itself (``ghirbal_cli::main``), called through the extension
module: the same arguments, output, messages and exit codes as the binary built by cargo.
"""

import signal
import sys

from ghirbal._native import cli_main


def main() -> None:
    """Runs ``ghirbal`` with ``sys.argv`` and exits with its code."""
    # Ctrl-C ends the command as it ends the binary; Python's own handler would only set a
    # flag that the Rust code never looks at.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(cli_main(["ghirbal", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
