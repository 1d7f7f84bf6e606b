.PHONY: install test lint format docs plans bench validity

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

docs:
	python -m tests.docs --update

plans:
	python samples/build_plans.py

bench:
	python benchmarks/run.py --quick

validity:
	python benchmarks/validity/run.py --min-recall 0.90 --min-precision 0.97 --min-criterion-recall 0.75
