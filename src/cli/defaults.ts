/** Defaults `preflight --help` shows: kept apart from the commands so that printing help loads none of them. */
import type { Severity } from '#shared/core/model.js';

/** `scan --fail-on`: exit 1 when a finding at or above this severity fails or errors. */
export const DEFAULT_FAIL_ON: Severity = 'HIGH';

/** `demo --port`: the local findings API (127.0.0.1 only). */
export const DEFAULT_DEMO_PORT = 3000;
