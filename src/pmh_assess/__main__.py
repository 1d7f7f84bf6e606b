import os
import sys

# `python -m` puts the working folder first on sys.path, where a folder of downloaded plans
# could hold a `random.py` that every later import would find first: take it off again.
if sys.path and not sys.flags.safe_path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from .cli import main

main()
