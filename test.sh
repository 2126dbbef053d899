#!/usr/bin/env bash
# Runs the whole test suite: core unit tests, API and concurrency tests on a real embedded PostgreSQL,
# the restart test and the bench module's own tests, after a lint of the OpenAPI document (scripts/lint-openapi.sh).
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh
scripts/lint-openapi.sh
echo "Testing with JDK: $JAVA_HOME" >&2
exec ./mvnw -B verify "$@"
