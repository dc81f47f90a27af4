/**
 * The sandbox's embedded database: SQLite (sql.js, compiled to WebAssembly, shipped in the npm
 * package). The whole database lives in memory and is written to `<dataDir>/perfex.sqlite`
 * atomically (temp file + rename) after every committed write.
 */
import {
	mkdirSync,
	readFileSync,
	renameSync,
	writeFileSync,
	existsSync,
} from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import type { Database, SqlValue } from 'sql.js';

export type Row = Record< string, SqlValue >;
export type Param = string | number | null;

export class SandboxDb {
	private inTransaction = false;

	private constructor(
		private readonly db: Database,
		private readonly file: string | null
	) {}

	static async open( dataDir: string | null ): Promise< SandboxDb > {
		const SQL = await initSqlJs();
		let file: string | null = null;
		let db: Database;
		if ( dataDir !== null ) {
			mkdirSync( dataDir, { recursive: true } );
			file = join( dataDir, 'perfex.sqlite' );
			db = existsSync( file )
				? new SQL.Database( readFileSync( file ) )
				: new SQL.Database();
		} else {
			db = new SQL.Database();
		}
		return new SandboxDb( db, file );
	}

	all( sql: string, params: Param[] = [] ): Row[] {
		const statement = this.db.prepare( sql );
		try {
			statement.bind( params );
			const rows: Row[] = [];
			while ( statement.step() ) {
				rows.push( statement.getAsObject() );
			}
			return rows;
		} finally {
			statement.free();
		}
	}

	get( sql: string, params: Param[] = [] ): Row | undefined {
		return this.all( sql, params )[ 0 ];
	}

	run(
		sql: string,
		params: Param[] = []
	): { lastId: number; changes: number } {
		this.db.run( sql, params );
		const lastId = Number(
			this.db.exec( 'SELECT last_insert_rowid()' )[ 0 ]
				?.values[ 0 ]?.[ 0 ] ?? 0
		);
		return { lastId, changes: this.db.getRowsModified() };
	}

	exec( sql: string ): void {
		this.db.exec( sql );
	}

	/**
	 * Runs `fn` in a transaction; on success commits and persists, on error rolls back.
	 * @param fn
	 */
	transaction< T >( fn: () => T ): T {
		if ( this.inTransaction ) {
			return fn();
		}
		this.db.exec( 'BEGIN' );
		this.inTransaction = true;
		try {
			const result = fn();
			this.db.exec( 'COMMIT' );
			this.inTransaction = false;
			this.persist();
			return result;
		} catch ( error ) {
			this.inTransaction = false;
			this.db.exec( 'ROLLBACK' );
			throw error;
		}
	}

	persist(): void {
		if ( this.file === null ) {
			return;
		}
		const temp = `${ this.file }.${ process.pid }.tmp`;
		writeFileSync( temp, this.db.export() );
		renameSync( temp, this.file );
	}

	close(): void {
		this.db.close();
	}
}
