#!/usr/bin/env python3
# ts.py: prefixes each line of stdin with the wall-clock time (seconds), so a run's phases can be matched to CPU samples
import sys, time
for line in sys.stdin:
    sys.stdout.write(f'{time.time():.3f} {line}'); sys.stdout.flush()
