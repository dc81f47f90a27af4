/**
 * Refusals travel as an exception inside the builders (so deep helpers can stop
 * the build with one statement) and leave the public API as a typed value.
 */
import type { RefusalCode } from './documents';

export class CoreRefusal extends Error {
	constructor(
		readonly code: RefusalCode,
		message: string
	) {
		super( message );
		this.name = 'CoreRefusal';
	}
}
