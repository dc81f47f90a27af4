/**
 * In-process metrics in the Prometheus text exposition format (version 0.0.4): counters,
 * histograms and a few gauges. The only state the sidecar keeps across requests.
 */

type Labels = Record< string, string >;

function labelText( labels: Labels ): string {
	const parts = Object.entries( labels ).map(
		( [ name, value ] ) =>
			`${ name }="${ value
				.replace( /\\/g, '\\\\' )
				.replace( /\n/g, '\\n' )
				.replace( /"/g, '\\"' ) }"`
	);
	return parts.length === 0 ? '' : `{${ parts.join( ',' ) }}`;
}

function seriesKey( labels: Labels ): string {
	return JSON.stringify( Object.entries( labels ) );
}

class Counter {
	private readonly values = new Map<
		string,
		{ labels: Labels; value: number }
	>();

	constructor(
		readonly name: string,
		readonly help: string
	) {}

	inc( labels: Labels = {}, by = 1 ): void {
		const k = seriesKey( labels );
		const entry = this.values.get( k );
		if ( entry ) {
			entry.value += by;
		} else {
			this.values.set( k, { labels, value: by } );
		}
	}

	get( labels: Labels = {} ): number {
		return this.values.get( seriesKey( labels ) )?.value ?? 0;
	}

	render(): string[] {
		const lines = [
			`# HELP ${ this.name } ${ this.help }`,
			`# TYPE ${ this.name } counter`,
		];
		for ( const { labels, value } of this.values.values() ) {
			lines.push( `${ this.name }${ labelText( labels ) } ${ value }` );
		}
		return lines;
	}
}

class Histogram {
	private readonly series = new Map<
		string,
		{ labels: Labels; counts: number[]; sum: number; count: number }
	>();

	constructor(
		readonly name: string,
		readonly help: string,
		readonly buckets: readonly number[]
	) {}

	observe( labels: Labels, value: number ): void {
		const k = seriesKey( labels );
		let entry = this.series.get( k );
		if ( ! entry ) {
			entry = {
				labels,
				counts: this.buckets.map( () => 0 ),
				sum: 0,
				count: 0,
			};
			this.series.set( k, entry );
		}
		this.buckets.forEach( ( bound, index ) => {
			if ( value <= bound && entry ) {
				entry.counts[ index ] = ( entry.counts[ index ] ?? 0 ) + 1;
			}
		} );
		entry.sum += value;
		entry.count += 1;
	}

	render(): string[] {
		const lines = [
			`# HELP ${ this.name } ${ this.help }`,
			`# TYPE ${ this.name } histogram`,
		];
		for ( const { labels, counts, sum, count } of this.series.values() ) {
			this.buckets.forEach( ( bound, index ) => {
				lines.push(
					`${ this.name }_bucket${ labelText( {
						...labels,
						le: String( bound ),
					} ) } ${ counts[ index ] ?? 0 }`
				);
			} );
			lines.push(
				`${ this.name }_bucket${ labelText( { ...labels, le: '+Inf' } ) } ${ count }`
			);
			lines.push( `${ this.name }_sum${ labelText( labels ) } ${ sum }` );
			lines.push(
				`${ this.name }_count${ labelText( labels ) } ${ count }`
			);
		}
		return lines;
	}
}

const LATENCY_BUCKETS = [
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

export class Metrics {
	readonly requests = new Counter(
		'woosync_sidecar_http_requests_total',
		'Requests answered, by route, method and HTTP status.'
	);
	readonly requestSeconds = new Histogram(
		'woosync_sidecar_http_request_duration_seconds',
		'Time to answer a request, by route.',
		LATENCY_BUCKETS
	);
	readonly syncOutcomes = new Counter(
		'woosync_sidecar_sync_outcomes_total',
		'Invoice syncs by outcome and error code.'
	);
	readonly perfexCalls = new Counter(
		'woosync_sidecar_perfex_requests_total',
		'HTTP requests to Perfex (every attempt), by method, resource and status ("network" when there was no answer).'
	);
	readonly perfexSeconds = new Histogram(
		'woosync_sidecar_perfex_request_duration_seconds',
		'Time of one Perfex HTTP request, by method and resource.',
		LATENCY_BUCKETS
	);
	readonly perfexRetries = new Counter(
		'woosync_sidecar_perfex_retries_total',
		'Perfex requests retried by the client, by method and resource.'
	);
	readonly perfexFailures = new Counter(
		'woosync_sidecar_perfex_failures_total',
		'Perfex errors that ended a sync or status request, by error code.'
	);
	readonly authFailures = new Counter(
		'woosync_sidecar_auth_failures_total',
		'Requests refused for their signature, by reason.'
	);
	inFlight = 0;
	private readonly started = Date.now();

	render(): string {
		const memory = process.memoryUsage();
		const cpu = process.cpuUsage();
		const lines = [
			...this.requests.render(),
			...this.requestSeconds.render(),
			...this.syncOutcomes.render(),
			...this.perfexCalls.render(),
			...this.perfexSeconds.render(),
			...this.perfexRetries.render(),
			...this.perfexFailures.render(),
			...this.authFailures.render(),
			'# HELP woosync_sidecar_in_flight_requests Requests being answered now.',
			'# TYPE woosync_sidecar_in_flight_requests gauge',
			`woosync_sidecar_in_flight_requests ${ this.inFlight }`,
			'# HELP process_cpu_seconds_total User and system CPU time spent.',
			'# TYPE process_cpu_seconds_total counter',
			`process_cpu_seconds_total ${ ( cpu.user + cpu.system ) / 1e6 }`,
			'# HELP process_resident_memory_bytes Resident set size.',
			'# TYPE process_resident_memory_bytes gauge',
			`process_resident_memory_bytes ${ memory.rss }`,
			'# HELP nodejs_heap_used_bytes V8 heap in use.',
			'# TYPE nodejs_heap_used_bytes gauge',
			`nodejs_heap_used_bytes ${ memory.heapUsed }`,
			'# HELP process_uptime_seconds Seconds since the sidecar started.',
			'# TYPE process_uptime_seconds gauge',
			`process_uptime_seconds ${ ( Date.now() - this.started ) / 1000 }`,
		];
		return lines.join( '\n' ) + '\n';
	}
}
