<?php
/**
 * The sidecar could not be asked, or did not answer usefully.
 *
 * @package WooSync
 */

namespace WooSync\Sidecar;

defined( 'ABSPATH' ) || exit;

/**
 * A failure to talk to the sidecar, with a stable code and whether retrying may help.
 */
final class SidecarError extends \RuntimeException {

	/**
	 * Constructor.
	 *
	 * @param string $error_code Stable code: sidecar_not_configured, sidecar_unreachable, sidecar_unauthorized, sidecar_bad_response.
	 * @param string $message    Words a person can act on.
	 * @param bool   $transient  Whether a later retry may succeed.
	 */
	public function __construct( public readonly string $error_code, string $message, public readonly bool $transient ) {
		parent::__construct( $message );
	}
}
