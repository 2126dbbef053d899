#!/usr/bin/env bash
# JMH benchmarks of the CEL refund policies (miaotui-bench, package io.miaotui.bench.policy).
# Builds the bench module and what it needs, then runs JMH on the module's classes and dependency classpath;
# the bench jar itself stays a dependency-free `java -jar` load generator. Extra arguments go to JMH, e.g.
#   scripts/policy-bench.sh -wi 2 -i 3 -w 2s -r 3s -f 1                  # short run, all policy benchmarks
#   scripts/policy-bench.sh -wi 2 -i 3 -w 2s -r 3s -f 1 WhatIfBenchmark  # one class
set -euo pipefail
if [ "$#" -eq 0 ]; then
  set -- 'io\.miaotui\.bench\.policy\..*'
fi
exec "$(dirname "$0")/bench-class.sh" org.openjdk.jmh.Main "$@"
