#!/usr/bin/env bash
# What-if replay throughput against the running service (./start.sh first): seeds 1,000,000 stored decisions
# into its database, replays them through a draft policy over HTTP three times, prints the times, and removes
# the seeded rows. Arguments go to io.miaotui.bench.whatif.WhatIfReplayLoad (--requests, --runs, --keep, ...).
set -euo pipefail
exec "$(dirname "$0")/bench-class.sh" io.miaotui.bench.whatif.WhatIfReplayLoad "$@"
