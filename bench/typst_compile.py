"""``typst compile --font-path DIR --ignore-system-fonts IN OUT``, through PyPI's typst
binding (PyPI ships no typst CLI): the bench's Typst peer, one process per document.

    python bench/typst_compile.py --font-path DIR IN.typ OUT.pdf

Only the given fonts are used, so no call scans the system's.
"""

import sys

import typst


def main() -> None:
    args = sys.argv[1:]
    if len(args) != 4 or args[0] != "--font-path":
        raise SystemExit(__doc__)
    typst.compile(args[2], output=args[3], font_paths=[args[1]], ignore_system_fonts=True)


if __name__ == "__main__":
    main()
