"""Publishing the curated data for reuse: the claims explorer (``reports/claims.html``), the
Frictionless data package (``data/datapackage.json``) and the SQLite database Datasette serves.

Everything here is generated from the field dictionary (``ipanalysis.ingest.fields``) and the
processed tables; it imports the dictionary, ``paths``, ``schemas`` and ``atomic`` only, never
the views or the report build.
"""

from ipanalysis.links import CLAIMS_PAGE, claims_href

__all__ = ["CLAIMS_PAGE", "claims_href"]
