#!/usr/bin/env bash
# PHPUnit suites against the running site (bin/env.sh up first; bin/test-all.sh does).
set -euo pipefail
cd "$( dirname "${BASH_SOURCE[0]}" )/.."
export WOOSYNC_WORK="${WOOSYNC_WORK:-$( bash bin/env.sh workdir )}"
bash bin/env.sh sync
exec phpunit -c tests/php/phpunit.xml.dist "$@"
