"""Curation tools: coverage of an article's numbers and scaffolding of draft figure rows."""
