#!/usr/bin/env bash
# PHP lint: syntax of every PHP file, WordPress coding standards (phpcs) and PHPStan.
set -euo pipefail
cd "$( dirname "${BASH_SOURCE[0]}" )/.."

find woosync.php uninstall.php includes bin tests/php tests/env tests/woocommerce-standin -name '*.php' -print0 2>/dev/null \
	| xargs -0 -n 50 -P 2 php -l -d display_errors=1 >/dev/null
echo "php -l: ok"
vendor/bin/phpcs -q --no-colors
echo "phpcs: ok"
vendor/bin/phpstan analyse --no-progress --memory-limit=1G -q
echo "phpstan: ok"
