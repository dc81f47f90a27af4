<?php
/**
 * 40 random orders (tax rates incl. compound, inclusive/exclusive prices, round at subtotal,
 * taxed shipping, positive and negative fees, the three coupon types) must give exactly the
 * numbers a real WooCommerce 9.9.5 gave (recorded by fixtures/record-totals.php).
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

require_once __DIR__ . '/WooCommerceTestCase.php';
require_once __DIR__ . '/TotalsScenario.php';

/**
 * Totals recorded on a real WooCommerce.
 */
final class RecordedTotalsTest extends WooCommerceTestCase {

	/**
	 * Every recorded case gives the recorded totals, items and tax lines.
	 */
	public function test_totals_match_those_recorded_on_real_woocommerce(): void {
		$file = __DIR__ . '/fixtures/woocommerce-totals.json';
		$this->assertFileExists( $file );
		$recorded = json_decode( (string) file_get_contents( $file ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$this->assertIsArray( $recorded );
		$this->assertSame( $recorded['tax_rounding_mode'], wc_get_tax_rounding_mode(), 'The site loaded with another tax rounding mode (woocommerce_prices_include_tax) than the recording.' );
		$this->assertCount( 40, $recorded['cases'] );
		$this->assertSame( array_column( $recorded['cases'], 'scenario' ), TotalsScenario::generate( 20261123, 40 ), 'The scenarios are the generated ones.' );

		foreach ( $recorded['cases'] as $i => $case ) {
			$this->assertSame( $case['expected'], TotalsScenario::run( $case['scenario'], $this->tax_class ), "Case $i: " . wp_json_encode( $case['scenario'] ) );
		}
	}
}
