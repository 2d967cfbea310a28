"""Plans: one plan file checked with line numbers (planfile), the catalogue (catalogue), the on-disk cache."""
