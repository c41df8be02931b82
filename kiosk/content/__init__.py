"""Content: the schema, the YAML loader and validator, the bundle builder and `Library`."""
