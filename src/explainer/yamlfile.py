"""Reads YAML data files into plain values that remember the line of every key and item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from explainer.errors import InputError, Problem


class Mapping(dict[str, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list[Any]):
    """A YAML sequence that knows the line of itself and of each of its items."""

    line: int
    item_lines: list[int]


# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"keys must be text, found {key!r}", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text: the data files are read as written, and validated by the loaders.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def parse_yaml(text: str, shown_path: str, first_line: int = 1) -> Any:
    """Parses YAML text; a syntax error becomes an InputError naming the file and line."""
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise InputError([Problem(shown_path, line, "", f"invalid YAML: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(shown_path, first_line, "", f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()


def read_text(path: Path, shown_path: str) -> str:
    """A hand-edited text file: UTF-8 (a BOM dropped), line ends read as LF; InputError if unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(shown_path, 0, "", "file not found")]) from None
    skipped = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        line = data[:offset].count(b"\n") + 1
        raise InputError([Problem(shown_path, line, "", f"not valid UTF-8 at byte {offset}; expected UTF-8 text")]) from None
    return text.replace("\r\n", "\n")


def load_yaml(path: Path, shown_path: str) -> Any:
    """Reads and parses one YAML file."""
    return parse_yaml(read_text(path, shown_path), shown_path)
