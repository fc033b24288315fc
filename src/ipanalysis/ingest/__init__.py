"""The data step: field dictionary, CSV reading, schemas, validation, literals, bounds,
normalising. Reads ``data/raw/``; imports nothing above it."""
