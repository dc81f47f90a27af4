<?php
/**
 * WooSync activates cleanly, and without WooCommerce it says so instead of failing.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Tests\Support\Site;

/**
 * The plugin's life on the running site.
 */
final class PluginLifecycleTest extends TestCase {

	private const PLUGIN      = 'woosync/woosync.php';
	private const WOOCOMMERCE = 'woocommerce/woocommerce.php';

	public function test_woosync_and_woocommerce_are_active(): void {
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
		$this->assertTrue( is_plugin_active( self::WOOCOMMERCE ) );
		$this->assertTrue( class_exists( \WooSync\Plugin::class ) );
	}

	public function test_woosync_declares_custom_order_tables_compatibility(): void {
		$compatible = \Automattic\WooCommerce\Utilities\FeaturesUtil::get_compatible_plugins_for_feature( 'custom_order_tables', true );
		$this->assertContains( self::PLUGIN, $compatible['compatible'] ?? array() );
	}

	public function test_reactivation_and_admin_pages_leave_nothing_from_woosync_in_the_debug_log(): void {
		$this->assertTrue( WP_DEBUG, 'the site runs with WP_DEBUG on' );
		$since = Site::debug_log_size();

		deactivate_plugins( self::PLUGIN );
		$this->assertNull( activate_plugin( self::PLUGIN ) );
		$jar = Site::login( 'admin' );
		foreach ( array( '/wp-admin/', '/wp-admin/plugins.php', '/wp-admin/admin.php?page=wc-orders' ) as $page ) {
			$response = Site::request( 'GET', $page, $jar );
			$this->assertSame( 200, $response['status'], "$page answers" );
		}
		unlink( $jar );

		$woosync_lines = array_filter(
			Site::debug_log_since( $since ),
			static fn ( string $line ): bool => false !== stripos( $line, 'woosync' )
		);
		$this->assertSame( array(), array_values( $woosync_lines ) );
	}

	public function test_without_woocommerce_the_admin_sees_a_notice_not_a_fatal_error(): void {
		$since = Site::debug_log_size();
		deactivate_plugins( self::WOOCOMMERCE );
		try {
			$jar      = Site::login( 'admin' );
			$response = Site::request( 'GET', '/wp-admin/plugins.php', $jar );
			unlink( $jar );
		} finally {
			activate_plugin( self::WOOCOMMERCE );
		}

		$this->assertSame( 200, $response['status'] );
		$this->assertStringContainsString( 'id="woosync-missing-woocommerce"', $response['body'] );
		$this->assertStringContainsString( 'needs WooCommerce to be installed and active', $response['body'] );
		$fatal = array_filter( Site::debug_log_since( $since ), static fn ( string $line ): bool => false !== stripos( $line, 'fatal' ) );
		$this->assertSame( array(), array_values( $fatal ) );
		$this->assertTrue( is_plugin_active( self::WOOCOMMERCE ), 'WooCommerce is active again' );
	}

	public function test_a_subscriber_does_not_see_the_missing_woocommerce_notice(): void {
		deactivate_plugins( self::WOOCOMMERCE );
		try {
			$jar      = Site::login( 'subscriber' );
			$response = Site::request( 'GET', '/wp-admin/profile.php', $jar );
			unlink( $jar );
		} finally {
			activate_plugin( self::WOOCOMMERCE );
		}
		$this->assertSame( 200, $response['status'] );
		$this->assertStringNotContainsString( 'woosync-missing-woocommerce', $response['body'] );
	}
}
