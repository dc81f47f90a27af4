#!/usr/bin/env bash
# npm run build: the translation template, the admin app (@wordpress/scripts) and the Node
# bundles (esbuild).
set -euo pipefail
cd "$( dirname "${BASH_SOURCE[0]}" )/.."
# languages/woosync.pot follows the code (npm run lint:i18n fails when the committed one does not).
node bin/i18n.mjs pot
if compgen -G 'admin-src/index.ts*' >/dev/null; then
	npx wp-scripts build --webpack-src-dir=admin-src --output-path=build/admin
else
	echo "build: admin-src has no entry point yet, skipping the admin app"
fi
node bin/build-node.mjs
