/**
 * bin/i18n.mjs for TypeScript (the tests): the same functions, typed. The tool itself stays
 * plain JavaScript so that `node bin/i18n.mjs` runs it without a build.
 */
// @ts-expect-error -- bin/i18n.mjs is JavaScript without a declaration file: typed below.
import * as untyped from './i18n.mjs';

export interface Call {
	file: string;
	line: number;
	name: string;
	args: ( string | null )[];
	comments: string[];
}

export interface Entry {
	msgctxt?: string | undefined;
	msgid: string;
	msgid_plural?: string | undefined;
	msgstr?: string[];
	references: string[];
	extracted: string[];
	flags?: string[];
}

export interface PoFile {
	comments?: string[];
	headers: Record< string, string >;
	entries: Entry[];
}

export interface ScriptTranslation {
	script: string;
	fileName: string;
	count: number;
	json: {
		'translation-revision-date': string;
		generator: string;
		source: string;
		domain: 'messages';
		locale_data: {
			messages: Record< string, unknown > & {
				'': {
					domain: 'messages';
					lang: string;
					'plural-forms': string;
				};
			};
		};
	};
}

interface I18n {
	DOMAIN: string;
	PROJECT_ROOT: string;
	POT_PATH: string;
	SCRIPTS: { sources: string; script: string }[];
	FUNCTIONS: Record< string, string[] >;
	sourceFiles: ( root: string ) => { php: string[]; script: string[] };
	scriptCalls: ( file: string, text: string ) => Call[];
	translatorsComment: ( raw: string ) => string | undefined;
	callsToEntries: ( calls: Call[] ) => {
		entries: Entry[];
		warnings: string[];
	};
	pluginHeaders: ( text: string ) => Record< string, string >;
	mergeEntries: ( headerEntries: Entry[], entries: Entry[] ) => Entry[];
	extract: ( root?: string ) => {
		headers: Record< string, string >;
		entries: Entry[];
		warnings: string[];
	};
	writePo: ( po: PoFile ) => string;
	buildPot: ( root?: string ) => {
		text: string;
		entries: Entry[];
		warnings: string[];
	};
	readPo: ( input: string | Buffer ) => {
		headers: Record< string, string >;
		entries: ( Entry & { msgstr: string[]; flags: string[] } )[];
	};
	localeOf: ( headers: Record< string, string >, file?: string ) => string;
	scriptTranslationFileName: ( locale: string, script: string ) => string;
	scriptTranslations: (
		input: string | Buffer,
		file?: string
	) => ScriptTranslation[];
	moTranslations: (
		input: string | Buffer,
		file?: string
	) => { fileName: string; buffer: Buffer; count: number };
	main: ( argv: string[] ) => number;
}

const i18n = untyped as I18n;

export const {
	DOMAIN,
	PROJECT_ROOT,
	POT_PATH,
	SCRIPTS,
	FUNCTIONS,
	sourceFiles,
	scriptCalls,
	translatorsComment,
	callsToEntries,
	pluginHeaders,
	mergeEntries,
	extract,
	writePo,
	buildPot,
	readPo,
	localeOf,
	scriptTranslationFileName,
	scriptTranslations,
	moTranslations,
	main,
} = i18n;
