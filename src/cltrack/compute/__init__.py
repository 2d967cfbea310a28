"""Pure computations over frames and plans: scope, sums, attainment, checks, evaluation, survey
estimates, progress, rollup, completeness, explanation. No I/O to the terminal, no exit."""
