.PHONY: install test lint format plans bench

install:
	pip install -e ".[test]"

test:
	python -m pytest

lint:
	ruff check src tests
	mypy

format:
	ruff format src tests
	ruff check --fix src tests

plans:
	python samples/build_plans.py

bench:
	python benchmarks/run.py --quick
