"""YAML/JSON bytes -> data with exact positions (hostile input stops here); JSON Schema
validation; suppression comments; tree-sitter parsing (Go, TypeScript) with
the same bounds and positions."""
