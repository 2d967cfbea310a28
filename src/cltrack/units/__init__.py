"""Administrative units: the gazetteer before and after the 1 July 2025 reform, and the conversion table."""
