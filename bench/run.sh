#!/bin/sh
# Convenience wrapper: bench/run.sh [--runs N] [--sharptime PATH] ... (see run.py)
exec python3 "$(dirname "$0")/run.py" "$@"
