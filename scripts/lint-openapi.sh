#!/usr/bin/env bash
# Lints the committed OpenAPI document (miaotui-server/openapi.json, which OpenApiSnapshotTest keeps equal to the
# served /v3/api-docs) with Redocly CLI's recommended rules; any error fails. Redocly is installed, pinned, into
# .tools/redocly (not globally) from the npm registry on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY_VERSION=2.77.0
TOOLS=.tools/redocly
if ! command -v npm >/dev/null 2>&1; then
  echo "lint-openapi: npm (Node.js) is needed to lint the OpenAPI document; install nodejs and npm" >&2
  exit 1
fi
if [ "$("$TOOLS/node_modules/.bin/redocly" --version 2>/dev/null || true)" != "$REDOCLY_VERSION" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --loglevel=error "@redocly/cli@$REDOCLY_VERSION" >&2
fi
# The recommended ruleset; the answer names the linter and its version in its first line.
echo "Linting miaotui-server/openapi.json with Redocly CLI $REDOCLY_VERSION (recommended rules)" >&2
exec "$TOOLS/node_modules/.bin/redocly" lint --extends recommended --format stylish miaotui-server/openapi.json
