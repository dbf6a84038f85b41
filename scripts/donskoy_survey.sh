#!/usr/bin/env bash
# Regenerate examples/chromite/donskoy_measured.yaml: the synthetic plant survey of the Donskoy
# flagship. Pipeline: oreflow solves examples/chromite/donskoy_tailings.yaml (spec included),
# takes the quantities and SDs of the sampling plan examples/chromite/donskoy_survey_plan.yaml,
# and writes the simulated values plus Gaussian noise N(0, sd^2) (GSL mt19937, fixed seed).
# Usage: scripts/donskoy_survey.sh [OREFLOW_BINARY] [SEED]   (defaults: build/oreflow, 2026)
set -eu
BIN=${1:-build/oreflow}
SEED=${2:-2026}
cd "$(dirname "$0")/.."
"$BIN" survey examples/chromite/donskoy_tailings.yaml examples/chromite/donskoy_survey_plan.yaml \
    --seed "$SEED" --out examples/chromite/donskoy_measured.yaml
echo "wrote examples/chromite/donskoy_measured.yaml (seed $SEED)"
