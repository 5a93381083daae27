import type { ObservedRequest, SessionSnapshot } from '@sessionscope/contracts';
import { createSearchClient, deleteAllIndices, ensureIndices, ProjectionTargets, refresh, SearchClient, toRequestDocument, toSessionDocument } from '@sessionscope/search';
import { AppProcess, buildApps, freePort } from '@sessionscope/stack';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { openSearchUrl, root } from './support/console-stack';

const screenshotDir = join(root, 'tmp', 'e2e-screenshots');

/**
 * `npm run bench:console`: how long the console takes, in Chromium, to show (1) the first rows and (2)
 * the statistics of a session of 10,000 requests, and (3) the session list over an index of 100,000
 * sessions. The documents are generated and bulk-indexed straight into a fresh index prefix with the
 * search library's templates and mapping functions (the pipeline's speed is bench:ingest's business),
 * then a gateway of its own serves them and the built console.
 */
const bigSessionRequests = 10_000;
const listSessions = 100_000;
const requestsPerListSession = 2;
const runs = 3;
const targetMs = 1500;
const tenant = 'default';
const application = 'bench';
const bigSessionId = 'bench-big-session';
const startMs = Date.parse('2026-11-20T08:00:00Z');

function observedRequest(id: string, timeMs: number, index: number, clientIp: string, malicious: boolean): ObservedRequest {
  const path = malicious ? '/search' : `/api/items/${index % 97}`;
  return {
    id,
    tenant,
    application,
    timestamp: new Date(timeMs).toISOString(),
    method: index % 5 === 0 ? 'POST' : 'GET',
    scheme: 'https',
    host: `shop${index % 3}.example.com`,
    path,
    query: malicious ? 'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E' : `page=${index % 7}`,
    status: index % 13 === 0 ? 404 : index % 29 === 0 ? 500 : 200,
    durationMs: 5 + (index % 50),
    requestBytes: 200 + (index % 100),
    responseBytes: 1000 + (index % 1000),
    clientIp,
    userAgent: 'bench/1.0',
    requestHeaders: { 'user-agent': 'bench/1.0', cookie: 'PHPSESSID=[masked]' },
    responseHeaders: { 'content-type': 'application/json' },
    requestBody: null,
    responseBody: null,
    source: { format: 'ndjson', line: null },
    hits: malicious ? [{ type: 'xss', point: 'query.q', payload: '<script>alert(1)</script>', score: 0.9, detector: 'xss/script-tag' }] : [],
  };
}

function snapshot(sessionId: string, requests: ObservedRequest[], clientIp: string): SessionSnapshot {
  const attacks = requests.filter((request) => (request.hits ?? []).length > 0);
  return {
    sessionId,
    revision: 1,
    tenant,
    application,
    keyPoint: 'cookie:PHPSESSID',
    status: 'closed',
    closeReason: 'idle',
    firstSeen: requests[0].timestamp,
    lastSeen: requests[requests.length - 1].timestamp,
    requestCount: requests.length,
    clientIps: [clientIp],
    userAgents: ['bench/1.0'],
    hosts: [...new Set(requests.map((request) => request.host))],
    user: null,
    previousPartId: null,
    attackCount: attacks.length,
    attackTypes: attacks.length > 0 ? ['xss'] : [],
  };
}

/** Bulk operations in batches of about 5,000 documents, generated lazily so memory stays flat. */
function* batches(targets: ProjectionTargets): Generator<object[]> {
  let operations: object[] = [];
  const push = (requests: ObservedRequest[], session: SessionSnapshot) => {
    for (const request of requests) {
      const { id, document } = toRequestDocument(session.sessionId, request);
      operations.push({ index: { _index: targets.requests, _id: id } }, document);
    }
    const { id, version, document } = toSessionDocument(session);
    operations.push({ index: { _index: targets.sessions, _id: id, version, version_type: 'external' } }, document);
  };
  const big = Array.from({ length: bigSessionRequests }, (_, index) => observedRequest(`big-${index}`, startMs + index * 400, index, '198.51.100.1', index % 50 === 7));
  push(big, snapshot(bigSessionId, big, '198.51.100.1'));
  for (let session = 0; session < listSessions; session++) {
    const clientIp = `10.${(session >> 16) & 255}.${(session >> 8) & 255}.${session & 255}`;
    const firstMs = startMs + 3_600_000 + session * 5_000;
    const requests = Array.from({ length: requestsPerListSession }, (_, index) => observedRequest(`s${session}-${index}`, firstMs + index * 1_000, session + index, clientIp, session % 40 === 3 && index === 1));
    push(requests, snapshot(`bench-s${session}`, requests, clientIp));
    if (operations.length >= 10_000) {
      yield operations;
      operations = [];
    }
  }
  if (operations.length > 0) yield operations;
}

async function bulkIndex(search: SearchClient, targets: ProjectionTargets): Promise<number> {
  const startedMs = performance.now();
  let documents = 0;
  const inFlight = new Set<Promise<void>>();
  for (const operations of batches(targets)) {
    const sent = search.bulk({ body: operations }).then((response) => {
      if (response.body.errors) throw new Error(`the bulk index reported errors: ${JSON.stringify(response.body.items.find((item: Record<string, { error?: unknown }>) => Object.values(item)[0].error)).slice(0, 400)}`);
    });
    documents += operations.length / 2;
    const tracked: Promise<void> = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await refresh(search, targets);
  console.log(`indexed ${documents.toLocaleString('en-US')} documents in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
  return documents;
}

async function timeUntil(page: Page, url: string, selectors: Record<string, string>): Promise<Record<string, number>> {
  const startedMs = performance.now();
  const navigation = page.goto(url);
  const times = await Promise.all(
    Object.entries(selectors).map(async ([name, selector]) => {
      await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
      return [name, performance.now() - startedMs] as const;
    }),
  );
  await navigation;
  return Object.fromEntries(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  buildApps(root);
  const search = createSearchClient(openSearchUrl);
  await search.cluster.health({}).catch(() => {
    throw new Error(`OpenSearch does not answer at ${openSearchUrl}: start the stack with npx sessionscope up`);
  });
  const prefix = `benchconsole${Date.now().toString(36)}`;
  const gateway = new AppProcess(root, 'gateway', await freePort(), { OPENSEARCH_URL: openSearchUrl, SESSIONSCOPE_INDEX_PREFIX: prefix, SESSIONSCOPE_NAMESPACE: prefix });
  const browser = await launchChromium();
  try {
    const targets = await ensureIndices(search, prefix);
    console.log(`generating and indexing a session of ${bigSessionRequests.toLocaleString('en-US')} requests and ${listSessions.toLocaleString('en-US')} sessions of ${requestsPerListSession} requests into ${prefix}-*`);
    await bulkIndex(search, targets);
    await gateway.start();
    // The API alone, once each, for reading the browser figures against (what the console asks first).
    for (const path of [`/api/v1/sessions/${bigSessionId}/requests?limit=200`, `/api/v1/sessions/${bigSessionId}/stats`, '/api/v1/sessions?limit=100']) {
      const askedMs = performance.now();
      const response = await fetch(`${gateway.url}${path}`);
      const body = (await response.json()) as { total?: number; message?: string };
      console.log(`gateway ${path}: HTTP ${response.status} in ${Math.round(performance.now() - askedMs)} ms${body.total !== undefined ? ` (total ${body.total})` : ''}${body.message ? ` ${body.message}` : ''}`);
    }

    const measure = async (name: string, url: string, selectors: Record<string, string>) => {
      const samples: Array<Record<string, number>> = [];
      for (let run = 0; run < runs; run++) {
        // A fresh tab each time: the console's query cache starts empty; the browser's HTTP cache
        // keeps the hashed console assets, as it would for an analyst who opened the console before.
        const page = await browser.context.newPage();
        samples.push(await timeUntil(page, `${gateway.url}${url}`, selectors));
        await page.close();
      }
      for (const key of Object.keys(selectors)) {
        const values = samples.map((sample) => sample[key]);
        const verdict = median(values) < targetMs ? 'under' : 'OVER';
        console.log(`bench:console ${name} ${key}: median ${Math.round(median(values))} ms of ${values.map((value) => Math.round(value)).join(', ')} ms (${verdict} the ${targetMs} ms target)`);
      }
    };
    await measure(`session of ${bigSessionRequests} requests`, `/sessions/${bigSessionId}`, { 'first rows': 'table.data-table tbody tr[data-row-id]', statistics: '[data-testid="stats-summary"]' });
    await measure(`session list over ${listSessions + 1} sessions`, '/sessions', { 'first rows': 'table.data-table tbody tr[data-row-id]', total: '[data-testid="session-total"]:text-matches("^(about )?[0-9,]+ sessions?$")' });

    // Untimed: how the two screens look with this much data.
    mkdirSync(screenshotDir, { recursive: true });
    for (const [name, url] of [['bench-session-10000-requests', `/sessions/${bigSessionId}`], ['bench-session-list-100000', '/sessions']]) {
      const page = await browser.context.newPage();
      await page.goto(`${gateway.url}${url}`);
      await page.locator('table.data-table tbody tr[data-row-id]').first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
      await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
      await page.close();
    }
    console.log(`screenshots in ${screenshotDir}`);
  } finally {
    await browser.close();
    await gateway.stop();
    await deleteAllIndices(search, prefix);
    await search.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
