#!/usr/bin/env bash
# WooSync's local environment: a private MariaDB, WordPress served by PHP on 127.0.0.1,
# WooCommerce (a real one from $WOOSYNC_WC_DIR, else the documented stand-in), WooSync, the
# Perfex sandbox (the embedded default Perfex) and the WooSync sidecar, all connected.
#
#   bin/env.sh install   install what is missing (Debian packages, Composer, npm)
#   bin/env.sh up        install, start MariaDB and PHP, install and configure WordPress
#   bin/env.sh down      stop everything this script started
#   bin/env.sh status    print work/env.json and whether the servers answer
#   bin/env.sh reset     down, then delete the work folder (database and site)
#   bin/env.sh sync      copy WooSync's current files into the running site (after edits)
#   bin/env.sh workdir   print the work folder these settings use
#
# Everything lives in work/ (ignored by git). What was started is written to <work>/env.json.
#
# Environment variables (all optional):
#   WOOSYNC_WORK          work folder (default: work/default, or work/custom-<hash> when
#                         one of the two directories below is given)
#   WOOSYNC_WP_CORE_DIR   a WordPress core directory to use instead of Debian's package
#   WOOSYNC_WC_DIR        a WooCommerce plugin directory (e.g. the wordpress.org build)
#                         to use instead of the stand-in in tests/woocommerce-standin
#   WOOSYNC_WP_PORT       port for WordPress (default 8881, next free one if taken)
#   WOOSYNC_DB_PORT       port for MariaDB on 127.0.0.1 (default 33061, next free one if taken)
#   WOOSYNC_PERFEX_PORT   port for the Perfex sandbox (default 8890, next free one if taken)
#   WOOSYNC_SIDECAR_PORT  port for the sidecar (default 8787, next free one if taken)
set -euo pipefail

ROOT="$( cd "$( dirname "${BASH_SOURCE[0]}" )/.." && pwd )"
# One work folder per WordPress/WooCommerce source, so the default site and one running a
# real WooCommerce can live side by side.
if [ -n "${WOOSYNC_WORK:-}" ]; then
	WORK="$WOOSYNC_WORK"
elif [ -n "${WOOSYNC_WC_DIR:-}${WOOSYNC_WP_CORE_DIR:-}" ]; then
	WORK="$ROOT/work/custom-$( printf '%s|%s' "${WOOSYNC_WC_DIR:-}" "${WOOSYNC_WP_CORE_DIR:-}" | md5sum | cut -c1-8 )"
else
	WORK="$ROOT/work/default"
fi
ENV_JSON="$WORK/env.json"
LOGS="$WORK/logs"
DB_DIR="$WORK/mariadb"
WP_DIR="$WORK/wordpress"
WP="$ROOT/vendor/bin/wp"

log() { printf '[env] %s\n' "$*" >&2; }
die() { printf '[env] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Install
# ---------------------------------------------------------------------------------------------

DEBIAN_PACKAGES=(
	mariadb-server mariadb-client
	php8.2-cli php8.2-mysql php8.2-curl php8.2-gd php8.2-zip php8.2-bcmath php8.2-intl
	php8.2-mbstring php8.2-xml php8.2-sqlite3
	php-getid3 libjs-cropper libjs-underscore ca-certificates
	chromium curl jq unzip
)

install_debian() {
	local missing=()
	for pkg in "${DEBIAN_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=( "$pkg" )
	done
	if [ "${#missing[@]}" -gt 0 ]; then
		log "installing Debian packages: ${missing[*]}"
		[ "$( id -u )" = 0 ] || die "installing Debian packages needs root (apt-get)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# policy-rc.d keeps the system MariaDB from being started: we run our own.
		local policy=/usr/sbin/policy-rc.d had_policy=0
		[ -e "$policy" ] && had_policy=1
		[ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
		[ "$had_policy" = 1 ] || rm -f "$policy"
	fi
}

install_composer() {
	if [ ! -x "$ROOT/vendor/bin/wp" ] || [ "$ROOT/composer.json" -nt "$ROOT/vendor/autoload.php" ]; then
		log "installing Composer packages"
		( cd "$ROOT" && composer install --no-interaction --no-progress -q )
		touch "$ROOT/vendor/autoload.php"
	fi
}

install_npm() {
	if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
		log "installing npm packages"
		( cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error )
	fi
}

# Debian's `wordpress` package, unpacked into work/ with its symlinks to system libraries
# (getID3, cropper, underscore, CA bundle) replaced by copies. It is not installed system-wide:
# its dependencies would pull in and start Apache.
debian_wordpress_core() {
	local dest="$WORK/wordpress-core"
	if [ -f "$dest/wp-includes/version.php" ]; then
		echo "$dest"
		return
	fi
	local tmp
	tmp="$( mktemp -d )"
	log "unpacking Debian's wordpress package"
	( cd "$tmp" && apt-get download wordpress >/dev/null 2>&1 ) || {
		apt-get update -qq && ( cd "$tmp" && apt-get download wordpress >/dev/null )
	}
	dpkg-deb -x "$tmp"/wordpress_*.deb "$tmp/root"
	local src="$tmp/root/usr/share/wordpress" link rel target
	while IFS= read -r link; do
		rel="${link#"$tmp/root"}"
		target="$( readlink "$link" )"
		case "$target" in
			/*) ;;
			*) target="$( realpath -m "$( dirname "$rel" )/$target" )" ;;
		esac
		rm -f "$link"
		if [ -f "$target" ]; then cp "$target" "$link"; fi
	done < <( find "$src" -type l )
	rm -f "$src/wp-config.php" "$src/.htaccess"
	mkdir -p "$WORK"
	rm -rf "$dest"
	mv "$src" "$dest"
	rm -rf "$tmp"
	echo "$dest"
}

cmd_install() {
	install_debian
	install_composer
	install_npm
}

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

free_port() {
	local port="$1"
	while ( exec 3<>"/dev/tcp/127.0.0.1/$port" ) 2>/dev/null; do
		port=$(( port + 1 ))
	done
	echo "$port"
}

env_get() { # env_get '.path' -> value from work/env.json (empty when absent)
	[ -f "$ENV_JSON" ] && jq -r "$1 // empty" "$ENV_JSON" || true
}

random_secret() { head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20; }

wait_for() { # wait_for SECONDS description command...
	local seconds="$1" what="$2"
	shift 2
	local i
	for (( i = 0; i < seconds * 10; i++ )); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	die "$what did not come up within ${seconds}s"
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------

start_mariadb() {
	DB_SOCKET="$DB_DIR/mysqld.sock"
	DB_PORT="$( env_get .db.port )"
	local pid
	pid="$( cat "$DB_DIR/mysqld.pid" 2>/dev/null || true )"
	if pid_alive "$pid" && mariadb-admin --socket="$DB_SOCKET" -uroot ping >/dev/null 2>&1; then
		log "MariaDB already running (pid $pid)"
		DB_PORT="$( mariadb --socket="$DB_SOCKET" -uroot -N -e 'SELECT @@port' )"
		return
	fi
	DB_PORT="$( free_port "${WOOSYNC_DB_PORT:-${DB_PORT:-33061}}" )"
	mkdir -p "$DB_DIR/data" "$LOGS"
	if [ ! -d "$DB_DIR/data/mysql" ]; then
		log "initialising MariaDB data directory in $DB_DIR/data"
		mariadb-install-db --no-defaults --datadir="$DB_DIR/data" --user="$( id -un )" \
			--auth-root-authentication-method=socket --auth-root-socket-user="$( id -un )" \
			--skip-test-db >"$LOGS/mariadb-install.log" 2>&1 \
			|| die "mariadb-install-db failed: see $LOGS/mariadb-install.log"
	fi
	log "starting MariaDB on 127.0.0.1:$DB_PORT"
	mariadbd --no-defaults --datadir="$DB_DIR/data" --socket="$DB_SOCKET" \
		--pid-file="$DB_DIR/mysqld.pid" --bind-address=127.0.0.1 --port="$DB_PORT" \
		--user="$( id -un )" --log-error="$LOGS/mariadb.log" \
		--innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		>/dev/null 2>&1 &
	disown
	wait_for 60 "MariaDB" mariadb-admin --socket="$DB_SOCKET" -uroot ping
	mariadb --socket="$DB_SOCKET" -uroot -e "CREATE DATABASE IF NOT EXISTS wordpress;
		CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
		CREATE USER IF NOT EXISTS 'wordpress'@'127.0.0.1' IDENTIFIED BY 'wordpress';
		GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';
		GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1';"
}

stop_mariadb() {
	local socket="$DB_DIR/mysqld.sock" pid
	pid="$( cat "$DB_DIR/mysqld.pid" 2>/dev/null || true )"
	if pid_alive "$pid"; then
		log "stopping MariaDB (pid $pid)"
		mariadb-admin --socket="$socket" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
		for _ in $( seq 1 100 ); do pid_alive "$pid" || break; sleep 0.1; done
	fi
}

# ---------------------------------------------------------------------------------------------
# WordPress
# ---------------------------------------------------------------------------------------------

write_wp_config() {
	local salts="$WORK/salts.php"
	if [ ! -f "$salts" ]; then
		{
			echo '<?php'
			for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
				printf "define( '%s', '%s' );\n" "$key" "$( head -c 48 /dev/urandom | base64 | tr -d "'\\\\\n" )"
			done
		} > "$salts"
	fi
	cat > "$WP_DIR/wp-config.php" <<PHP
<?php
// Written by bin/env.sh for the local WooSync environment. Regenerated on every \`up\`.
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', 'wordpress' );
define( 'DB_HOST', 'localhost:$DB_SOCKET' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
require __DIR__ . '/../salts.php';
\$table_prefix = 'wp_';
define( 'WP_HOME', '$WP_URL' );
define( 'WP_SITEURL', '$WP_URL' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '$LOGS/wp-debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'SCRIPT_DEBUG', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'FS_METHOD', 'direct' );
define( 'DISALLOW_FILE_EDIT', true );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
}

prepare_wordpress() {
	local core="${WOOSYNC_WP_CORE_DIR:-}"
	[ -n "$core" ] || core="$( debian_wordpress_core )"
	[ -f "$core/wp-includes/version.php" ] || die "no WordPress core in $core"
	local marker="$WP_DIR/.woosync-core"
	if [ ! -f "$marker" ] || [ "$( cat "$marker" )" != "$core" ]; then
		log "copying WordPress core from $core"
		rm -rf "$WP_DIR"
		mkdir -p "$WP_DIR"
		# Core only: no bundled plugins, themes, or a config from the source tree.
		( cd "$core" && tar --exclude=./wp-content/plugins --exclude=./wp-content/uploads \
			--exclude=./wp-config.php --exclude=./.git -cf - . ) | ( cd "$WP_DIR" && tar -xf - )
		mkdir -p "$WP_DIR/wp-content/plugins" "$WP_DIR/wp-content/themes" "$WP_DIR/wp-content/uploads"
		echo "$core" > "$marker"
	fi
	local wc="${WOOSYNC_WC_DIR:-$ROOT/tests/woocommerce-standin}"
	[ -f "$wc/woocommerce.php" ] || die "no woocommerce.php in $wc"
	ln -sfn "$wc" "$WP_DIR/wp-content/plugins/woocommerce"
	install_woosync
	mkdir -p "$WP_DIR/wp-content/mu-plugins"
	cp "$ROOT/tests/env/mu-plugin.php" "$WP_DIR/wp-content/mu-plugins/woosync-devenv.php"
	WC_DIR_USED="$wc"
}

# WooSync is copied into the site the way a release would be installed: its runtime files only.
# (A symlink to the project would put work/ — and with it every other plugin of the site —
# under WooSync's real path, and WordPress's plugin_basename() would then misname them.)
WOOSYNC_RUNTIME_FILES=( woosync.php uninstall.php readme.txt includes languages build )

install_woosync() {
	local dest="$WP_DIR/wp-content/plugins/woosync" tmp
	[ -L "$dest" ] && rm -f "$dest"
	tmp="$WP_DIR/wp-content/plugins/.woosync-new"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	for entry in "${WOOSYNC_RUNTIME_FILES[@]}"; do
		[ -e "$ROOT/$entry" ] && cp -a "$ROOT/$entry" "$tmp/"
	done
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

cmd_sync() {
	[ -d "$WP_DIR/wp-content/plugins" ] || die "no site in $WORK: run bin/env.sh up first"
	install_woosync
	log "copied WooSync into $WP_DIR/wp-content/plugins/woosync"
}

start_php() {
	local pid
	pid="$( cat "$WORK/php-server.pid" 2>/dev/null || true )"
	WP_PORT="$( env_get .wordpress.port )"
	if pid_alive "$pid" && [ -n "$WP_PORT" ] && curl -s -o /dev/null "http://127.0.0.1:$WP_PORT/wp-login.php"; then
		log "PHP server already running (pid $pid)"
		WP_URL="http://127.0.0.1:$WP_PORT"
		write_wp_config
		return
	fi
	WP_PORT="$( free_port "${WOOSYNC_WP_PORT:-${WP_PORT:-8881}}" )"
	WP_URL="http://127.0.0.1:$WP_PORT"
	write_wp_config
	log "serving WordPress at $WP_URL"
	PHP_CLI_SERVER_WORKERS=6 nohup php -d memory_limit=512M -d max_execution_time=120 \
		-d error_log="$LOGS/php-server-errors.log" -d log_errors=1 -d display_errors=0 \
		-S "127.0.0.1:$WP_PORT" -t "$WP_DIR" "$ROOT/bin/router.php" \
		>"$LOGS/php-server.log" 2>&1 &
	echo $! > "$WORK/php-server.pid"
	disown
	wait_for 30 "PHP server" curl -sf -o /dev/null "http://127.0.0.1:$WP_PORT/wp-includes/images/blank.gif"
}

stop_php() {
	local pid
	pid="$( cat "$WORK/php-server.pid" 2>/dev/null || true )"
	if pid_alive "$pid"; then
		log "stopping PHP server (pid $pid)"
		# The built-in server forks workers: end the whole group of children too.
		pkill -TERM -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	fi
	rm -f "$WORK/php-server.pid"
}

# Runs a PHP script inside WordPress (bin/wp-setup.php), for the steps the Composer copy's
# wp-cli cannot do (its core, config and extension commands are not served: see
# docs/test-environment.md).
wp_setup() { php -d memory_limit=512M "$ROOT/bin/wp-setup.php" "$WP_DIR" "$@"; }

# wp-cli's notices go to stderr, so --format=json output stays parsable.
wpcli() { WP_CLI_PHP_ARGS='-d display_errors=stderr' "$WP" --path="$WP_DIR" --allow-root --require="$ROOT/tests/env/wp-cli-shim.php" "$@" 2>>"$LOGS/wp-cli.log"; }

# One logged-in admin page load: WooCommerce finishes its own setup (HPOS among it) then.
admin_page_load() {
	local jar="$WORK/admin-cookies.txt"
	rm -f "$jar"
	curl -s -o /dev/null -c "$jar" -b "wordpress_test_cookie=WP%20Cookie%20check" \
		--data-urlencode "log=$ADMIN_USER" --data-urlencode "pwd=$ADMIN_PASSWORD" \
		--data "testcookie=1&redirect_to=%2Fwp-admin%2F" "$WP_URL/wp-login.php"
	local code
	code="$( curl -s -L -o /dev/null -w '%{http_code}' -b "$jar" "$WP_URL/wp-admin/" )"
	[ "$code" = 200 ] || die "admin page load answered HTTP $code (see $LOGS/wp-debug.log)"
	rm -f "$jar"
}

# The Perfex sandbox (tests/perfex-sandbox): the embedded default Perfex, data in <work>/perfex.
start_sandbox() {
	local pid
	pid="$( cat "$WORK/perfex-sandbox.pid" 2>/dev/null || true )"
	PERFEX_PORT="$( env_get .perfex.port )"
	PERFEX_TOKEN="$( env_get .perfex.token )"
	PERFEX_TOKEN="${PERFEX_TOKEN:-$( random_secret )}"
	if pid_alive "$pid" && [ -n "$PERFEX_PORT" ] && curl -sf -o /dev/null "http://127.0.0.1:$PERFEX_PORT/__sandbox/health"; then
		log "Perfex sandbox already running (pid $pid)"
		return
	fi
	PERFEX_PORT="$( free_port "${WOOSYNC_PERFEX_PORT:-${PERFEX_PORT:-8890}}" )"
	log "starting the Perfex sandbox on 127.0.0.1:$PERFEX_PORT"
	mkdir -p "$WORK/perfex"
	nohup "$ROOT/node_modules/.bin/tsx" "$ROOT/tests/perfex-sandbox/main.ts" --port "$PERFEX_PORT" \
		--data "$WORK/perfex" --token "$PERFEX_TOKEN" >"$LOGS/perfex-sandbox.log" 2>&1 &
	echo $! > "$WORK/perfex-sandbox.pid"
	disown
	wait_for 60 "Perfex sandbox" curl -sf -o /dev/null "http://127.0.0.1:$PERFEX_PORT/__sandbox/health"
}

stop_sandbox() {
	local pid
	pid="$( cat "$WORK/perfex-sandbox.pid" 2>/dev/null || true )"
	if pid_alive "$pid"; then
		log "stopping the Perfex sandbox (pid $pid)"
		pkill -TERM -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	fi
	rm -f "$WORK/perfex-sandbox.pid"
}

# The WooSync sidecar, from its single-file bundle (as a site would run it), with a per-work-folder
# secret shared with WordPress. The secret file is readable by its owner only.
start_sidecar() {
	local pid secret_file="$WORK/sidecar.secrets"
	pid="$( cat "$WORK/sidecar.pid" 2>/dev/null || true )"
	SIDECAR_PORT="$( env_get .sidecar.port )"
	SIDECAR_KEY_ID="local"
	if [ ! -s "$secret_file" ]; then
		( umask 077 && printf '%s:%s%s\n' "$SIDECAR_KEY_ID" "$( random_secret )" "$( random_secret )" > "$secret_file" )
	fi
	SIDECAR_SECRET="$( cut -d: -f2- "$secret_file" | head -n1 )"
	if pid_alive "$pid" && [ -n "$SIDECAR_PORT" ] && curl -sf -o /dev/null "http://127.0.0.1:$SIDECAR_PORT/livez"; then
		log "sidecar already running (pid $pid)"
		return
	fi
	( cd "$ROOT" && node bin/build-node.mjs >/dev/null )
	SIDECAR_PORT="$( free_port "${WOOSYNC_SIDECAR_PORT:-${SIDECAR_PORT:-8787}}" )"
	log "starting the WooSync sidecar on 127.0.0.1:$SIDECAR_PORT"
	WOOSYNC_SIDECAR_SECRET_FILE="$secret_file" nohup node "$ROOT/build/woosync-sidecar.mjs" \
		--host 127.0.0.1 --port "$SIDECAR_PORT" >"$LOGS/sidecar.log" 2>&1 &
	echo $! > "$WORK/sidecar.pid"
	disown
	wait_for 30 "sidecar" curl -sf -o /dev/null "http://127.0.0.1:$SIDECAR_PORT/livez"
}

stop_sidecar() {
	local pid
	pid="$( cat "$WORK/sidecar.pid" 2>/dev/null || true )"
	if pid_alive "$pid"; then
		log "stopping the sidecar (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $( seq 1 100 ); do pid_alive "$pid" || break; sleep 0.1; done
	fi
	rm -f "$WORK/sidecar.pid"
}

write_env_json() {
	local info wp_version wc_version wc_kind
	info="$( wp_setup info )"
	wp_version="$( jq -r .wordpress <<<"$info" )"
	wc_version="$( jq -r .woocommerce <<<"$info" )"
	wc_kind="$( jq -r .woocommerce_kind <<<"$info" )"
	jq -n \
		--arg work "$WORK" --arg root "$ROOT" \
		--arg wp_url "$WP_URL" --arg wp_path "$WP_DIR" --argjson wp_port "$WP_PORT" \
		--arg wp_version "$wp_version" --arg wp_core "$( cat "$WP_DIR/.woosync-core" )" \
		--arg debug_log "$LOGS/wp-debug.log" --arg php_pid "$( cat "$WORK/php-server.pid" )" \
		--arg wc_dir "$WC_DIR_USED" --arg wc_version "$wc_version" --arg wc_kind "$wc_kind" \
		--arg db_socket "$DB_SOCKET" --argjson db_port "$DB_PORT" \
		--arg admin_user "$ADMIN_USER" --arg admin_password "$ADMIN_PASSWORD" \
		--arg manager_password "$MANAGER_PASSWORD" --arg subscriber_password "$SUBSCRIBER_PASSWORD" \
		--arg wpcli "$WP" \
		--argjson perfex_port "$PERFEX_PORT" --arg perfex_token "$PERFEX_TOKEN" \
		--argjson sidecar_port "$SIDECAR_PORT" --arg sidecar_key_id "$SIDECAR_KEY_ID" \
		'{
			work: $work, project: $root,
			wordpress: { url: $wp_url, admin_url: ($wp_url + "/wp-admin/"), rest_url: ($wp_url + "/wp-json/"),
				path: $wp_path, port: $wp_port, version: $wp_version, core_source: $wp_core,
				debug_log: $debug_log, server_pid: ($php_pid | tonumber) },
			woocommerce: { kind: $wc_kind, version: $wc_version, dir: $wc_dir },
			db: { name: "wordpress", user: "wordpress", password: "wordpress", socket: $db_socket,
				host: "127.0.0.1", port: $db_port },
			users: {
				admin: { login: $admin_user, password: $admin_password, role: "administrator" },
				manager: { login: "manager", password: $manager_password, role: "shop_manager" },
				subscriber: { login: "subscriber", password: $subscriber_password, role: "subscriber" }
			},
			perfex: { kind: "sandbox", port: $perfex_port, token: $perfex_token,
				url: ("http://127.0.0.1:" + ($perfex_port | tostring)),
				api_url: ("http://127.0.0.1:" + ($perfex_port | tostring) + "/api"),
				page: ("http://127.0.0.1:" + ($perfex_port | tostring) + "/?authtoken=" + $perfex_token) },
			sidecar: { port: $sidecar_port, url: ("http://127.0.0.1:" + ($sidecar_port | tostring)),
				key_id: $sidecar_key_id, secret_file: ($work + "/sidecar.secrets"),
				pid_file: ($work + "/sidecar.pid"), log: ($work + "/logs/sidecar.log") },
			wpcli: { command: [ $wpcli, ("--path=" + $wp_path), "--allow-root", ("--require=" + $root + "/tests/env/wp-cli-shim.php") ] }
		}' > "$ENV_JSON.tmp"
	chmod 600 "$ENV_JSON.tmp"
	mv "$ENV_JSON.tmp" "$ENV_JSON"
}

cmd_up() {
	cmd_install
	mkdir -p "$WORK" "$LOGS"
	ADMIN_USER="$( env_get .users.admin.login )"
	ADMIN_USER="${ADMIN_USER:-admin}"
	ADMIN_PASSWORD="$( env_get .users.admin.password )"
	ADMIN_PASSWORD="${ADMIN_PASSWORD:-$( random_secret )}"
	MANAGER_PASSWORD="$( env_get .users.manager.password )"
	MANAGER_PASSWORD="${MANAGER_PASSWORD:-$( random_secret )}"
	SUBSCRIBER_PASSWORD="$( env_get .users.subscriber.password )"
	SUBSCRIBER_PASSWORD="${SUBSCRIBER_PASSWORD:-$( random_secret )}"

	start_mariadb
	start_sandbox
	start_sidecar
	prepare_wordpress
	start_php
	log "installing WordPress, WooCommerce and WooSync"
	wp_setup install "$WP_URL" "$ADMIN_USER" "$ADMIN_PASSWORD"
	wp_setup activate woocommerce/woocommerce.php
	wp_setup activate woosync/woosync.php
	# The rest goes through the real wp-cli.
	wpcli option update timezone_string 'Europe/Berlin' >/dev/null
	wpcli option update permalink_structure '/%postname%/' >/dev/null
	for role in manager:shop_manager subscriber:subscriber; do
		local login="${role%%:*}" password_var
		password_var="$( echo "${login}_PASSWORD" | tr '[:lower:]' '[:upper:]' )"
		if ! wpcli user get "$login" --field=ID >/dev/null 2>&1; then
			wpcli user create "$login" "$login@example.test" --role="${role#*:}" \
				--user_pass="${!password_var}" >/dev/null
		else
			wpcli user update "$login" --user_pass="${!password_var}" --role="${role#*:}" >/dev/null
		fi
	done
	wp_setup seed-store
	# Connect WooSync to the sandbox and the sidecar; the tax map pairs the seeded rates with
	# the sandbox's seeded Perfex taxes.
	wp_setup connect "http://127.0.0.1:$PERFEX_PORT/api" "$PERFEX_TOKEN" \
		"http://127.0.0.1:$SIDECAR_PORT" "$SIDECAR_KEY_ID" "$SIDECAR_SECRET"
	admin_page_load
	write_env_json
	log "ready: $WP_URL/wp-admin/ (user $ADMIN_USER, password in $ENV_JSON)"
	log "WooCommerce: $( env_get .woocommerce.kind ) $( env_get .woocommerce.version ) from $WC_DIR_USED"
}

cmd_down() {
	stop_sidecar
	stop_sandbox
	stop_php
	stop_mariadb
}

cmd_status() {
	[ -f "$ENV_JSON" ] || { echo "not set up (no $ENV_JSON)"; exit 1; }
	jq . "$ENV_JSON"
	local url
	url="$( env_get .wordpress.url )"
	if curl -sf -o /dev/null "$url/wp-login.php"; then echo "WordPress: up"; else echo "WordPress: down"; fi
	if mariadb-admin --socket="$( env_get .db.socket )" -uroot ping >/dev/null 2>&1; then echo "MariaDB: up"; else echo "MariaDB: down"; fi
	if curl -sf -o /dev/null "$( env_get .perfex.url )/__sandbox/health"; then echo "Perfex sandbox: up"; else echo "Perfex sandbox: down"; fi
	if curl -sf -o /dev/null "$( env_get .sidecar.url )/livez"; then echo "sidecar: up"; else echo "sidecar: down"; fi
}

case "${1:-up}" in
	install) cmd_install ;;
	sync) cmd_sync ;;
	up) cmd_up ;;
	down | stop) cmd_down ;;
	status) cmd_status ;;
	reset) cmd_down; rm -rf "$WORK" ;;
	workdir) echo "$WORK" ;;
	*) die "usage: bin/env.sh install|up|sync|down|status|reset|workdir" ;;
esac
