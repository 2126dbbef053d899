#!/usr/bin/env bash
# The consumer-experience report over 1,000,000 refunds, against a running service started on a THROWAWAY data
# directory (e.g. MIAOTUI_DATA_DIR=/tmp/report-bench ./start.sh): writes a synthetic history of N refunds with
# their orders, lines and decisions into its database (insert ... select generate_series, 50,000 per statement),
# then times the report endpoint. The history stays; --skip-seed times it again. Arguments go to
# io.miaotui.bench.report.ReportLoad (--refunds, --runs, --base-url, --data-dir, --jdbc-url, --skip-seed).
set -euo pipefail
exec "$(dirname "$0")/bench-class.sh" io.miaotui.bench.report.ReportLoad "$@"
