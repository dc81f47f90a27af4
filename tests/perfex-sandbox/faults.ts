/**
 * Fault injection, set per run (flags) or at run time (admin endpoint /__sandbox/faults).
 *
 * Rule kinds:
 * - error: answer `status` (default 500) without doing anything
 * - rate_limit: answer 429 with `Retry-After: retryAfter` (seconds, default 1)
 * - timeout: never answer (the socket is closed after `hangMs`, default 30 s); nothing is written
 * - drop: do the work (commit), then close the connection without an answer
 * - drop_before: close the connection without doing anything
 *
 * A rule matches on method (optional) and path: a prefix of the path after /api
 * (`/invoices`), or a regular expression when it starts with `^`. `rate` (0..1, default 1) is
 * drawn from a seeded generator; `times` limits how often the rule fires.
 */
import { z } from 'zod';

export const faultRuleSchema = z.object( {
	method: z.string().optional(),
	path: z.string(),
	kind: z.enum( [ 'error', 'rate_limit', 'timeout', 'drop', 'drop_before' ] ),
	rate: z.number().min( 0 ).max( 1 ).default( 1 ),
	times: z.number().int().positive().optional(),
	status: z.number().int().min( 400 ).max( 599 ).default( 500 ),
	retryAfter: z.number().min( 0 ).default( 1 ),
	hangMs: z.number().int().positive().default( 30_000 ),
} );
export type FaultRule = z.output< typeof faultRuleSchema >;

export const faultConfigSchema = z.object( {
	latencyMs: z.number().int().min( 0 ).default( 0 ),
	seed: z.number().int().default( 1 ),
	rules: z.array( faultRuleSchema ).default( [] ),
} );
export type FaultConfig = z.output< typeof faultConfigSchema >;

/* eslint-disable no-bitwise -- a tiny seeded PRNG (mulberry32) */
function mulberry32( seed: number ): () => number {
	let a = seed >>> 0;
	return () => {
		a = ( a + 0x6d2b79f5 ) >>> 0;
		let t = a;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}

/* eslint-enable no-bitwise */

export class Faults {
	private config: FaultConfig;
	private random: () => number;
	private remaining: Array< number | undefined > = [];

	constructor( config: Partial< FaultConfig > = {} ) {
		this.config = faultConfigSchema.parse( config );
		this.random = mulberry32( this.config.seed );
		this.remaining = this.config.rules.map( ( rule ) => rule.times );
	}

	get latencyMs(): number {
		return this.config.latencyMs;
	}

	set( config: unknown ): FaultConfig {
		this.config = faultConfigSchema.parse( config );
		this.random = mulberry32( this.config.seed );
		this.remaining = this.config.rules.map( ( rule ) => rule.times );
		return this.config;
	}

	add( rule: unknown ): FaultConfig {
		const parsed = faultRuleSchema.parse( rule );
		this.config.rules.push( parsed );
		this.remaining.push( parsed.times );
		return this.config;
	}

	current(): FaultConfig & { remaining: Array< number | null > } {
		return {
			...this.config,
			remaining: this.remaining.map( ( value ) => value ?? null ),
		};
	}

	/**
	 * The rule to apply to this request, if any (consumes one of its `times`).
	 * @param method
	 * @param path
	 */
	pick( method: string, path: string ): FaultRule | null {
		for ( const [ index, rule ] of this.config.rules.entries() ) {
			if (
				rule.method &&
				rule.method.toUpperCase() !== method.toUpperCase()
			) {
				continue;
			}
			const matches = rule.path.startsWith( '^' )
				? new RegExp( rule.path ).test( path )
				: path.startsWith( rule.path );
			if ( ! matches ) {
				continue;
			}
			const left = this.remaining[ index ];
			if ( left !== undefined && left <= 0 ) {
				continue;
			}
			if ( rule.rate < 1 && this.random() >= rule.rate ) {
				continue;
			}
			if ( left !== undefined ) {
				this.remaining[ index ] = left - 1;
			}
			return rule;
		}
		return null;
	}
}
