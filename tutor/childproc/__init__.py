"""Child processes that run learner code: the lesson kernel and the exercise checks.

`spawn` is the app's side (environment, scratch folder, process group, how a child ended),
`inside` the child's (limits, dying with the app, Landlock confinement via `landlock`), and
`streams` reads a child's pipes within fixed memory. The child side is imported before any learner
code runs, so this package's `__init__` imports nothing.
"""
