<?php
/**
 * Encryption at rest for the secrets WooSync keeps (Perfex token, sidecar secret).
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * Seals and opens secrets with libsodium's secretbox (XSalsa20-Poly1305).
 *
 * The key is derived from the `WOOSYNC_ENCRYPTION_KEY` constant when wp-config.php defines it,
 * else from the site's auth salt. A database dump alone therefore does not reveal the secrets;
 * changing the salt (or the constant) makes them unreadable, and they must be entered again.
 */
final class Secrets {

	private const PREFIX = 'v1:';

	/**
	 * Seals a secret for storage.
	 *
	 * @param string $plain The secret.
	 * @return string `v1:` + base64(nonce + ciphertext).
	 */
	public static function encrypt( string $plain ): string {
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		return self::PREFIX . base64_encode( $nonce . sodium_crypto_secretbox( $plain, $nonce, self::key() ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary ciphertext in an option.
	}

	/**
	 * Opens a sealed secret.
	 *
	 * @param string $sealed What encrypt() returned.
	 * @return string|null The secret, or null when it cannot be opened (other key, damaged).
	 */
	public static function decrypt( string $sealed ): ?string {
		if ( 0 !== strpos( $sealed, self::PREFIX ) ) {
			return null;
		}
		$raw = base64_decode( substr( $sealed, strlen( self::PREFIX ) ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- see encrypt().
		if ( false === $raw || strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ) {
			return null;
		}
		$plain = sodium_crypto_secretbox_open(
			substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			self::key()
		);
		return false === $plain ? null : $plain;
	}

	/**
	 * The 32-byte key.
	 */
	private static function key(): string {
		$material = defined( 'WOOSYNC_ENCRYPTION_KEY' ) && is_string( WOOSYNC_ENCRYPTION_KEY ) && '' !== WOOSYNC_ENCRYPTION_KEY
			? WOOSYNC_ENCRYPTION_KEY
			: wp_salt( 'auth' );
		return sodium_crypto_generichash( 'woosync-secrets|' . $material, '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
	}
}
