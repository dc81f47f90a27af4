<?php
/**
 * Which Perfex document belongs to which order.
 *
 * @package WooSync
 */

namespace WooSync\Storage;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- WooSync's own table; links are read fresh every time, never cached.

/**
 * The order ↔ Perfex document links: at most one per order and kind.
 *
 * The local link is the first defence against duplicates (the Perfex admin-note signature is the
 * second, checked by the sidecar), so it is read without any cache.
 */
final class Links {

	public const INVOICE = 'invoice';

	/** A refund's credit note; the link's order id is the refund's id (refunds are orders). */
	public const CREDIT_NOTE = 'credit_note';

	/** A refund's expense; the link's order id is the refund's id. */
	public const EXPENSE = 'expense';

	/** Every kind of document. */
	public const KINDS = array( self::INVOICE, self::CREDIT_NOTE, self::EXPENSE );

	/**
	 * The link of an order, if any.
	 *
	 * @param int    $order_id Order.
	 * @param string $kind     Document kind (self::INVOICE).
	 * @return array{order_id: int, kind: string, perfex_id: int, perfex_number: string, perfex_customer_id: int|null, total: string, created_at: string, updated_at: string}|null
	 */
	public function get( int $order_id, string $kind = self::INVOICE ): ?array {
		global $wpdb;
		$table = Schema::table( Schema::LINKS );
		$row   = $wpdb->get_row(
			$wpdb->prepare( "SELECT * FROM $table WHERE order_id = %d AND kind = %s", $order_id, $kind ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
			'ARRAY_A'
		);
		if ( ! is_array( $row ) ) {
			return null;
		}
		return array(
			'order_id'           => (int) $row['order_id'],
			'kind'               => (string) $row['kind'],
			'perfex_id'          => (int) $row['perfex_id'],
			'perfex_number'      => (string) $row['perfex_number'],
			'perfex_customer_id' => null === $row['perfex_customer_id'] ? null : (int) $row['perfex_customer_id'],
			'total'              => (string) $row['total'],
			'created_at'         => (string) $row['created_at'],
			'updated_at'         => (string) $row['updated_at'],
		);
	}

	/**
	 * Records (or replaces) the document of an order.
	 *
	 * @param int      $order_id    Order.
	 * @param string   $kind        Document kind.
	 * @param int      $perfex_id   Perfex document id.
	 * @param string   $number      Perfex document number (INV-000123).
	 * @param int|null $customer_id Perfex customer id.
	 * @param string   $total       Document total as Perfex has it.
	 */
	public function save( int $order_id, string $kind, int $perfex_id, string $number, ?int $customer_id, string $total ): void {
		global $wpdb;
		$table = Schema::table( Schema::LINKS );
		$now   = current_time( 'mysql', true );
		$wpdb->query(
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
				"INSERT INTO $table (order_id, kind, perfex_id, perfex_number, perfex_customer_id, total, created_at, updated_at)
				VALUES (%d, %s, %d, %s, NULLIF(%d, 0), %s, %s, %s)
				ON DUPLICATE KEY UPDATE perfex_id = VALUES(perfex_id), perfex_number = VALUES(perfex_number),
					perfex_customer_id = VALUES(perfex_customer_id), total = VALUES(total), updated_at = VALUES(updated_at)",
				$order_id,
				$kind,
				$perfex_id,
				$number,
				(int) $customer_id,
				$total,
				$now,
				$now
			)
		);
	}

	/**
	 * Forgets the link of an order.
	 *
	 * @param int    $order_id Order.
	 * @param string $kind     Document kind.
	 */
	public function delete( int $order_id, string $kind = self::INVOICE ): void {
		global $wpdb;
		$wpdb->delete(
			Schema::table( Schema::LINKS ),
			array(
				'order_id' => $order_id,
				'kind'     => $kind,
			),
			array( '%d', '%s' )
		);
	}
}
