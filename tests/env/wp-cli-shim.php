<?php
/**
 * Loaded by the local environment's wp-cli (`--require`), never by WordPress.
 *
 * The Composer copy serves the wp-cli framework without wp-cli/extension-command. Real
 * WooCommerce's `wp wc com extension` command extends that package's Plugin_Command and
 * ends the whole process when the class is missing, which would silence every wp-cli
 * command. An empty class with that name lets WooCommerce load; no command of it is used.
 *
 * @package WooSync
 */

if ( ! class_exists( 'Plugin_Command', false ) ) {
	// phpcs:ignore Generic.Files.OneObjectStructurePerFile.MultipleFound, Generic.Classes.OpeningBraceSameLine.ContentAfterBrace
	class Plugin_Command extends WP_CLI_Command {} // phpcs:ignore
}
