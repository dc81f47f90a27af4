<?php
/**
 * Queries through wc_get_orders(): the common arguments.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * Order queries.
 */
final class OrderQueryTest extends WooCommerceTestCase {

	/**
	 * Query args: every matching order's id, oldest id first. Filters are added with +.
	 */
	private const ALL_IDS_ASCENDING = array(
		'return'  => 'ids',
		'limit'   => -1,
		'orderby' => 'id',
		'order'   => 'ASC',
	);

	/**
	 * Marker meta key unique to this test run.
	 *
	 * @var string
	 */
	private $marker = '';

	/**
	 * Orders by name.
	 *
	 * @var array<string, \WC_Order>
	 */
	private $orders = array();

	/**
	 * Three orders with a shared marker meta, different statuses, dates and customers.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->marker = '_woosync_query_' . strtolower( wp_generate_password( 8, false, false ) );
		$specs        = array(
			'old'    => array( 'completed', '2021-03-04 10:00:00', 11, 'old@example.com' ),
			'middle' => array( 'processing', '2022-06-15 12:00:00', 12, 'middle@example.com' ),
			'new'    => array( 'on-hold', '2023-09-20 08:30:00', 12, 'new@example.com' ),
		);
		foreach ( $specs as $name => $spec ) {
			$order = $this->order();
			$order->set_customer_id( $spec[2] );
			$order->set_billing_email( $spec[3] );
			$order->set_date_created( strtotime( $spec[1] . ' UTC' ) );
			$order->update_meta_data( $this->marker, $name );
			$order->update_meta_data( '_woosync_linked', 'old' === $name ? 'no' : 'yes' );
			$order->save();
			$order->update_status( $spec[0] );
			$this->orders[ $name ] = $order;
		}
	}

	/**
	 * Query restricted to this test's orders.
	 *
	 * @param array $args Extra args.
	 * @return array|\stdClass
	 */
	private function query( array $args ) {
		$args['meta_query'] = array_merge( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
			array(
				array(
					'key'     => $this->marker,
					'compare' => 'EXISTS',
				),
			),
			isset( $args['meta_query'] ) ? $args['meta_query'] : array()
		);
		return wc_get_orders( $args );
	}

	/**
	 * Ids of orders by name.
	 *
	 * @param string ...$names Names.
	 * @return int[]
	 */
	private function ids( string ...$names ): array {
		return array_map(
			function ( $name ) {
				return $this->orders[ $name ]->get_id();
			},
			$names
		);
	}

	/**
	 * Default: objects, newest first.
	 */
	public function test_returns_order_objects_newest_first(): void {
		$orders = $this->query( array( 'limit' => -1 ) );
		$this->assertContainsOnlyInstancesOf( \WC_Order::class, $orders );
		$this->assertSame( $this->ids( 'new', 'middle', 'old' ), array_map( fn( $o ) => $o->get_id(), $orders ) );
	}

	/**
	 * Return ids, orderby id ascending, limit and paged.
	 */
	public function test_ids_order_limit_and_paging(): void {
		$args = array(
			'return'  => 'ids',
			'orderby' => 'id',
			'order'   => 'ASC',
			'limit'   => 2,
		);
		$this->assertSame( $this->ids( 'old', 'middle' ), $this->query( $args ) );
		$this->assertSame( $this->ids( 'new' ), $this->query( $args + array( 'paged' => 2 ) ) );

		$page = $this->query( $args + array( 'paginate' => true ) );
		$this->assertSame( 3, (int) $page->total );
		$this->assertSame( 2, (int) $page->max_num_pages );
		$this->assertCount( 2, $page->orders );
	}

	/**
	 * Status filter with and without the wc- prefix.
	 */
	public function test_status_filter(): void {
		$base = self::ALL_IDS_ASCENDING;
		$this->assertSame( $this->ids( 'middle' ), $this->query( $base + array( 'status' => 'processing' ) ) );
		$this->assertSame( $this->ids( 'old', 'new' ), $this->query( $base + array( 'status' => array( 'wc-completed', 'wc-on-hold' ) ) ) );
		$this->assertSame( array(), $this->query( $base + array( 'status' => 'cancelled' ) ) );
	}

	/**
	 * Date filters: a day, after, before, range.
	 */
	public function test_date_created_filters(): void {
		$base = self::ALL_IDS_ASCENDING;
		$this->assertSame( $this->ids( 'middle', 'new' ), $this->query( $base + array( 'date_created' => '>' . strtotime( '2022-01-01 00:00:00 UTC' ) ) ) );
		$this->assertSame( $this->ids( 'old' ), $this->query( $base + array( 'date_created' => '<' . strtotime( '2022-01-01 00:00:00 UTC' ) ) ) );
		$this->assertSame( $this->ids( 'old', 'middle' ), $this->query( $base + array( 'date_created' => strtotime( '2021-01-01 UTC' ) . '...' . strtotime( '2022-12-31 UTC' ) ) ) );
		$this->assertSame( $this->ids( 'middle' ), $this->query( $base + array( 'date_created' => '2022-06-15' ) ) );
	}

	/**
	 * Meta query and customer filters.
	 */
	public function test_meta_and_customer_filters(): void {
		$base   = self::ALL_IDS_ASCENDING;
		$linked = $this->query(
			$base + array(
				'meta_query' => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
					array(
						'key'   => '_woosync_linked',
						'value' => 'yes',
					),
				),
			)
		);
		$this->assertSame( $this->ids( 'middle', 'new' ), $linked );
		$this->assertSame( $this->ids( 'middle', 'new' ), $this->query( $base + array( 'customer_id' => 12 ) ) );
		$this->assertSame( $this->ids( 'old' ), $this->query( $base + array( 'billing_email' => 'old@example.com' ) ) );
	}

	/**
	 * Refunds are a separate type and only returned when asked for.
	 */
	public function test_refunds_are_queried_by_type(): void {
		$order = $this->orders['middle'];
		$order->add_product( $this->product( '10' ), 1 );
		$order->calculate_totals( true );
		$refund = wc_create_refund(
			array(
				'order_id' => $order->get_id(),
				'amount'   => '5',
			)
		);
		$this->track( $refund );
		$this->assertNotContains(
			$refund->get_id(),
			$this->query(
				array(
					'return' => 'ids',
					'limit'  => -1,
				)
			)
		);
		$refunds = wc_get_orders(
			array(
				'type'   => 'shop_order_refund',
				'parent' => $order->get_id(),
				'return' => 'ids',
			)
		);
		$this->assertSame( array( $refund->get_id() ), $refunds );
	}
}
