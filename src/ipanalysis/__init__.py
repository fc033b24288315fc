"""ipanalysis: curated figures on China's IP statistics, validated, normalised and analysed."""

__version__ = "0.1.0"
