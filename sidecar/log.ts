/**
 * Structured logs: one JSON object per line on stdout (time, level, msg, then fields).
 * Callers pass only what is safe to log: never secrets, tokens or request bodies.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record< LogLevel, number > = {
	debug: 10,
	info: 20,
	warn: 30,
	error: 40,
};

export type LogFields = Record< string, unknown >;

export interface Logger {
	log: ( level: LogLevel, msg: string, fields?: LogFields ) => void;
	debug: ( msg: string, fields?: LogFields ) => void;
	info: ( msg: string, fields?: LogFields ) => void;
	warn: ( msg: string, fields?: LogFields ) => void;
	error: ( msg: string, fields?: LogFields ) => void;
	/** An "info" line written whatever the level (listening, stopped). */
	notice: ( msg: string, fields?: LogFields ) => void;
}

/**
 * A logger writing JSON lines to `write` (stdout by default).
 * @param level Lowest level written.
 * @param write Line sink.
 * @param now   Clock.
 */
export function createLogger(
	level: LogLevel = 'info',
	write: ( line: string ) => void = ( line ) => {
		process.stdout.write( line );
	},
	now: () => Date = () => new Date()
): Logger {
	const emit = ( lvl: LogLevel, msg: string, fields: LogFields ) =>
		write(
			JSON.stringify( {
				time: now().toISOString(),
				level: lvl,
				msg,
				...fields,
			} ) + '\n'
		);
	const log = ( lvl: LogLevel, msg: string, fields: LogFields = {} ) => {
		if ( RANK[ lvl ] >= RANK[ level ] ) {
			emit( lvl, msg, fields );
		}
	};
	return {
		log,
		debug: ( msg, fields ) => log( 'debug', msg, fields ),
		info: ( msg, fields ) => log( 'info', msg, fields ),
		warn: ( msg, fields ) => log( 'warn', msg, fields ),
		error: ( msg, fields ) => log( 'error', msg, fields ),
		notice: ( msg, fields = {} ) => emit( 'info', msg, fields ),
	};
}
