#!/usr/bin/env bash
# npm start: set up and run WooSync on its embedded defaults, then print where it is.
set -euo pipefail
cd "$( dirname "${BASH_SOURCE[0]}" )/.."

# Packages first: the build needs node_modules, and `up` copies build/ into the site.
bash bin/env.sh install
bash bin/build.sh >/dev/null
bash bin/env.sh up
work="$( bash bin/env.sh workdir )"
# A few completed sample orders, so the sandbox page shows invoices (once per site).
php bin/wp-setup.php "$( jq -r .wordpress.path "$work/env.json" )" sample-orders

jq -r '"
WooSync is running.

  Store admin:  \(.wordpress.admin_url)
  User:         \(.users.admin.login)
  Password:     \(.users.admin.password)
  Shop manager: \(.users.manager.login) / \(.users.manager.password)
  WooCommerce:  \(.woocommerce.kind) \(.woocommerce.version)
  Perfex:       \(.perfex.page)  (the Perfex sandbox; API \(.perfex.api_url), token \(.perfex.token))
  Everything:   '"$work"'/env.json

Stop it with: npm run stop"' "$work/env.json"
