<?php
/**
 * The HPOS orders screen over HTTP: list, edit view, meta boxes, bulk actions, access.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

use WooSync\Tests\Support\Site;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * The orders screen (admin.php?page=wc-orders) as a logged-in user sees it.
 */
final class AdminOrdersScreenTest extends WooCommerceTestCase {

	/**
	 * Temporary must-use plugin registering a meta box and a bulk action the way extensions do.
	 *
	 * @var string
	 */
	private $mu_plugin = '';

	/**
	 * Install the probe plugin.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->mu_plugin = WPMU_PLUGIN_DIR . '/woosync-test-order-screen-probe.php';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		$code = <<<'PHP'
<?php
// Written by AdminOrdersScreenTest; removed after the test.
add_action( 'add_meta_boxes', static function () {
	add_meta_box( 'woosync-probe', 'WooSync probe', static function ( $object ) {
		$order = $object instanceof WP_Post ? wc_get_order( $object->ID ) : $object;
		echo '<p id="woosync-probe-box">probe order ' . esc_html( $order instanceof WC_Order ? (string) $order->get_id() : 'none' ) . '</p>';
	}, wc_get_page_screen_id( 'shop-order' ), 'side', 'high' );
} );
add_filter( 'bulk_actions-woocommerce_page_wc-orders', static function ( $actions ) {
	$actions['woosync_probe_bulk'] = 'WooSync probe bulk';
	return $actions;
} );
PHP;
		file_put_contents( $this->mu_plugin, $code ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
	}

	/**
	 * Remove the probe plugin.
	 */
	protected function tearDown(): void {
		if ( $this->mu_plugin && file_exists( $this->mu_plugin ) ) {
			unlink( $this->mu_plugin ); // phpcs:ignore WordPress.WP.AlternativeFunctions.unlink_unlink
		}
		parent::tearDown();
	}

	/**
	 * List and edit view, with the extension's meta box (passed the WC_Order) and bulk action.
	 */
	public function test_list_edit_view_meta_box_and_bulk_action(): void {
		$order = $this->order();
		$order->set_billing_first_name( 'Grace' );
		$order->add_product( $this->product( '9' ), 1 );
		$order->calculate_totals( true );
		$jar = Site::login( 'admin' );

		$list = Site::request( 'GET', '/wp-admin/admin.php?page=wc-orders', $jar );
		$this->assertSame( 200, $list['status'] );
		$this->assertStringContainsString( 'page=wc-orders&action=edit&id=' . $order->get_id(), html_entity_decode( $list['body'] ) );
		$this->assertStringContainsString( 'value="woosync_probe_bulk"', $list['body'], 'Bulk actions come from bulk_actions-woocommerce_page_wc-orders.' );

		$edit = Site::request( 'GET', '/wp-admin/admin.php?page=wc-orders&action=edit&id=' . $order->get_id(), $jar );
		$this->assertSame( 200, $edit['status'] );
		$this->assertStringContainsString( 'id="order_status"', $edit['body'] );
		$this->assertStringContainsString( 'probe order ' . $order->get_id(), $edit['body'], 'The meta box callback receives the order.' );
	}

	/**
	 * A subscriber does not get the orders screen (WordPress refuses the page; real WooCommerce
	 * also sends such users away from wp-admin).
	 */
	public function test_subscriber_does_not_see_orders(): void {
		$order    = $this->order();
		$jar      = Site::login( 'subscriber' );
		$response = Site::request( 'GET', '/wp-admin/admin.php?page=wc-orders', $jar );
		$this->assertNotSame( 200, $response['status'], 'The orders screen is not served to a subscriber.' );
		$this->assertStringNotContainsString( 'page=wc-orders&action=edit&id=' . $order->get_id(), html_entity_decode( $response['body'] ) );
	}
}
