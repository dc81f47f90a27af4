<?php
/**
 * Action Scheduler public API (subset of AS 3.8): as_* functions, ActionScheduler,
 * ActionScheduler_Store constants, queue runner on WP-Cron, logs, WP-CLI "action-scheduler run".
 *
 * Tables: {prefix}actionscheduler_actions, _groups, _logs (AS's names; simplified columns).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Action Scheduler's DateTime (UTC unless an offset is set).
 */
class ActionScheduler_DateTime extends DateTime {

	/**
	 * Offset from UTC in seconds (0 = use the timezone).
	 *
	 * @var int
	 */
	protected $utc_offset = 0;

	/**
	 * Set a fixed UTC offset.
	 *
	 * @param int $offset Seconds.
	 * @return void
	 */
	public function setUtcOffset( $offset ) { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid
		$this->utc_offset = intval( $offset );
	}

	/**
	 * Offset.
	 *
	 * @return int
	 */
	#[\ReturnTypeWillChange]
	public function getOffset() {
		return $this->utc_offset ? $this->utc_offset : parent::getOffset();
	}

	/**
	 * Timestamp shifted by the offset.
	 *
	 * @return int
	 */
	public function getOffsetTimestamp() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid
		return $this->getTimestamp() + $this->getOffset();
	}
}

/**
 * Schedule: a date (or null for async) and an optional interval.
 */
class ActionScheduler_Schedule_Standin {

	/**
	 * Date (UTC) or null.
	 *
	 * @var DateTime|null
	 */
	protected $date;

	/**
	 * Interval in seconds (0 = not recurring).
	 *
	 * @var int
	 */
	protected $interval;

	/**
	 * First run of a recurring schedule.
	 *
	 * @var int
	 */
	protected $start;

	/**
	 * Constructor.
	 *
	 * @param int|null $timestamp Timestamp or null.
	 * @param int      $interval  Interval.
	 * @param int      $start     Start.
	 */
	public function __construct( $timestamp, $interval = 0, $start = 0 ) {
		$this->date     = null === $timestamp ? null : as_get_datetime_object( $timestamp );
		$this->interval = (int) $interval;
		$this->start    = (int) ( $start ? $start : $timestamp );
	}

	/**
	 * Date.
	 *
	 * @return DateTime|null
	 */
	public function get_date() {
		return $this->date;
	}

	/**
	 * Next run after a date.
	 *
	 * @param DateTime $after Date.
	 * @return DateTime|null
	 */
	public function get_next( DateTime $after ) {
		if ( ! $this->interval ) {
			return $this->date && $this->date > $after ? $this->date : null;
		}
		$t = $this->start;
		if ( $t <= $after->getTimestamp() ) {
			$t += (int) ( ceil( ( $after->getTimestamp() - $t + 1 ) / $this->interval ) * $this->interval );
		}
		return as_get_datetime_object( $t );
	}

	/**
	 * Recurring?
	 *
	 * @return bool
	 */
	public function is_recurring() {
		return $this->interval > 0;
	}

	/**
	 * Interval.
	 *
	 * @return int
	 */
	public function get_recurrence() {
		return $this->interval;
	}

	/**
	 * Interval (alias).
	 *
	 * @return int
	 */
	public function interval_in_seconds() {
		return $this->interval;
	}

	/**
	 * Start.
	 *
	 * @return int
	 */
	public function get_start_timestamp() {
		return $this->start;
	}
}

/**
 * An action.
 */
class ActionScheduler_Action {

	/**
	 * Hook.
	 *
	 * @var string
	 */
	protected $hook;

	/**
	 * Args.
	 *
	 * @var array
	 */
	protected $args;

	/**
	 * Schedule.
	 *
	 * @var ActionScheduler_Schedule_Standin
	 */
	protected $schedule;

	/**
	 * Group slug.
	 *
	 * @var string
	 */
	protected $group;

	/**
	 * Priority.
	 *
	 * @var int
	 */
	protected $priority;

	/**
	 * Status.
	 *
	 * @var string
	 */
	protected $status;

	/**
	 * Constructor.
	 *
	 * @param string                           $hook     Hook.
	 * @param array                            $args     Args.
	 * @param ActionScheduler_Schedule_Standin $schedule Schedule.
	 * @param string                           $group    Group.
	 * @param int                              $priority Priority.
	 * @param string                           $status   Status.
	 */
	public function __construct( $hook, array $args = array(), $schedule = null, $group = '', $priority = 10, $status = 'pending' ) {
		$this->hook     = $hook;
		$this->args     = $args;
		$this->schedule = $schedule ? $schedule : new ActionScheduler_Schedule_Standin( null );
		$this->group    = (string) $group;
		$this->priority = (int) $priority;
		$this->status   = $status;
	}

	/**
	 * Run the hook with the args as positional parameters.
	 *
	 * @return void
	 */
	public function execute() {
		do_action_ref_array( $this->hook, array_values( $this->args ) );
	}

	/**
	 * Hook.
	 *
	 * @return string
	 */
	public function get_hook() {
		return $this->hook;
	}

	/**
	 * Args.
	 *
	 * @return array
	 */
	public function get_args() {
		return $this->args;
	}

	/**
	 * Schedule.
	 *
	 * @return ActionScheduler_Schedule_Standin
	 */
	public function get_schedule() {
		return $this->schedule;
	}

	/**
	 * Group.
	 *
	 * @return string
	 */
	public function get_group() {
		return $this->group;
	}

	/**
	 * Priority.
	 *
	 * @return int
	 */
	public function get_priority() {
		return $this->priority;
	}

	/**
	 * Finished (complete, failed or canceled)?
	 *
	 * @return bool
	 */
	public function is_finished() {
		return in_array( $this->status, array( ActionScheduler_Store::STATUS_COMPLETE, ActionScheduler_Store::STATUS_FAILED, ActionScheduler_Store::STATUS_CANCELED ), true );
	}
}

/**
 * Store: constants and queries.
 */
class ActionScheduler_Store {

	const STATUS_COMPLETE = 'complete';
	const STATUS_PENDING  = 'pending';
	const STATUS_RUNNING  = 'in-progress';
	const STATUS_FAILED   = 'failed';
	const STATUS_CANCELED = 'canceled';

	/**
	 * Instance.
	 *
	 * @var ActionScheduler_Store|null
	 */
	private static $instance = null;

	/**
	 * Instance.
	 *
	 * @return ActionScheduler_Store
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Statuses with labels.
	 *
	 * @return array
	 */
	public function get_status_labels() {
		return array(
			self::STATUS_COMPLETE => __( 'Complete', 'woocommerce' ),
			self::STATUS_PENDING  => __( 'Pending', 'woocommerce' ),
			self::STATUS_RUNNING  => __( 'In-progress', 'woocommerce' ),
			self::STATUS_FAILED   => __( 'Failed', 'woocommerce' ),
			self::STATUS_CANCELED => __( 'Canceled', 'woocommerce' ),
		);
	}

	/**
	 * Create tables.
	 *
	 * @return void
	 */
	public static function standin_create_tables() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$c = $wpdb->get_charset_collate();
		$p = $wpdb->prefix;
		dbDelta(
			"CREATE TABLE {$p}actionscheduler_actions (
  action_id bigint(20) unsigned NOT NULL auto_increment,
  hook varchar(191) NOT NULL,
  status varchar(20) NOT NULL,
  scheduled_date_gmt datetime NULL DEFAULT NULL,
  scheduled_date_local datetime NULL DEFAULT NULL,
  priority tinyint(3) unsigned NOT NULL DEFAULT 10,
  args varchar(191),
  schedule longtext,
  group_id bigint(20) unsigned NOT NULL DEFAULT 0,
  attempts int(11) NOT NULL DEFAULT 0,
  last_attempt_gmt datetime NULL DEFAULT NULL,
  last_attempt_local datetime NULL DEFAULT NULL,
  claim_id bigint(20) unsigned NOT NULL DEFAULT 0,
  extended_args varchar(8000) DEFAULT NULL,
  PRIMARY KEY  (action_id),
  KEY hook_status_scheduled_date_gmt (hook(163),status,scheduled_date_gmt),
  KEY status_scheduled_date_gmt (status,scheduled_date_gmt),
  KEY args (args),
  KEY group_id (group_id)
) $c;
CREATE TABLE {$p}actionscheduler_groups (
  group_id bigint(20) unsigned NOT NULL auto_increment,
  slug varchar(255) NOT NULL,
  PRIMARY KEY  (group_id),
  KEY slug (slug(191))
) $c;
CREATE TABLE {$p}actionscheduler_logs (
  log_id bigint(20) unsigned NOT NULL auto_increment,
  action_id bigint(20) unsigned NOT NULL,
  message text NOT NULL,
  log_date_gmt datetime NULL DEFAULT NULL,
  log_date_local datetime NULL DEFAULT NULL,
  PRIMARY KEY  (log_id),
  KEY action_id (action_id)
) $c;"
		);
	}

	/**
	 * Stored args column value: JSON, or its md5 when longer than 191 characters.
	 *
	 * @param array $args Args.
	 * @return array args column, extended_args
	 */
	protected function args_columns( $args ) {
		$json = wp_json_encode( $args );
		if ( strlen( $json ) <= 191 ) {
			return array( $json, null );
		}
		return array( md5( $json ), $json );
	}

	/**
	 * Group id (created on demand).
	 *
	 * @param string $slug   Slug.
	 * @param bool   $create Create.
	 * @return int
	 */
	protected function get_group_id( $slug, $create = true ) {
		global $wpdb;
		if ( '' === (string) $slug ) {
			return 0;
		}
		$id = (int) $wpdb->get_var( $wpdb->prepare( "SELECT group_id FROM {$wpdb->prefix}actionscheduler_groups WHERE slug = %s", $slug ) );
		if ( ! $id && $create ) {
			$wpdb->insert( $wpdb->prefix . 'actionscheduler_groups', array( 'slug' => $slug ) );
			$id = (int) $wpdb->insert_id;
		}
		return $id;
	}

	/**
	 * Insert an action; with $unique, nothing is inserted (0 returned) when a pending or
	 * running action has the same hook and group (args are not compared, like AS).
	 *
	 * @param ActionScheduler_Action $action Action.
	 * @param bool                   $unique Unique.
	 * @return int
	 */
	public function save_action( ActionScheduler_Action $action, $unique = false ) {
		global $wpdb;
		$group_id = $this->get_group_id( $action->get_group() );
		if ( $unique ) {
			$exists = $wpdb->get_var(
				$wpdb->prepare(
					"SELECT action_id FROM {$wpdb->prefix}actionscheduler_actions WHERE hook = %s AND group_id = %d AND status IN ( %s, %s ) LIMIT 1",
					$action->get_hook(),
					$group_id,
					self::STATUS_PENDING,
					self::STATUS_RUNNING
				)
			);
			if ( $exists ) {
				return 0;
			}
		}
		$date               = $action->get_schedule()->get_date();
		$timestamp          = $date ? $date->getTimestamp() : time();
		list( $args, $ext ) = $this->args_columns( $action->get_args() );
		$schedule           = $action->get_schedule();
		$ok                 = $wpdb->insert(
			$wpdb->prefix . 'actionscheduler_actions',
			array(
				'hook'                 => $action->get_hook(),
				'status'               => self::STATUS_PENDING,
				'scheduled_date_gmt'   => gmdate( 'Y-m-d H:i:s', $timestamp ),
				'scheduled_date_local' => get_date_from_gmt( gmdate( 'Y-m-d H:i:s', $timestamp ) ),
				'priority'             => max( 0, min( 255, $action->get_priority() ) ),
				'args'                 => $args,
				'extended_args'        => $ext,
				'schedule'             => wp_json_encode(
					array(
						'date'     => $date ? $timestamp : null,
						'interval' => $schedule->get_recurrence(),
						'start'    => $schedule->get_start_timestamp(),
					)
				),
				'group_id'             => $group_id,
			)
		);
		if ( ! $ok ) {
			return 0;
		}
		$id = (int) $wpdb->insert_id;
		do_action( 'action_scheduler_stored_action', $id );
		return $id;
	}

	/**
	 * Fetch an action.
	 *
	 * @param int $action_id Id.
	 * @return ActionScheduler_Action|null
	 */
	public function fetch_action( $action_id ) {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT a.*, g.slug AS group_slug FROM {$wpdb->prefix}actionscheduler_actions a LEFT JOIN {$wpdb->prefix}actionscheduler_groups g ON g.group_id = a.group_id WHERE a.action_id = %d", $action_id ) );
		if ( ! $row ) {
			return null;
		}
		$args     = json_decode( $row->extended_args ? $row->extended_args : (string) $row->args, true );
		$schedule = json_decode( (string) $row->schedule, true );
		$schedule = new ActionScheduler_Schedule_Standin( isset( $schedule['date'] ) ? $schedule['date'] : null, isset( $schedule['interval'] ) ? $schedule['interval'] : 0, isset( $schedule['start'] ) ? $schedule['start'] : 0 );
		return new ActionScheduler_Action( $row->hook, is_array( $args ) ? $args : array(), $schedule, (string) $row->group_slug, (int) $row->priority, $row->status );
	}

	/**
	 * Status of an action.
	 *
	 * @param int $action_id Id.
	 * @return string
	 * @throws InvalidArgumentException When the action does not exist.
	 */
	public function get_status( $action_id ) {
		global $wpdb;
		$status = $wpdb->get_var( $wpdb->prepare( "SELECT status FROM {$wpdb->prefix}actionscheduler_actions WHERE action_id = %d", $action_id ) );
		if ( null === $status ) {
			throw new InvalidArgumentException( 'Invalid action ID. No status found.' );
		}
		return $status;
	}

	/**
	 * Query action ids.
	 *
	 * @param array  $query      hook, args, group, status, date, date_compare, per_page, offset, orderby, order, claimed.
	 * @param string $query_type select|count.
	 * @return array|int
	 */
	public function query_actions( $query = array(), $query_type = 'select' ) {
		global $wpdb;
		$query = wp_parse_args(
			$query,
			array(
				'hook'         => '',
				'args'         => null,
				'group'        => '',
				'status'       => '',
				'date'         => null,
				'date_compare' => '<=',
				'modified'     => null,
				'per_page'     => 5,
				'offset'       => 0,
				'orderby'      => 'date',
				'order'        => 'ASC',
			)
		);
		$where = array( '1=1' );
		if ( '' !== $query['hook'] ) {
			$where[] = $wpdb->prepare( 'a.hook = %s', $query['hook'] );
		}
		if ( ! is_null( $query['args'] ) ) {
			list( $args ) = $this->args_columns( (array) $query['args'] );
			$where[]      = $wpdb->prepare( 'a.args = %s', $args );
		}
		if ( '' !== (string) $query['group'] ) {
			$where[] = $wpdb->prepare( 'a.group_id = %d', $this->get_group_id( $query['group'], false ) );
		}
		if ( $query['status'] ) {
			$statuses = (array) $query['status'];
			$where[]  = "a.status IN ('" . implode( "','", array_map( 'esc_sql', $statuses ) ) . "')";
		}
		if ( $query['date'] ) {
			$date    = as_get_datetime_object( $query['date'] );
			$compare = in_array( $query['date_compare'], array( '<', '<=', '>', '>=', '=', '!=' ), true ) ? $query['date_compare'] : '<=';
			$where[] = $wpdb->prepare( "a.scheduled_date_gmt {$compare} %s", $date->format( 'Y-m-d H:i:s' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		if ( isset( $query['claimed'] ) ) {
			$where[] = $query['claimed'] ? 'a.claim_id != 0' : 'a.claim_id = 0';
		}
		$where_sql = implode( ' AND ', $where );
		if ( 'count' === $query_type ) {
			return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}actionscheduler_actions a WHERE {$where_sql}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		$orderby_map = array(
			'hook'      => 'a.hook',
			'group'     => 'a.group_id',
			'modified'  => 'a.last_attempt_gmt',
			'date'      => 'a.scheduled_date_gmt',
			'action_id' => 'a.action_id',
		);
		$order       = 'DESC' === strtoupper( (string) $query['order'] ) ? 'DESC' : 'ASC';
		$order_sql   = 'none' === $query['orderby'] ? '' : 'ORDER BY ' . ( isset( $orderby_map[ $query['orderby'] ] ) ? $orderby_map[ $query['orderby'] ] : 'a.scheduled_date_gmt' ) . " {$order}, a.action_id {$order}";
		$limit_sql   = (int) $query['per_page'] > 0 ? $wpdb->prepare( 'LIMIT %d, %d', absint( $query['offset'] ), (int) $query['per_page'] ) : '';
		return array_map( 'intval', $wpdb->get_col( "SELECT a.action_id FROM {$wpdb->prefix}actionscheduler_actions a WHERE {$where_sql} {$order_sql} {$limit_sql}" ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * First action id matching a query.
	 *
	 * @param array $query Query.
	 * @return int|null
	 */
	public function query_action( $query ) {
		$query['per_page'] = 1;
		$query['offset']   = 0;
		$ids               = $this->query_actions( $query );
		return $ids ? $ids[0] : null;
	}

	/**
	 * Find an action by hook and params.
	 *
	 * @param string $hook   Hook.
	 * @param array  $params Params.
	 * @return int|null
	 */
	public function find_action( $hook, $params = array() ) {
		$params['hook'] = $hook;
		return $this->query_action( $params );
	}

	/**
	 * Set status.
	 *
	 * @param int    $action_id Id.
	 * @param string $status    Status.
	 * @return void
	 */
	protected function set_status( $action_id, $status ) {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'actionscheduler_actions', array( 'status' => $status ), array( 'action_id' => $action_id ) );
	}

	/**
	 * Cancel a pending action.
	 *
	 * @param int $action_id Id.
	 * @return void
	 * @throws InvalidArgumentException When unknown.
	 */
	public function cancel_action( $action_id ) {
		$this->get_status( $action_id );
		$this->set_status( $action_id, self::STATUS_CANCELED );
		do_action( 'action_scheduler_canceled_action', $action_id );
	}

	/**
	 * Cancel all pending actions of a hook.
	 *
	 * @param string $hook Hook.
	 * @return void
	 */
	public function cancel_actions_by_hook( $hook ) {
		foreach ( $this->query_actions(
			array(
				'hook'     => $hook,
				'status'   => self::STATUS_PENDING,
				'per_page' => -1,
			)
		) as $id ) {
			$this->cancel_action( $id );
		}
	}

	/**
	 * Cancel all pending actions of a group.
	 *
	 * @param string $group Group.
	 * @return void
	 */
	public function cancel_actions_by_group( $group ) {
		foreach ( $this->query_actions(
			array(
				'group'    => $group,
				'status'   => self::STATUS_PENDING,
				'per_page' => -1,
			)
		) as $id ) {
			$this->cancel_action( $id );
		}
	}

	/**
	 * Mark running (attempts + 1).
	 *
	 * @param int $action_id Id.
	 * @return void
	 */
	public function log_execution( $action_id ) {
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->prefix}actionscheduler_actions SET attempts = attempts + 1, status = %s, last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id = %d",
				self::STATUS_RUNNING,
				current_time( 'mysql', true ),
				current_time( 'mysql' ),
				$action_id
			)
		);
	}

	/**
	 * Mark complete.
	 *
	 * @param int $action_id Id.
	 * @return void
	 */
	public function mark_complete( $action_id ) {
		$this->set_status( $action_id, self::STATUS_COMPLETE );
	}

	/**
	 * Mark failed.
	 *
	 * @param int $action_id Id.
	 * @return void
	 */
	public function mark_failure( $action_id ) {
		$this->set_status( $action_id, self::STATUS_FAILED );
	}

	/**
	 * Due pending action ids, by priority then date.
	 *
	 * @param int    $limit  Limit.
	 * @param array  $hooks  Only these hooks.
	 * @param string $group Only this group.
	 * @return int[]
	 */
	public function standin_due_actions( $limit, $hooks = array(), $group = '' ) {
		global $wpdb;
		$where = $wpdb->prepare( 'status = %s AND scheduled_date_gmt <= %s', self::STATUS_PENDING, gmdate( 'Y-m-d H:i:s' ) );
		if ( $hooks ) {
			$where .= " AND hook IN ('" . implode( "','", array_map( 'esc_sql', $hooks ) ) . "')";
		}
		if ( '' !== (string) $group ) {
			$where .= $wpdb->prepare( ' AND group_id = %d', $this->get_group_id( $group, false ) );
		}
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT action_id FROM {$wpdb->prefix}actionscheduler_actions WHERE {$where} ORDER BY priority ASC, scheduled_date_gmt ASC, action_id ASC LIMIT %d", $limit ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}
}

/**
 * Logger: action_scheduler_logs rows.
 */
class ActionScheduler_Logger {

	/**
	 * Instance.
	 *
	 * @var ActionScheduler_Logger|null
	 */
	private static $instance = null;

	/**
	 * Instance.
	 *
	 * @return ActionScheduler_Logger
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Log a message.
	 *
	 * @param int    $action_id Action.
	 * @param string $message   Message.
	 * @return int
	 */
	public function log( $action_id, $message ) {
		global $wpdb;
		$wpdb->insert(
			$wpdb->prefix . 'actionscheduler_logs',
			array(
				'action_id'      => $action_id,
				'message'        => $message,
				'log_date_gmt'   => current_time( 'mysql', true ),
				'log_date_local' => current_time( 'mysql' ),
			)
		);
		return (int) $wpdb->insert_id;
	}

	/**
	 * Logs of an action (objects with message, date).
	 *
	 * @param int $action_id Action.
	 * @return array
	 */
	public function get_logs( $action_id ) {
		global $wpdb;
		return $wpdb->get_results( $wpdb->prepare( "SELECT log_id, message, log_date_gmt FROM {$wpdb->prefix}actionscheduler_logs WHERE action_id = %d ORDER BY log_id", $action_id ) );
	}

	/**
	 * Hook logging to the lifecycle actions.
	 *
	 * @return void
	 */
	public function init() {
		add_action( 'action_scheduler_stored_action', array( $this, 'standin_log_stored' ) );
		add_action( 'action_scheduler_canceled_action', array( $this, 'standin_log_canceled' ) );
		add_action( 'action_scheduler_begin_execute', array( $this, 'standin_log_started' ), 10, 2 );
		add_action( 'action_scheduler_after_execute', array( $this, 'standin_log_completed' ), 10, 3 );
		add_action( 'action_scheduler_failed_execution', array( $this, 'standin_log_failed' ), 10, 3 );
	}

	/**
	 * Created.
	 *
	 * @param int $action_id Id.
	 * @return void
	 */
	public function standin_log_stored( $action_id ) {
		$this->log( $action_id, __( 'action created', 'woocommerce' ) );
	}

	/**
	 * Canceled.
	 *
	 * @param int $action_id Id.
	 * @return void
	 */
	public function standin_log_canceled( $action_id ) {
		$this->log( $action_id, __( 'action canceled', 'woocommerce' ) );
	}

	/**
	 * Started.
	 *
	 * @param int    $action_id Id.
	 * @param string $context   Context.
	 * @return void
	 */
	public function standin_log_started( $action_id, $context = '' ) {
		$this->log( $action_id, $context ? sprintf( 'action started via %s', $context ) : 'action started' );
	}

	/**
	 * Completed.
	 *
	 * @param int    $action_id Id.
	 * @param object $action    Action.
	 * @param string $context   Context.
	 * @return void
	 */
	public function standin_log_completed( $action_id, $action = null, $context = '' ) {
		$this->log( $action_id, $context ? sprintf( 'action complete via %s', $context ) : 'action complete' );
	}

	/**
	 * Failed.
	 *
	 * @param int       $action_id Id.
	 * @param Throwable $e         Error.
	 * @param string    $context   Context.
	 * @return void
	 */
	public function standin_log_failed( $action_id, $e, $context = '' ) {
		$this->log( $action_id, $context ? sprintf( 'action failed via %s: %s', $context, $e->getMessage() ) : sprintf( 'action failed: %s', $e->getMessage() ) );
	}
}

/**
 * Queue runner.
 */
class ActionScheduler_QueueRunner {

	/**
	 * WP-Cron hook.
	 */
	const WP_CRON_HOOK = 'action_scheduler_run_queue';

	/**
	 * WP-Cron schedule.
	 */
	const WP_CRON_SCHEDULE = 'every_minute';

	/**
	 * Instance.
	 *
	 * @var ActionScheduler_QueueRunner|null
	 */
	private static $instance = null;

	/**
	 * Store.
	 *
	 * @var ActionScheduler_Store
	 */
	protected $store;

	/**
	 * Instance.
	 *
	 * @return ActionScheduler_QueueRunner
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Constructor.
	 */
	public function __construct() {
		$this->store = ActionScheduler_Store::instance();
	}

	/**
	 * Hook into WP-Cron (every minute).
	 *
	 * @return void
	 */
	public function init() {
		add_filter( 'cron_schedules', array( self::class, 'add_wp_cron_schedule' ) ); // phpcs:ignore WordPress.WP.CronInterval.ChangeDetected
		$next = wp_next_scheduled( self::WP_CRON_HOOK, array( 'WP Cron' ) );
		if ( ! $next ) {
			$schedule = apply_filters( 'action_scheduler_run_schedule', self::WP_CRON_SCHEDULE );
			wp_schedule_event( time(), $schedule, self::WP_CRON_HOOK, array( 'WP Cron' ) );
		}
		add_action( self::WP_CRON_HOOK, array( $this, 'run' ) );
	}

	/**
	 * every_minute schedule.
	 *
	 * @param array $schedules Schedules.
	 * @return array
	 */
	public static function add_wp_cron_schedule( $schedules ) {
		$schedules['every_minute'] = array(
			'interval' => 60,
			'display'  => __( 'Every minute', 'woocommerce' ),
		);
		return $schedules;
	}

	/**
	 * Run due actions in batches until none are left or the time limit is reached.
	 *
	 * @param string $context Context.
	 * @return int Actions processed.
	 */
	public function run( $context = 'WP Cron' ) {
		return $this->standin_run_filtered( $context );
	}

	/**
	 * Run with optional filters (used by WP-CLI).
	 *
	 * @param string $context     Context.
	 * @param array  $hooks       Hooks.
	 * @param string $group       Group.
	 * @param int    $batch_size  Batch size (0 = filter default).
	 * @param int    $max_batches Batches (0 = until empty).
	 * @return int
	 */
	public function standin_run_filtered( $context = 'WP Cron', $hooks = array(), $group = '', $batch_size = 0, $max_batches = 0 ) {
		$started    = microtime( true );
		$time_limit = (int) apply_filters( 'action_scheduler_queue_runner_time_limit', 30 );
		$batch_size = $batch_size ? (int) $batch_size : (int) apply_filters( 'action_scheduler_queue_runner_batch_size', 25 );
		$processed  = 0;
		$batches    = 0;
		do_action( 'action_scheduler_before_process_queue' );
		do {
			$ids = $this->store->standin_due_actions( $batch_size, $hooks, $group );
			foreach ( $ids as $id ) {
				$this->process_action( $id, $context );
				++$processed;
			}
			++$batches;
		} while ( $ids && ( microtime( true ) - $started ) < $time_limit && ( ! $max_batches || $batches < $max_batches ) );
		do_action( 'action_scheduler_after_process_queue' );
		return $processed;
	}

	/**
	 * Process one action if it is still pending. Failures (exceptions and PHP errors) mark it
	 * failed and fire action_scheduler_failed_execution; recurring actions are re-scheduled.
	 *
	 * @param int    $action_id Id.
	 * @param string $context   Context.
	 * @return void
	 */
	public function process_action( $action_id, $context = '' ) {
		$valid  = false;
		$action = null;
		try {
			do_action( 'action_scheduler_before_execute', $action_id, $context );
			if ( ActionScheduler_Store::STATUS_PENDING !== $this->store->get_status( $action_id ) ) {
				do_action( 'action_scheduler_execution_ignored', $action_id, $context );
				return;
			}
			$valid = true;
			do_action( 'action_scheduler_begin_execute', $action_id, $context );
			$action = $this->store->fetch_action( $action_id );
			$this->store->log_execution( $action_id );
			if ( ! has_action( $action->get_hook() ) ) {
				throw new Exception( sprintf( 'Scheduled action for %1$s will not be executed as no callbacks are registered.', $action->get_hook() ) );
			}
			$action->execute();
			do_action( 'action_scheduler_after_execute', $action_id, $action, $context );
			$this->store->mark_complete( $action_id );
		} catch ( Throwable $e ) {
			if ( $valid ) {
				$this->store->mark_failure( $action_id );
				do_action( 'action_scheduler_failed_execution', $action_id, $e, $context );
			} else {
				do_action( 'action_scheduler_failed_validation', $action_id, $e, $context );
			}
		}//end try
		if ( $action && $action->get_schedule()->is_recurring() ) {
			$schedule = $action->get_schedule();
			$next     = $schedule->get_next( as_get_datetime_object() );
			if ( $next ) {
				$new = new ActionScheduler_Action( $action->get_hook(), $action->get_args(), new ActionScheduler_Schedule_Standin( $next->getTimestamp(), $schedule->get_recurrence(), $schedule->get_start_timestamp() ), $action->get_group(), $action->get_priority() );
				$this->store->save_action( $new );
			}
		}
	}
}

/**
 * Facade.
 */
abstract class ActionScheduler {

	/**
	 * Initialised flag.
	 *
	 * @var bool
	 */
	private static $initialized = false;

	/**
	 * Initialise on init priority 1 and fire action_scheduler_init.
	 *
	 * @return void
	 */
	public static function init() {
		ActionScheduler_Logger::instance()->init();
		ActionScheduler_QueueRunner::instance()->init();
		self::$initialized = true;
		do_action( 'action_scheduler_init' );
	}

	/**
	 * Is initialised? Calling the API earlier is "doing it wrong".
	 *
	 * @param string|null $function_name Caller.
	 * @return bool
	 */
	public static function is_initialized( $function_name = null ) {
		if ( ! self::$initialized && ! empty( $function_name ) ) {
			_doing_it_wrong( esc_html( $function_name ), 'was called before the Action Scheduler data store was initialized', '3.1.6' );
		}
		return self::$initialized;
	}

	/**
	 * Store.
	 *
	 * @return ActionScheduler_Store
	 */
	public static function store() {
		return ActionScheduler_Store::instance();
	}

	/**
	 * Runner.
	 *
	 * @return ActionScheduler_QueueRunner
	 */
	public static function runner() {
		return ActionScheduler_QueueRunner::instance();
	}

	/**
	 * Logger.
	 *
	 * @return ActionScheduler_Logger
	 */
	public static function logger() {
		return ActionScheduler_Logger::instance();
	}
}
add_action( 'init', array( 'ActionScheduler', 'init' ), 1 );

/**
 * DateTime (UTC) from a timestamp, string or DateTime.
 *
 * @param mixed  $date_string Date.
 * @param string $timezone    Timezone.
 * @return ActionScheduler_DateTime
 */
function as_get_datetime_object( $date_string = null, $timezone = 'UTC' ) {
	if ( is_object( $date_string ) && $date_string instanceof DateTime ) {
		$date = new ActionScheduler_DateTime( $date_string->format( 'Y-m-d H:i:s' ), new DateTimeZone( $date_string->getTimezone()->getName() ) );
	} elseif ( is_numeric( $date_string ) ) {
		$date = new ActionScheduler_DateTime( '@' . $date_string, new DateTimeZone( 'UTC' ) );
	} else {
		$date = new ActionScheduler_DateTime( null === $date_string ? 'now' : $date_string, new DateTimeZone( $timezone ) );
	}
	$date->setTimezone( new DateTimeZone( 'UTC' ) );
	return $date;
}

/**
 * Shared insert for the as_* scheduling functions.
 *
 * @param string   $hook      Hook.
 * @param array    $args      Args.
 * @param int|null $timestamp Timestamp (null = async).
 * @param int      $interval  Interval.
 * @param string   $group     Group.
 * @param bool     $unique    Unique by hook+group.
 * @param int      $priority  Priority.
 * @param string   $function  Caller.
 * @return int
 */
function as_standin_schedule( $hook, $args, $timestamp, $interval, $group, $unique, $priority, $function ) {
	if ( ! ActionScheduler::is_initialized( $function ) ) {
		return 0;
	}
	$pre = apply_filters( 'pre_' . $function, null, $hook, $args, $group, $priority );
	if ( null !== $pre ) {
		return is_int( $pre ) ? $pre : 0;
	}
	$action = new ActionScheduler_Action( $hook, (array) $args, new ActionScheduler_Schedule_Standin( $timestamp, $interval, (int) $timestamp ), $group, $priority );
	return ActionScheduler::store()->save_action( $action, (bool) $unique );
}

/**
 * Enqueue an action to run as soon as possible.
 *
 * @param string $hook     Hook.
 * @param array  $args     Args (passed positionally).
 * @param string $group    Group.
 * @param bool   $unique   Only if no pending/running action of this hook+group exists.
 * @param int    $priority Priority (0-255, lower first).
 * @return int Action id, 0 on failure or unique duplicate.
 */
function as_enqueue_async_action( $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	return as_standin_schedule( $hook, $args, null, 0, $group, $unique, $priority, __FUNCTION__ );
}

/**
 * Schedule an action once.
 *
 * @param int    $timestamp Timestamp.
 * @param string $hook      Hook.
 * @param array  $args      Args.
 * @param string $group     Group.
 * @param bool   $unique    Unique.
 * @param int    $priority  Priority.
 * @return int
 */
function as_schedule_single_action( $timestamp, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	return as_standin_schedule( $hook, $args, (int) $timestamp, 0, $group, $unique, $priority, __FUNCTION__ );
}

/**
 * Schedule a recurring action.
 *
 * @param int    $timestamp           First run.
 * @param int    $interval_in_seconds Interval.
 * @param string $hook                Hook.
 * @param array  $args                Args.
 * @param string $group               Group.
 * @param bool   $unique              Unique.
 * @param int    $priority            Priority.
 * @return int
 * @throws InvalidArgumentException When the interval is not an integer.
 */
function as_schedule_recurring_action( $timestamp, $interval_in_seconds, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	if ( ! is_int( $interval_in_seconds ) ) {
		throw new InvalidArgumentException( 'as_schedule_recurring_action(): interval must be an integer.' );
	}
	return as_standin_schedule( $hook, $args, (int) $timestamp, $interval_in_seconds, $group, $unique, $priority, __FUNCTION__ );
}

/**
 * Cron expressions are not supported by the stand-in.
 *
 * @param int    $timestamp Timestamp.
 * @param string $schedule  Cron expression.
 * @param string $hook      Hook.
 * @param array  $args      Args.
 * @param string $group     Group.
 * @param bool   $unique    Unique.
 * @param int    $priority  Priority.
 * @return int Always 0.
 */
function as_schedule_cron_action( $timestamp, $schedule, $hook, $args = array(), $group = '', $unique = false, $priority = 10 ) {
	_doing_it_wrong( __FUNCTION__, 'Cron schedules are not supported by the WooCommerce stand-in.', '3.8.2' );
	return 0;
}

/**
 * Cancel the next pending action matching hook, args (exactly) and group.
 *
 * @param string $hook  Hook.
 * @param array  $args  Args.
 * @param string $group Group.
 * @return int|null Canceled id.
 */
function as_unschedule_action( $hook, $args = array(), $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return 0;
	}
	$params = array(
		'hook'    => $hook,
		'status'  => ActionScheduler_Store::STATUS_PENDING,
		'orderby' => 'date',
		'order'   => 'ASC',
		'group'   => $group,
	);
	if ( is_array( $args ) ) {
		$params['args'] = $args;
	}
	$action_id = ActionScheduler::store()->query_action( $params );
	if ( $action_id ) {
		ActionScheduler::store()->cancel_action( $action_id );
	}
	return $action_id;
}

/**
 * Cancel all pending actions matching.
 *
 * @param string $hook  Hook.
 * @param array  $args  Args (empty = any, when only hook or only group is given).
 * @param string $group Group.
 * @return void
 */
function as_unschedule_all_actions( $hook, $args = array(), $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return;
	}
	if ( empty( $args ) ) {
		if ( ! empty( $hook ) && empty( $group ) ) {
			ActionScheduler::store()->cancel_actions_by_hook( $hook );
			return;
		}
		if ( ! empty( $group ) && empty( $hook ) ) {
			ActionScheduler::store()->cancel_actions_by_group( $group );
			return;
		}
	}
	do {
		$unscheduled = as_unschedule_action( $hook, $args, $group );
	} while ( ! empty( $unscheduled ) );
}

/**
 * Next run: timestamp of the next pending action, true if one is running (or async), false if none.
 *
 * @param string     $hook  Hook.
 * @param array|null $args  Args (null = any).
 * @param string     $group Group.
 * @return int|bool
 */
function as_next_scheduled_action( $hook, $args = null, $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return false;
	}
	$params = array(
		'hook'    => $hook,
		'orderby' => 'date',
		'order'   => 'ASC',
		'group'   => $group,
	);
	if ( is_array( $args ) ) {
		$params['args'] = $args;
	}
	$params['status'] = ActionScheduler_Store::STATUS_RUNNING;
	if ( ActionScheduler::store()->query_action( $params ) ) {
		return true;
	}
	$params['status'] = ActionScheduler_Store::STATUS_PENDING;
	$action_id        = ActionScheduler::store()->query_action( $params );
	if ( ! $action_id ) {
		return false;
	}
	$date = ActionScheduler::store()->fetch_action( $action_id )->get_schedule()->get_date();
	return $date ? (int) $date->format( 'U' ) : true;
}

/**
 * Is a matching action pending or running?
 *
 * @param string     $hook  Hook.
 * @param array|null $args  Args (null = any).
 * @param string     $group Group.
 * @return bool
 */
function as_has_scheduled_action( $hook, $args = null, $group = '' ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return false;
	}
	$query = array(
		'hook'    => $hook,
		'status'  => array( ActionScheduler_Store::STATUS_RUNNING, ActionScheduler_Store::STATUS_PENDING ),
		'group'   => $group,
		'orderby' => 'none',
	);
	if ( null !== $args ) {
		$query['args'] = $args;
	}
	return null !== ActionScheduler::store()->query_action( $query );
}

/**
 * Query actions.
 *
 * @param array  $args          hook, args, group, status, date, date_compare, per_page (default 5), offset, orderby, order.
 * @param string $return_format OBJECT, ARRAY_A or 'ids'.
 * @return array
 */
function as_get_scheduled_actions( $args = array(), $return_format = OBJECT ) {
	if ( ! ActionScheduler::is_initialized( __FUNCTION__ ) ) {
		return array();
	}
	$store = ActionScheduler::store();
	$ids   = $store->query_actions( $args );
	if ( 'ids' === $return_format || 'int' === $return_format ) {
		return $ids;
	}
	$actions = array();
	foreach ( $ids as $id ) {
		$actions[ $id ] = $store->fetch_action( $id );
	}
	if ( ARRAY_A === $return_format ) {
		foreach ( $actions as $id => $action ) {
			$actions[ $id ] = get_object_vars( $action );
		}
	}
	return $actions;
}

/**
 * WooCommerce's queue wrapper (WC()->queue()).
 */
class WC_Action_Queue {

	/**
	 * Async.
	 *
	 * @param string $hook     Hook.
	 * @param array  $args     Args.
	 * @param string $group    Group.
	 * @return int
	 */
	public function add( $hook, $args = array(), $group = '' ) {
		return as_enqueue_async_action( $hook, $args, $group );
	}

	/**
	 * Single.
	 *
	 * @param int    $timestamp Timestamp.
	 * @param string $hook      Hook.
	 * @param array  $args      Args.
	 * @param string $group     Group.
	 * @return int
	 */
	public function schedule_single( $timestamp, $hook, $args = array(), $group = '' ) {
		return as_schedule_single_action( $timestamp, $hook, $args, $group );
	}

	/**
	 * Recurring.
	 *
	 * @param int    $timestamp Timestamp.
	 * @param int    $interval  Interval.
	 * @param string $hook      Hook.
	 * @param array  $args      Args.
	 * @param string $group     Group.
	 * @return int
	 */
	public function schedule_recurring( $timestamp, $interval, $hook, $args = array(), $group = '' ) {
		return as_schedule_recurring_action( $timestamp, $interval, $hook, $args, $group );
	}

	/**
	 * Cancel next.
	 *
	 * @param string $hook  Hook.
	 * @param array  $args  Args.
	 * @param string $group Group.
	 * @return int|null
	 */
	public function cancel( $hook, $args = array(), $group = '' ) {
		return as_unschedule_action( $hook, $args, $group );
	}

	/**
	 * Cancel all.
	 *
	 * @param string $hook  Hook.
	 * @param array  $args  Args.
	 * @param string $group Group.
	 * @return void
	 */
	public function cancel_all( $hook, $args = array(), $group = '' ) {
		as_unschedule_all_actions( $hook, $args, $group );
	}

	/**
	 * Next.
	 *
	 * @param string     $hook  Hook.
	 * @param array|null $args  Args.
	 * @param string     $group Group.
	 * @return int|bool
	 */
	public function get_next( $hook, $args = null, $group = '' ) {
		return as_next_scheduled_action( $hook, $args, $group );
	}

	/**
	 * Search.
	 *
	 * @param array  $args          Query.
	 * @param string $return_format Format.
	 * @return array
	 */
	public function search( $args = array(), $return_format = OBJECT ) {
		return as_get_scheduled_actions( $args, $return_format );
	}
}

if ( defined( 'WP_CLI' ) && WP_CLI ) {
	require_once __DIR__ . '/class-actionscheduler-wpcli.php';
}
