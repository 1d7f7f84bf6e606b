"""A user's YAML file read safely, and validated with every problem at `path:line:col`.

Rubrics, plan manifests, overrides and reference figures are all read here.
YAML is read with `yaml.compose` keeping the node tree (with line numbers) beside the
plain data (no object construction). Pydantic error locations are walked down the node
tree to find the line each problem belongs to.

Every file read here comes from someone else, so the event stream is checked before a
node tree is built: nesting deeper than `MAX_DEPTH` and aliases that would expand past
`MAX_NODES` nodes (a "billion laughs" bomb) are refused as located problems, and dates
that do not exist (2023-02-30) are problems too, not exceptions.
"""

from __future__ import annotations

import difflib
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml

from ..base.errors import Problem, RubricError

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted in a YAML file."""
MAX_NODES = 1_000_000
"""Most nodes a YAML file may have with every alias expanded (what validation walks)."""


def read_yaml(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML safely; syntax errors and duplicate keys become located problems.

    The node tree (for line numbers) and the data are built in one parse, with libyaml
    when it is available; an error is re-read by the pure-Python parser, whose messages
    are the same on every machine.
    """
    try:
        try:
            _check_shape(text, FAST_LOADER, path)
            root, data = _parse(text, FAST_LOADER)
        except yaml.YAMLError:
            _check_shape(text, SAFE_LOADER, path)
            root, data = _parse(text, SAFE_LOADER)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RubricError([Problem(path, line, col, str(exc.problem))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise RubricError([Problem(path, line, col, f"YAML syntax error: {message}")]) from exc
    except yaml.YAMLError as exc:
        raise RubricError([Problem(path, 1, 1, f"YAML error: {exc}")]) from exc
    return _checked(root, data, path)


def _checked(root: yaml.Node | None, data: Any, path: str) -> tuple[Any, yaml.Node | None]:
    duplicates = list(_duplicate_keys(root, path))
    if duplicates:
        raise RubricError(duplicates)
    if data is None:
        raise RubricError([Problem(path, 1, 1, "the file is empty")])
    return data, root


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A YAML date, or a located problem when the date does not exist (2023-02-30)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date (use YYYY-MM-DD)", node.start_mark
        ) from None


class _SafeLoader(yaml.SafeLoader):
    """The pure-Python safe loader, with dates checked."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader (where installed), with dates checked."""


for _loader in (_SafeLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

SAFE_LOADER: Any = _SafeLoader
FAST_LOADER: Any = _FastLoader
FAST_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe dumper where installed: five times quicker (a review saves its whole file
after every answer). It writes the same data; a few odd strings (with NEL or very long
quoted lines) are laid out differently, and read back the same."""


def _check_shape(text: str, loader_class: Any, path: str) -> None:
    """Refuse deep nesting and alias bombs from the event stream, before any tree is built.

    The parser keeps its own stack (no recursion), so this is safe on any input; the
    composer and validation that follow recurse and follow aliases, so they are not.
    """
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, nodes so far] per open collection
    loader = loader_class(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) > MAX_DEPTH:
                    raise _shape_problem(path, event, f"nested more than {MAX_DEPTH} levels deep")
                stack.append([event.anchor, 1])
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, count = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, count = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, count = None, sizes.get(str(event.anchor), 1)
            else:
                continue
            if anchor is not None:
                sizes[str(anchor)] = count
            stack[-1][1] += count
            if stack[-1][1] > MAX_NODES or sum(level[1] for level in stack) > MAX_NODES:
                raise _shape_problem(
                    path, event, f"aliases expand to more than {MAX_NODES:,} values"
                )
    finally:
        loader.dispose()


def _shape_problem(path: str, event: Any, message: str) -> RubricError:
    mark = event.start_mark
    return RubricError([Problem(path, mark.line + 1, mark.column + 1, message)])


def _parse(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def validate(
    model: type[M],
    data: Any,
    root: yaml.Node | None,
    path: str,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate data against a model; raise RubricError with every error located."""
    from pydantic import ValidationError  # imported by the model already: reading needs none

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = [(error, _without_tags(model, tuple(error["loc"]))) for error in exc.errors()]
        fields = _field_names(model)
        problems: dict[tuple[int, int, str], Problem] = {}
        seen_locs: set[tuple[Any, ...]] = set()
        for error, (loc, _) in _relevant(errors):
            if loc in seen_locs and error["type"] != "extra_forbidden":
                continue  # one message per place: union members repeat each other
            seen_locs.add(loc)
            at_key = error["type"] == "extra_forbidden"
            problem = locate(root, loc, path, _message(error, loc, fields), at_key=at_key)
            problems[(problem.line, problem.column, problem.message)] = problem
        raise RubricError([problems[k] for k in sorted(problems)]) from None


Located = tuple[tuple[Any, ...], tuple[Any, ...] | None]
"""An error's place in the data, and where the first union in that place starts (if any)."""


def _relevant(errors: list[tuple[Any, Located]]) -> list[tuple[Any, Located]]:
    """Where a union member fits the input's type, drop the members that do not."""

    def wrong_type(error: Any) -> bool:
        return str(error["type"]).endswith("_type")

    specific = {union for e, (_, union) in errors if union is not None and not wrong_type(e)}
    return [(e, at) for e, at in errors if not (wrong_type(e) and at[1] in specific)]


def _is_model(kind: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _without_tags(model: type[BaseModel], loc: tuple[Any, ...]) -> Located:
    """The error location without the union tags pydantic puts in it, and where the first
    union starts.

    Pydantic names the union member it tried in the location (`terms` for a rule of kind
    `terms`, `str` or `Context` for a plain union), which is no key of the YAML. Which
    parts are tags is read from the model's own types, walking the location down them.
    """
    kept: list[Any] = []
    union: tuple[Any, ...] | None = None
    kind: Any = model
    for i, part in enumerate(loc):
        kind, discriminator = _unwrapped(kind)
        members = _members(kind)
        if len(members) > 1:  # this part names the member tried
            if union is None:
                union = loc[:i]
            kind = _member(members, part, discriminator)
            continue
        kept.append(part)
        kind = _step(kind, part)
    return tuple(kept), union


def _unwrapped(kind: Any) -> tuple[Any, str | None]:
    """A type without `Annotated` and `X | None`, and the discriminator of its union."""
    discriminator = None
    while True:
        if get_origin(kind) is Annotated:
            for extra in get_args(kind)[1:]:
                discriminator = getattr(extra, "discriminator", None) or discriminator
            kind = get_args(kind)[0]
            continue
        members = _members(kind)
        if len(members) == 1 and members != [kind]:
            kind = members[0]  # an optional value: pydantic puts no tag in the location
            continue
        return kind, discriminator


def _members(kind: Any) -> list[Any]:
    if get_origin(kind) in (Union, UnionType):
        return [m for m in get_args(kind) if m is not type(None)]
    return [kind]


def _member(members: list[Any], tag: Any, discriminator: str | None) -> Any:
    """The union member a tag names (None when it cannot be told: the walk stops)."""
    for member in members:
        bare, _ = _unwrapped(member)
        if discriminator and _is_model(bare):
            field = bare.model_fields.get(discriminator)
            if field is not None and tag in get_args(field.annotation):
                return bare
        elif getattr(bare, "__name__", None) == tag:
            return bare
    return None


def _step(kind: Any, part: Any) -> Any:
    """The type found at `part` inside a value of type `kind` (None when unknown)."""
    if _is_model(kind):
        for name, field in kind.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    args = get_args(kind)
    if get_origin(kind) in (list, tuple, set, frozenset) and args:
        return args[0]
    if get_origin(kind) is dict and len(args) == 2:
        return args[1]
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    """Every key of every model a file validated against `model` can hold (for hints)."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo: list[Any] = [model]
    while todo:
        kind = todo.pop()
        if get_origin(kind) is Annotated:
            todo.append(get_args(kind)[0])
        elif _is_model(kind):
            if kind not in seen:
                seen.add(kind)
                for name, field in kind.model_fields.items():
                    names.add(field.alias or name)
                    todo.append(field.annotation)
        else:
            todo.extend(get_args(kind))
    return sorted(names)


def _message(error: Any, loc: tuple[Any, ...], fields: list[str]) -> str:
    where = ".".join(str(p) for p in loc)
    if error["type"] == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        hint = difflib.get_close_matches(key, fields, n=1)
        return f"unknown key {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"missing required key {str(loc[-1])!r}" + (
            f" in {'.'.join(map(str, loc[:-1]))}" if loc[:-1] else ""
        )
    return f"{where}: {msg}" if where else msg


def locate(
    root: yaml.Node | None, loc: tuple[Any, ...], path: str, message: str, at_key: bool = False
) -> Problem:
    """The problem at the deepest YAML node that `loc` reaches (or at its key)."""
    node = root
    for i, part in enumerate(loc):
        child = _child(node, part, key=at_key and i == len(loc) - 1)
        if child is None:
            continue  # union tags and missing keys: stay at the closest node
        node = child
    if node is None:
        return Problem(path, 1, 1, message)
    return Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


def _child(node: yaml.Node | None, part: Any, key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == str(part):
                empty = isinstance(value, yaml.ScalarNode) and not value.value
                found: yaml.Node = name if key or empty else value
                return found
        return None
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item: yaml.Node = node.value[part]
        return item
    return None


def _duplicate_keys(node: yaml.Node | None, path: str, seen_nodes: set[int] | None = None) -> Any:
    """Duplicate keys in every mapping, each node visited once (aliases share nodes)."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield Problem(
                        path,
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                        f"duplicate key {key.value!r}",
                    )
                seen.add(key.value)
            yield from _duplicate_keys(value, path, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, path, seen_nodes)
