"""The notebook side: reads processed tables only; parameters, formatting, chart style and one
module per analysis."""
