"""Package descriptors and table schemas are untrusted input: read them safely, check their shape.

A pull request can come from anyone, so `datapackage.json` and `schemas/*.json`
are checked as strictly as CSV cells, before any later stage indexes into
them. Every finding is a `Problem`; nothing here raises.

Reading (`read_json`):
- a symlink or anything but a regular file (FIFO, device) is refused without
  being opened;
- JSON must be UTF-8 (a byte-order mark is tolerated), at most 1 MB, with no
  key repeated in one object (JSON parsers silently keep the last one) and
  no NaN or Infinity (not JSON, though Python accepts them).

Shape (`descriptor_problems`, `schema_problems`): objects where objects are
expected, lists where lists are; names are safe slugs; texts are strings that
cannot start a spreadsheet formula; field types are the ones the site handles;
keys name fields that exist.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..common.unsafe_text import control_character, starts_formula

MAX_JSON_BYTES = 1_000_000
# Package and resource names: they become folder names, URLs, file names and SQL table names.
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
# Field names: CSV headers, SQL column names and XLSX headers.
SAFE_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")
# A resource's data file is a plain `<slug>.csv` in its package folder.
SAFE_DATA_PATH = re.compile(r"^[a-z0-9][a-z0-9_-]*\.csv\Z")
# Schemas are shared files in schemas/, named from a package folder as ../../schemas/<slug>.json.
SAFE_SCHEMA_REF = re.compile(r"^\.\./\.\./schemas/[a-z0-9][a-z0-9_-]*\.json\Z")
# Table Schema types the loader, workbook and database know how to hold.
FIELD_TYPES = ("string", "number", "integer", "boolean", "date", "year")
TEXT_KEYS = ("title", "title_en", "description", "description_en")


@dataclass(frozen=True)
class Finding:
    """One problem in a JSON file, before it is given its package and file."""
    rule: str
    key: str  # message key under `input.`
    params: dict

    @classmethod
    def of(cls, rule: str, key: str, **params) -> "Finding":
        return cls(rule, key, params)


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def _no_constants(name: str):
    raise ValueError(name)


def plain_file(path: Path) -> Finding | None:
    """None if `path` is a regular file, not a symlink; found without opening it."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return Finding.of("missing-file", "missing_file", path=path.name)
    if stat.S_ISLNK(mode):
        return Finding.of("symlink", "symlink", path=path.name)
    if not stat.S_ISREG(mode):
        return Finding.of("not-a-file", "not_a_file", path=path.name)
    return None


def read_json(path: Path) -> tuple[object, Finding | None]:
    """The parsed JSON of `path`, or None and why it cannot be used."""
    refused = plain_file(path)
    if refused is not None:
        return None, refused
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return None, Finding.of("json-too-large", "json_too_large", limit=f"{MAX_JSON_BYTES:,}")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, Finding.of("malformed-json", "json_not_utf8")
    except OSError as error:  # e.g. no permission to read it
        return None, Finding.of("unreadable-file", "unreadable_file", path=path.name, error=error.strerror or str(error))
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants), None
    except _Duplicate as duplicate:
        return None, Finding.of("duplicate-key", "duplicate_key", value=str(duplicate))
    except json.JSONDecodeError as error:
        return None, Finding.of("malformed-json", "json_syntax", error=f"{error.msg} (line {error.lineno}, column {error.colno})")
    except ValueError as constant:
        return None, Finding.of("malformed-json", "json_constant", value=str(constant))
    except RecursionError:
        return None, Finding.of("malformed-json", "json_too_deep")


def _kind(value: object) -> str:
    """The JSON kind of a value, as the messages name it."""
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "text", list: "list", dict: "object"}.get(type(value), "other")


def _shape(where: str, expected: str, value: object, rule: str) -> Finding:
    return Finding.of(rule, "shape", where=where, expected=expected, got=_kind(value))


def _texts(owner: dict, where: str, rule: str) -> list[Finding]:
    """Titles and descriptions: strings, no formula start, no control character but a line break."""
    found = []
    for key in TEXT_KEYS:
        if key not in owner:
            continue
        value = owner[key]
        if not isinstance(value, str):
            found.append(_shape(f"{where}{key}", "text", value, rule))
        elif starts_formula(value):
            found.append(Finding.of("formula-text", "formula_text", where=f"{where}{key}", value=value))
        elif control_character(value.replace("\n", " ")):
            found.append(Finding.of("control-character", "control_text", where=f"{where}{key}",
                                    character=control_character(value.replace("\n", " "))))
    return found


def _list_of_objects(owner: dict, key: str, rule: str) -> list[Finding]:
    # Shown on package pages (licences, sources): a list of objects whose texts are strings.
    if key not in owner:
        return []
    value = owner[key]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return [_shape(key, "list_of_objects", value, rule)]
    return [_shape(f"{key}[{i}].{k}", "text", item[k], rule)
            for i, item in enumerate(value) for k in ("name", "path", "title") if k in item and not isinstance(item[k], str)]


def descriptor_problems(descriptor: object) -> tuple[list[Finding], bool]:
    """Findings about a package descriptor, and whether the package can still be read."""
    rule = "descriptor-shape"
    if not isinstance(descriptor, dict):
        return [_shape("datapackage.json", "object", descriptor, rule)], False
    found: list[Finding] = []
    name = descriptor.get("name")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        found.append(Finding.of("unsafe-name", "unsafe_package_name", value=str(name)))
    found += _texts(descriptor, "", rule)
    found += _list_of_objects(descriptor, "licenses", rule)
    found += _list_of_objects(descriptor, "sources", rule)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        found.append(_shape("resources", "non_empty_list", resources, rule))
        return found, False
    for i, resource in enumerate(resources):
        if not isinstance(resource, dict):
            found.append(_shape(f"resources[{i}]", "object", resource, rule))
    readable = not any(f.rule == "unsafe-name" for f in found)
    return found, readable


def resource_names(descriptor: dict) -> set[str]:
    """The names a (shape-checked) descriptor gives its resources, skipping malformed ones."""
    return {r["name"] for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)}


def resource_problems(resource: dict, index: int) -> list[Finding]:
    """Findings about one resource object; any finding means the resource is not read."""
    name, path, schema = resource.get("name"), resource.get("path"), resource.get("schema")
    label = name if isinstance(name, str) else f"resources[{index}]"
    found = []
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        found.append(Finding.of("unsafe-name", "unsafe_resource_name", value=str(name)))
    if not isinstance(path, str) or not SAFE_DATA_PATH.match(path):
        found.append(Finding.of("unsafe-path", "unsafe_path", name=label, value=str(path)))
    if not isinstance(schema, dict) and not (isinstance(schema, str) and SAFE_SCHEMA_REF.match(schema)):
        found.append(Finding.of("unsafe-schema-path", "unsafe_schema_path", name=label, value=str(schema)))
    found += _texts(resource, f"resources[{index}].", "descriptor-shape")
    return found


def _names(value: object) -> list[str] | None:
    """A key's field list (one name or a list of names), or None if it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _field_problems(spec: object, i: int, rule: str) -> list[Finding]:
    if not isinstance(spec, dict):
        return [_shape(f"fields[{i}]", "object", spec, rule)]
    name, kind = spec.get("name"), spec.get("type")
    if not isinstance(name, str):
        return [_shape(f"fields[{i}].name", "text", name, rule)]
    found = []
    if not SAFE_FIELD_NAME.match(name):
        found.append(Finding.of("unsafe-field-name", "unsafe_field_name", value=name))
    if kind not in FIELD_TYPES:
        found.append(Finding.of("unknown-type", "unknown_type", field=name, value=str(kind), types=", ".join(FIELD_TYPES)))
    found += _texts(spec, f"fields[{name}].", rule)
    for key in ("format", "rdfType"):
        if key in spec and not isinstance(spec[key], str):
            found.append(_shape(f"fields[{name}].{key}", "text", spec[key], rule))
    if "constraints" in spec and not isinstance(spec["constraints"], dict):
        found.append(_shape(f"fields[{name}].constraints", "object", spec["constraints"], rule))
    for key in ("trueValues", "falseValues", "missingValues"):
        if key in spec and not (isinstance(spec[key], list) and all(isinstance(v, str) for v in spec[key])):
            found.append(_shape(f"fields[{name}].{key}", "list_of_texts", spec[key], rule))
    return found


def schema_problems(schema: object, resources: set[str]) -> list[Finding]:
    """Findings about a Table Schema; `resources` are the names a foreign key may point at."""
    rule = "schema-shape"
    if not isinstance(schema, dict):
        return [_shape("schema", "object", schema, rule)]
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [_shape("fields", "non_empty_list", fields, rule)]
    found = [f for i, spec in enumerate(fields) for f in _field_problems(spec, i, rule)]
    if found:
        return found
    names = [spec["name"] for spec in fields]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(Finding.of(rule, "duplicate_field", field=name))
    if "missingValues" in schema and not (isinstance(schema["missingValues"], list)
                                         and all(isinstance(v, str) for v in schema["missingValues"])):
        found.append(_shape("missingValues", "list_of_texts", schema["missingValues"], rule))
    if "primaryKey" in schema:
        found += _key_fields("primaryKey", schema["primaryKey"], names, rule)
    keys = schema.get("foreignKeys", [])
    if not isinstance(keys, list):
        return found + [_shape("foreignKeys", "list", keys, rule)]
    for i, key in enumerate(keys):
        where = f"foreignKeys[{i}]"
        reference = key.get("reference") if isinstance(key, dict) else None
        if not isinstance(reference, dict):
            found.append(_shape(f"{where}.reference" if isinstance(key, dict) else where, "object", reference if isinstance(key, dict) else key, rule))
            continue
        found += _key_fields(f"{where}.fields", key.get("fields"), names, rule)
        target = reference.get("resource")
        if not isinstance(target, str):
            found.append(_shape(f"{where}.reference.resource", "text", target, rule))
        elif target and target not in resources:
            found.append(Finding.of(rule, "unknown_key_target", where=where, value=target))
        own, other = _names(key.get("fields")), _names(reference.get("fields"))
        if other is None:
            found.append(_shape(f"{where}.reference.fields", "text_or_texts", reference.get("fields"), rule))
        elif own is not None and len(own) != len(other):
            found.append(Finding.of(rule, "key_lengths", where=where))
    return found


def _key_fields(where: str, value: object, names: list[str], rule: str) -> list[Finding]:
    fields = _names(value)
    if fields is None:
        return [_shape(where, "text_or_texts", value, rule)]
    return [Finding.of(rule, "unknown_key_field", where=where, field=f) for f in fields if f not in names]
