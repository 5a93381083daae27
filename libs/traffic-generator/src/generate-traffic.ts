import type { SessionConfig } from '@sessionscope/contracts';
import { planTraffic, TrafficPlan } from './plan-traffic';
import { createPrng } from './prng';
import { AttackKind, renderRequest, RenderedRequest } from './render-request';
import { shopSessionConfig } from './shop-session-config';

/**
 * The truth about one generated request, one JSON object a line of the truth file. `session` is a
 * stable label of the request's true session part (`<actor>.v<visit>.p<part>`); a session that
 * outlives the maximum length continues in a part whose `previousPart` is the label of the one before.
 */
export type TruthEntry = {
  id: string;
  session: string;
  previousPart: string | null;
  user: string | null;
  roles: string[];
  /** Who sent it: `user-000042`, `visitor-000007`, `client-000003`, `integration-000000`, `attacker-000011`. */
  actor: string;
  attack: AttackKind | null;
};

export type GeneratedRequest = RenderedRequest & { truth: TruthEntry };

export type TrafficOptions = {
  requests: number;
  seed: number;
  /** Idle timeout and maximum session length the truth follows; default those of shopSessionConfig. */
  sessionConfig?: Pick<SessionConfig, 'idleTimeoutMs' | 'maxSessionMs'>;
  /** Time of the first visit's earliest possible start, ms since epoch. */
  startMs?: number;
  /** Visits start within this span after startMs. */
  spanMs?: number;
  /** Arrival order is shuffled so that a request arrives at most this much after a later-stamped one; 0 keeps time order. */
  shuffleLatenessMs?: number;
};

export type GeneratedTraffic = {
  plan: TrafficPlan;
  /** Record ids in arrival order index the plan's time order: `shop-<seed>-<time-order index>`. */
  records(): Generator<GeneratedRequest>;
  summary: TrafficSummary;
};

export type TrafficSummary = {
  requests: number;
  actors: Record<string, number>;
  /** True sessions (visits), and their parts. */
  sessions: number;
  sessionParts: number;
  sessionsWithParts: number;
  firstTime: string | null;
  lastTime: string | null;
};

export function recordIdOf(seed: number, index: number): string {
  return `shop-${seed}-${String(index).padStart(7, '0')}`;
}

type Parts = { partOf: Int32Array; parts: number; sessionsWithParts: number };

/** Parts of each visit by the rule of the sessionizer: a request at or after partStart + maxSessionMs starts the next part. */
function splitParts(plan: TrafficPlan): Parts {
  const partStartMs = new Float64Array(plan.visits.length).fill(-1);
  const partCount = new Int32Array(plan.visits.length);
  const partOf = new Int32Array(plan.requests.length);
  plan.requests.forEach((entry, index) => {
    if (partStartMs[entry.visit] < 0) {
      partStartMs[entry.visit] = entry.timeMs;
      partCount[entry.visit] = 1;
    } else if (entry.timeMs - partStartMs[entry.visit] >= plan.maxSessionMs) {
      partStartMs[entry.visit] = entry.timeMs;
      partCount[entry.visit]++;
    }
    partOf[index] = partCount[entry.visit] - 1;
  });
  let parts = 0;
  let sessionsWithParts = 0;
  for (const count of partCount) {
    parts += count;
    if (count > 1) sessionsWithParts++;
  }
  return { partOf, parts, sessionsWithParts };
}

/** Arrival order: each request delayed by up to `latenessMs`, deterministic for the seed. */
function arrivalOrder(plan: TrafficPlan, latenessMs: number): number[] {
  const order = plan.requests.map((_, index) => index);
  if (latenessMs <= 0) return order;
  const prng = createPrng(plan.seed ^ 0x5eed1a7e);
  const arrivalMs = plan.requests.map((entry) => entry.timeMs + Math.floor(prng.next() * (latenessMs + 1)));
  return order.sort((a, b) => arrivalMs[a] - arrivalMs[b] || a - b);
}

/**
 * Ground-truth traffic of the `shop` application: signed-in users (login issues a JWT with `sub` and
 * `role`, then the token in a header, query or body), anonymous visitors with a `sid` cookie, clients
 * with only IP + User-Agent (some behind shared NAT addresses), integrations whose polling outlives the
 * maximum session length, users returning after an idle gap, and a sprinkle of SQLi/XSS payloads.
 * Pure and deterministic: the same options give the same records, byte for byte.
 */
export function generateTraffic(options: TrafficOptions): GeneratedTraffic {
  const config = options.sessionConfig ?? shopSessionConfig;
  const latenessMs = options.shuffleLatenessMs ?? 0;
  if (!(latenessMs >= 0)) throw new RangeError(`shuffleLatenessMs must be >= 0, got ${options.shuffleLatenessMs}`);
  const plan = planTraffic({
    requests: options.requests,
    seed: options.seed,
    startMs: options.startMs,
    spanMs: options.spanMs,
    idleTimeoutMs: config.idleTimeoutMs,
    maxSessionMs: config.maxSessionMs,
  });
  const { partOf, parts, sessionsWithParts } = splitParts(plan);
  const actors: Record<string, number> = {};
  for (const actor of plan.actors) {
    const kind = actor.attacker ? 'attacker' : actor.kind;
    actors[kind] = (actors[kind] ?? 0) + 1;
  }
  const first = plan.requests[0];
  const last = plan.requests[plan.requests.length - 1];
  const summary: TrafficSummary = {
    requests: plan.requests.length,
    actors,
    sessions: plan.visits.length,
    sessionParts: parts,
    sessionsWithParts,
    firstTime: first ? new Date(first.timeMs).toISOString() : null,
    lastTime: last ? new Date(last.timeMs).toISOString() : null,
  };
  function* records(): Generator<GeneratedRequest> {
    for (const index of arrivalOrder(plan, latenessMs)) {
      const entry = plan.requests[index];
      const visit = plan.visits[entry.visit];
      const actor = plan.actors[visit.actor];
      const rendered = renderRequest(plan, entry, recordIdOf(plan.seed, index));
      const part = partOf[index];
      const truth: TruthEntry = {
        id: rendered.record.id,
        session: `${visit.label}.p${part}`,
        previousPart: part === 0 ? null : `${visit.label}.p${part - 1}`,
        user: actor.user,
        roles: actor.role === null ? [] : [actor.role],
        actor: actor.id,
        attack: rendered.attack,
      };
      yield { ...rendered, truth };
    }
  }
  return { plan, records, summary };
}
