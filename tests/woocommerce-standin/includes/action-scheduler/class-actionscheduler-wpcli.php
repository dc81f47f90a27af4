<?php
/**
 * WP-CLI: wp action-scheduler run.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Commands for Action Scheduler.
 */
class ActionScheduler_WPCLI_Scheduler_command extends WP_CLI_Command {
 // phpcs:ignore PEAR.NamingConventions.ValidClassName.Invalid

	/**
	 * Run due pending actions.
	 *
	 * ## OPTIONS
	 *
	 * [--batch-size=<size>]
	 * : The maximum number of actions to run per batch. Defaults to 100.
	 * ---
	 * default: 100
	 * ---
	 *
	 * [--batches=<size>]
	 * : Limit the number of batches to run. Defaults to 0 (until no due actions remain).
	 * ---
	 * default: 0
	 * ---
	 *
	 * [--hooks=<hooks>]
	 * : Only run actions with these hooks (comma separated).
	 *
	 * [--group=<group>]
	 * : Only run actions from this group.
	 *
	 * [--force]
	 * : Accepted for compatibility; the stand-in has no concurrency limit.
	 *
	 * @param array $args       Positional args.
	 * @param array $assoc_args Options.
	 * @return void
	 */
	public function run( $args, $assoc_args ) {
		$batch_size = (int) \WP_CLI\Utils\get_flag_value( $assoc_args, 'batch-size', 100 );
		$batches    = (int) \WP_CLI\Utils\get_flag_value( $assoc_args, 'batches', 0 );
		$hooks      = array_filter( array_map( 'trim', explode( ',', (string) \WP_CLI\Utils\get_flag_value( $assoc_args, 'hooks', '' ) ) ) );
		$group      = (string) \WP_CLI\Utils\get_flag_value( $assoc_args, 'group', '' );
		$count      = ActionScheduler::runner()->standin_run_filtered( 'WP CLI', $hooks, $group, $batch_size, $batches );
		/* translators: %d: number of actions */
		WP_CLI::success( sprintf( _n( '%d scheduled task completed.', '%d scheduled tasks completed.', $count, 'woocommerce' ), $count ) );
	}
}

WP_CLI::add_command( 'action-scheduler', 'ActionScheduler_WPCLI_Scheduler_command' );
