<?php
/**
 * WC_DateTime: DateTime with WooCommerce's helpers.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * DateTime that prints in site time and offers getOffsetTimestamp / date / date_i18n.
 */
class WC_DateTime extends DateTime {

	/**
	 * UTC offset when the site uses an offset instead of a timezone.
	 *
	 * @var int
	 */
	protected $utc_offset = 0;

	/**
	 * ISO 8601 (ATOM) representation.
	 *
	 * @return string
	 */
	public function __toString() {
		return $this->format( DATE_ATOM );
	}

	/**
	 * Set UTC offset.
	 *
	 * @param int $offset Offset.
	 * @return void
	 */
	public function set_utc_offset( $offset ) {
		$this->utc_offset = intval( $offset );
	}

	/**
	 * UTC offset of this date.
	 *
	 * @return int
	 */
	public function getOffset(): int {
		return $this->utc_offset ? $this->utc_offset : parent::getOffset();
	}

	/**
	 * Missing timestamp helper (kept for compatibility with WooCommerce's API).
	 *
	 * @return int
	 */
	public function getTimestamp(): int {
		return method_exists( 'DateTime', 'getTimestamp' ) ? parent::getTimestamp() : (int) $this->format( 'U' );
	}

	/**
	 * Timestamp shifted by the offset (site-local "timestamp").
	 *
	 * @return int
	 */
	public function getOffsetTimestamp() {
		return $this->getTimestamp() + $this->getOffset();
	}

	/**
	 * Format in the date's own timezone.
	 *
	 * @param string $format Format.
	 * @return string
	 */
	public function date( $format ) {
		return gmdate( $format, $this->getOffsetTimestamp() );
	}

	/**
	 * Localised format.
	 *
	 * @param string $format Format.
	 * @return string
	 */
	public function date_i18n( $format = 'Y-m-d' ) {
		return date_i18n( $format, $this->getOffsetTimestamp() );
	}
}
