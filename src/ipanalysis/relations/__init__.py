"""Relations between figures: interval arithmetic, relation kinds, their evaluation into
processed tables with verdicts, and the curated check ledger. Imports only the data step."""
