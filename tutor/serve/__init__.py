"""`python -m tutor serve`: the same app in a browser tab, through textual-serve.

Each tab runs its own `python -m tutor --data-dir DIR` process, so progress is shared with the
terminal app. Beyond 127.0.0.1 the page needs a random token, as Jupyter's does.
"""
