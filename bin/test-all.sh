#!/usr/bin/env bash
# npm test: every check, from a fresh machine. Installs and starts what it needs
# (bin/env.sh), then runs lint, typecheck, unit, PHP (WooCommerce + integration) and e2e.
#
# Set WOOSYNC_WP_CORE_DIR / WOOSYNC_WC_DIR to run the same suites against another
# WordPress and WooCommerce (e.g. a wordpress.org build); see docs/test-environment.md.
set -uo pipefail
cd "$( dirname "${BASH_SOURCE[0]}" )/.."

passed=0
failed=0
failures=()
step() {
	local name="$1"
	shift
	printf '\n=== %s\n' "$name"
	local start=$SECONDS
	if "$@"; then
		passed=$(( passed + 1 ))
		printf '=== %s: ok (%ss)\n' "$name" $(( SECONDS - start ))
	else
		failed=$(( failed + 1 ))
		failures+=( "$name" )
		printf '=== %s: FAILED (%ss)\n' "$name" $(( SECONDS - start ))
	fi
}

bash bin/env.sh install || exit 1
export WOOSYNC_WORK="$( bash bin/env.sh workdir )"

step lint npm run --silent lint
step typecheck npm run --silent typecheck
step build bash bin/build.sh
step unit npx vitest run
if bash bin/env.sh up; then
	step php bash bin/test-php.sh
	step e2e npx playwright test -c tests/e2e/playwright.config.ts
else
	failed=$(( failed + 1 ))
	failures+=( "environment" )
fi
[ "${WOOSYNC_KEEP_ENV:-}" = 1 ] || bash bin/env.sh down

printf '\n'
[ "$failed" -eq 0 ] || printf 'failed steps: %s\n' "${failures[*]}"
printf 'steps: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
