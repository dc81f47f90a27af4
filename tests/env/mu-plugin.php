<?php
/**
 * Plugin Name: WooSync development environment
 * Description: Installed by bin/env.sh into the local site only. Keeps an offline site quiet: no update checks against wordpress.org, and e-mail written to a log file instead of a missing sendmail.
 *
 * @package WooSync
 */

defined( 'ABSPATH' ) || exit;

// This machine has no internet: answer the update checks from "nothing new" instead of failing.
foreach ( array( 'update_core', 'update_plugins', 'update_themes' ) as $woosync_devenv_transient ) {
	add_filter(
		'pre_site_transient_' . $woosync_devenv_transient,
		static function () {
			return (object) array(
				'last_checked'    => time(),
				'version_checked' => get_bloginfo( 'version' ),
				'updates'         => array(),
				'response'        => array(),
				'translations'    => array(),
			);
		}
	);
}

// Mail goes to work/logs/mail.log (one JSON line per message), so order e-mails can be read in tests.
add_filter(
	'pre_wp_mail',
	static function ( $result, array $atts ) {
		$log = dirname( ABSPATH ) . '/logs/mail.log';
		file_put_contents(
			$log,
			wp_json_encode(
				array(
					'to'      => $atts['to'],
					'subject' => $atts['subject'],
				)
			) . "\n",
			FILE_APPEND | LOCK_EX
		); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
		return true;
	},
	10,
	2
);
