/** "Scanning… 120/340 evaluations" on a terminal's stderr; nothing at all when stderr is piped. */
import type { Progress } from '#shared/engine/engine.js';
import type { CliOutput } from './io.js';

export interface ProgressLine {
  update(progress: Progress): void;
  /** Erases the line, so the report starts on a clean terminal line. */
  finish(): void;
}

const REDRAW_EVERY_MS = 100;

export function progressLine(stderr: CliOutput, now: () => number = Date.now): ProgressLine {
  if (!stderr.isTTY) return { update: () => undefined, finish: () => undefined };
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update({ done, total }) {
      const at = now();
      // Redraw at most ten times a second; the last evaluation always shows.
      if (at - drawnAt < REDRAW_EVERY_MS && done < total) return;
      drawnAt = at;
      drawn = true;
      stderr.write(`\r\x1b[2KScanning… ${done}/${total} evaluations`);
    },
    finish() {
      if (drawn) stderr.write('\r\x1b[2K');
    },
  };
}
