<?php
/**
 * The PHP half of bin/i18n.mjs: finds the gettext calls in PHP files with PHP's own tokenizer
 * and prints them as JSON. Which argument of which function is what (text, context, domain)
 * is decided by bin/i18n.mjs; this script only reports the calls.
 *
 * Usage: php bin/i18n-php.php ROOT FUNCTIONS FILE...
 *
 * FUNCTIONS is a comma-separated list of function names (e.g. `__,_x,_n`); FILE paths are
 * relative to ROOT. Output: `{"calls":[{"file","line","name","args":[string|null],"comments":[string]}]}`
 * where an argument is its string value when it is one plain string literal, else null, and
 * `comments` are the comments that end on the call's line or the line before it, or that
 * stand inside its parentheses before the first argument.
 *
 * @package WooSync
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

if ( $argc < 3 ) {
	fwrite( STDERR, "usage: php bin/i18n-php.php ROOT FUNCTIONS FILE...\n" );
	exit( 2 );
}

$woosync_i18n_root      = rtrim( $argv[1], '/' );
$woosync_i18n_functions = array_flip( array_filter( explode( ',', $argv[2] ) ) );
$woosync_i18n_calls     = array();

foreach ( array_slice( $argv, 3 ) as $woosync_i18n_file ) {
	$woosync_i18n_code = file_get_contents( $woosync_i18n_root . '/' . $woosync_i18n_file );
	if ( false === $woosync_i18n_code ) {
		fwrite( STDERR, "i18n-php: cannot read $woosync_i18n_file\n" );
		exit( 1 );
	}
	foreach ( woosync_i18n_calls( $woosync_i18n_code, $woosync_i18n_functions ) as $woosync_i18n_call ) {
		$woosync_i18n_calls[] = array( 'file' => $woosync_i18n_file ) + $woosync_i18n_call;
	}
}

echo json_encode( array( 'calls' => $woosync_i18n_calls ), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR ), "\n";

/**
 * The calls of the given global functions in one PHP file.
 *
 * @param string            $code      The file's text.
 * @param array<string,int> $functions Function names (as keys).
 * @return list<array{line:int,name:string,args:list<string|null>,comments:list<string>}>
 */
function woosync_i18n_calls( string $code, array $functions ): array {
	$significant = array();
	$comments    = array();
	foreach ( PhpToken::tokenize( $code ) as $token ) {
		if ( $token->is( array( T_COMMENT, T_DOC_COMMENT ) ) ) {
			// A `//` comment's token ends with its newline: that newline is not part of it.
			$text       = rtrim( $token->text, "\r\n" );
			$comments[] = array(
				'pos'  => $token->pos,
				'end'  => $token->line + substr_count( $text, "\n" ),
				'text' => $text,
			);
		} elseif ( ! $token->is( array( T_WHITESPACE, T_OPEN_TAG, T_CLOSE_TAG, T_INLINE_HTML ) ) ) {
			$significant[] = $token;
		}
	}

	$not_a_call = array( T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_CONST );
	$calls      = array();
	$count      = count( $significant );
	for ( $i = 0; $i < $count; $i++ ) {
		$token = $significant[ $i ];
		if ( $token->is( T_STRING ) ) {
			$name = $token->text;
		} elseif ( $token->is( T_NAME_FULLY_QUALIFIED ) ) {
			$name = substr( $token->text, 1 );
		} else {
			continue;
		}
		if ( ! isset( $functions[ $name ] ) || ! isset( $significant[ $i + 1 ] ) || '(' !== $significant[ $i + 1 ]->text ) {
			continue;
		}
		if ( $i > 0 && $significant[ $i - 1 ]->is( $not_a_call ) ) {
			continue;
		}

		list( $args, $close ) = woosync_i18n_arguments( $significant, $i + 1 );

		$open_pos  = $significant[ $i + 1 ]->pos;
		$first_pos = isset( $args[0][0] ) ? $args[0][0]->pos : ( $significant[ $close ]->pos ?? PHP_INT_MAX );
		$related   = array();
		foreach ( $comments as $comment ) {
			$before = $comment['pos'] < $token->pos && ( $comment['end'] === $token->line || $comment['end'] === $token->line - 1 );
			$inside = $comment['pos'] > $open_pos && $comment['pos'] < $first_pos;
			if ( $before || $inside ) {
				$related[] = $comment['text'];
			}
		}

		$calls[] = array(
			'line'     => $token->line,
			'name'     => $name,
			'args'     => array_map( 'woosync_i18n_literal', $args ),
			'comments' => $related,
		);
	}//end for
	return $calls;
}

/**
 * A call's arguments, split on the commas at its own depth, and where its parenthesis closes.
 *
 * @param PhpToken[] $significant The file's tokens without whitespace and comments.
 * @param int        $open        Index of the call's opening parenthesis.
 * @return array{0:list<list<PhpToken>>,1:int}
 */
function woosync_i18n_arguments( array $significant, int $open ): array {
	$count = count( $significant );
	$args  = array();
	$arg   = array();
	$depth = 0;
	for ( $j = $open; $j < $count; $j++ ) {
		$t = $significant[ $j ];
		if ( in_array( $t->text, array( '(', '[', '{' ), true ) || $t->is( array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ) ) ) {
			++$depth;
			if ( 1 === $depth ) {
				continue;
			}
		} elseif ( in_array( $t->text, array( ')', ']', '}' ), true ) ) {
			--$depth;
			if ( 0 === $depth ) {
				if ( array() !== $arg ) {
					$args[] = $arg;
				}
				return array( $args, $j );
			}
		} elseif ( 1 === $depth && ',' === $t->text ) {
			$args[] = $arg;
			$arg    = array();
			continue;
		}
		$arg[] = $t;
	}//end for
	return array( $args, $count );
}

/**
 * An argument's value when it is exactly one string literal without interpolation, else null.
 *
 * @param PhpToken[] $tokens The argument's tokens (no whitespace or comments).
 */
function woosync_i18n_literal( array $tokens ): ?string {
	if ( 1 !== count( $tokens ) || ! $tokens[0]->is( T_CONSTANT_ENCAPSED_STRING ) ) {
		return null;
	}
	$text = $tokens[0]->text;
	if ( 'b' === $text[0] || 'B' === $text[0] ) {
		$text = substr( $text, 1 );
	}
	$quote = $text[0];
	$body  = substr( $text, 1, -1 );
	if ( "'" === $quote ) {
		return preg_replace_callback(
			'/\\\\([\\\\\'])/',
			static fn( array $m ): string => $m[1],
			$body
		);
	}
	return preg_replace_callback(
		'/\\\\(?:([nrtvef\\\\$"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]+)\})/',
		static function ( array $m ): string {
			if ( isset( $m[1] ) && '' !== $m[1] ) {
				$simple = array(
					'n'  => "\n",
					'r'  => "\r",
					't'  => "\t",
					'v'  => "\v",
					'e'  => "\e",
					'f'  => "\f",
					'\\' => '\\',
					'$'  => '$',
					'"'  => '"',
				);
				return $simple[ $m[1] ];
			}
			if ( isset( $m[2] ) && '' !== $m[2] ) {
				return chr( octdec( $m[2] ) % 256 );
			}
			if ( isset( $m[3] ) && '' !== $m[3] ) {
				return chr( (int) hexdec( $m[3] ) );
			}
			return mb_chr( (int) hexdec( $m[4] ), 'UTF-8' );
		},
		$body
	);
}
