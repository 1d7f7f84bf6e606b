"""A user's files, in and out: YAML read safely and validated with every problem located
(rubrics, manifests, overrides and references alike), and files written whole or not at
all."""
