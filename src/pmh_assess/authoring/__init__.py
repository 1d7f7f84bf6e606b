"""Tools for rubric authors, above the engine: check a rubric (schema, semantics, its
examples), audit it on plans, diff two versions, show it as a tree, list rubrics at hand.

`rubric/` below the engine only defines and loads rubrics; everything here applies them.
"""
