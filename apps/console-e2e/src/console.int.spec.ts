import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { Browser, launchChromium } from './support/browser';
import { ConsoleStack, root, waitUntil } from './support/console-stack';
import { aliceGetCount, aliceRequestCount, application, bobRequestCount, carolRequestCount, consoleTraffic, partsApplication, xssMarkerId, xssPayload } from './support/traffic';

/**
 * The console as an analyst uses it, in Chromium, against the real services with imported traffic:
 * the seed workflows 1 to 3 of PRODUCT.md clicked through, and an attack payload shown as inert text.
 * Screenshots of the main screens go to tmp/e2e-screenshots/.
 */
export const screenshotDir = join(root, 'tmp', 'e2e-screenshots');

type SessionItem = { id: string; requestCount: number; clientIps: string[] };
type RequestItem = { id: string; path: string; query: string; attackTypes: string[] };
type Page_<T> = { items: T[]; total: number };

describe('console: API Sessions in a browser', () => {
  const stack = new ConsoleStack();
  let browser: Browser;
  let alice: SessionItem;
  let xssRequest: RequestItem;
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const [, launched] = await Promise.all([stack.start(), launchChromium()]);
    browser = launched;
    browser.context.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    expect(await stack.postTraffic(consoleTraffic())).toEqual(expect.objectContaining({ accepted: aliceRequestCount + bobRequestCount + carolRequestCount, rejected: 0 }));
    await waitUntil('both sessions are searchable with all their requests', async () => {
      const page = await stack.getJson<Page_<SessionItem>>(`/api/v1/sessions?application=${application}`);
      return page.items.length === 2 && page.items.reduce((sum, session) => sum + session.requestCount, 0) === aliceRequestCount + bobRequestCount;
    });
    await waitUntil(`the parts of the session of ${partsApplication} are searchable`, async () => {
      const page = await stack.getJson<Page_<SessionItem>>(`/api/v1/sessions?application=${partsApplication}`);
      return page.items.reduce((sum, session) => sum + session.requestCount, 0) === carolRequestCount;
    });
    const sessions = await stack.getJson<Page_<SessionItem>>(`/api/v1/sessions?application=${application}&clientIp=192.0.2.10`);
    alice = sessions.items[0];
    const attacks = await stack.getJson<Page_<RequestItem>>(`/api/v1/sessions/${alice.id}/requests?attackType=xss`);
    expect(attacks.items).toHaveLength(1);
    xssRequest = attacks.items[0];
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 60_000);

  async function open(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${stack.gateway.url}${path}`);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    // Charts load in their own chunk after the figures: wait until none is still a placeholder.
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
  }

  /** Waits until the locator shows the text (the console fetches after each click). */
  async function showsText(locator: Locator, text: string | RegExp): Promise<void> {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  }

  const requestTotal = (page: Page) => page.getByTestId('request-total');
  const sessionRows = (page: Page) => page.locator('table.data-table tbody tr[data-row-id]');

  it('workflow 1: the request-id pivot shows only that request inside its session, and removing it shows them all', async () => {
    // given the session list opened as "Explore in API Sessions" opens it: the session and the request id
    const page = await open(`/sessions?sessionId=${encodeURIComponent(alice.id)}&requestId=${encodeURIComponent(xssRequest.id)}`);
    await showsText(page.getByTestId('session-total'), '1 session');
    expect(await sessionRows(page).count()).toBe(1);
    await showsText(sessionRows(page).first(), '1 req.');
    await showsText(sessionRows(page).first(), '1 attack');
    await shot(page, '01-session-list-request-pivot');

    // when the session is opened
    await page.getByRole('link', { name: /Open session of/ }).first().click();
    await page.waitForURL(/\/sessions\/[^?]+\?requestId=/);
    // then only that request shows
    await showsText(requestTotal(page), '1 matching');
    expect(await page.locator('table.data-table tbody tr[data-row-id]').count()).toBe(1);
    expect(await page.locator(`tr[data-row-id="${xssRequest.id}"]`).count()).toBe(1);

    // when the request id filter is removed
    await page.getByRole('button', { name: `Remove filter Request id ${xssRequest.id}` }).click();
    // then every request of the session shows, and the URL no longer names the request
    await showsText(requestTotal(page), `${aliceRequestCount} matching`);
    expect(new URL(page.url()).searchParams.get('requestId')).toBeNull();
    await shot(page, '02-session-details-all-requests');

    // and the back button brings the pivot back
    await page.goBack();
    await showsText(requestTotal(page), '1 matching');
    expect(new URL(page.url()).searchParams.get('requestId')).toBe(xssRequest.id);
    await page.close();
  }, 60_000);

  it('shows the XSS payload of a request as inert text: no dialog, no injected element', async () => {
    // given the session with the XSS request expanded through the URL (a shared link)
    const page = await open(`/sessions/${encodeURIComponent(alice.id)}?open=${encodeURIComponent(xssRequest.id)}`);
    const hits = page.getByTestId('hits');
    await showsText(hits, 'xss');
    // then the payload reads as the characters it is made of
    expect(await hits.textContent()).toContain(xssPayload.slice(2));
    expect(await page.getByTestId('request-uri').textContent()).toContain('/search?q=');
    // and nothing of it ran or became an element
    expect(await page.evaluate((id) => document.getElementById(id) === null && document.querySelectorAll('img').length === 0, xssMarkerId)).toBe(true);
    // the grouping session parameter is highlighted
    await showsText(page.locator('.session-parameters tr.grouping'), 'Cookie PHPSESSID');
    await shot(page, '03-request-details-xss-inert');

    // the request also opens on its own page
    await page.goto(`${stack.gateway.url}/requests/${encodeURIComponent(xssRequest.id)}`);
    await showsText(page.getByTestId('hits'), 'xss');
    await shot(page, '11-request-page');
    expect(await page.evaluate((id) => document.getElementById(id) === null, xssMarkerId)).toBe(true);
    expect(dialogs).toEqual([]);
    // and the watch for dialogs does see one when a page opens it (so the check above can fail)
    await page.evaluate(() => window.alert('canary'));
    expect(dialogs).toEqual(['canary']);
    dialogs.length = 0;
    await page.close();
  }, 60_000);

  it('workflow 2: a time window keeps the sessions active in it, each cut to its requests in the window', async () => {
    // given the list of the application
    const page = await open(`/sessions?application=${application}`);
    await showsText(page.getByTestId('session-total'), '2 sessions');

    // when an absolute window 10:15-10:35 UTC is applied (Bob was active 10:05-10:07 only)
    await page.getByLabel('From', { exact: true }).first().fill('2026-11-24T10:15:00');
    await page.getByLabel('To', { exact: true }).first().fill('2026-11-24T10:35:00');
    await page.getByRole('button', { name: 'Apply window' }).first().click();

    // then only Alice's session is listed, with the 2 requests inside the window
    await showsText(page.getByTestId('session-total'), '1 session');
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe('2026-11-24T10:15:00.000Z');
    expect(url.searchParams.get('to')).toBe('2026-11-24T10:35:00.000Z');
    await showsText(sessionRows(page).first(), '2 req.');
    await showsText(sessionRows(page).first(), '192.0.2.10');
    await shot(page, '04-session-list-time-window');

    // when the session is opened, the window carries in: 2 of its 6 requests
    await page.getByRole('link', { name: /Open session of/ }).first().click();
    await showsText(requestTotal(page), '2 matching');
    await showsText(page.getByTestId('session-summary'), `2 of ${aliceRequestCount} requests`);
    await shot(page, '05-session-details-time-window');

    // and a preset replaces the window (the imported traffic is older than the last hour: nothing left)
    await page.goBack();
    await showsText(page.getByTestId('session-total'), '1 session');
    await page.getByRole('button', { name: 'Last hour' }).first().click();
    await page.getByText('No session has a request matching these filters in this time window.').waitFor();
    await shot(page, '06-session-list-empty-window');
    await page.close();
  }, 60_000);

  it('workflow 3: in-session filters combine, "Show all requests" clears them and "Apply filters" brings the list filters back', async () => {
    // given the list filtered to GET requests, and Alice's session opened from it
    const page = await open(`/sessions?application=${application}&method=GET`);
    await showsText(page.getByTestId('session-total'), '2 sessions');
    await page.getByRole('link', { name: /from 192\.0\.2\.10/ }).click();
    // then the list filters carry into the session
    await showsText(requestTotal(page), `${aliceGetCount} matching`);

    // when a statistics row narrows to one response code ("Show only"), combined with the method
    const statuses = page.locator('.stats-group[data-group="byStatus"]');
    await showsText(statuses, '404');
    await statuses.getByRole('button', { name: 'Show only response codes 404' }).click();
    await showsText(requestTotal(page), '1 matching');
    expect(new URL(page.url()).searchParams.getAll('method')).toEqual(['GET']);
    expect(new URL(page.url()).searchParams.getAll('status')).toEqual(['404']);
    await shot(page, '07-session-details-in-session-filters');

    // when "Show only malicious requests" is added instead of the code
    await page.getByRole('button', { name: 'Remove filter Status 404' }).click();
    await showsText(requestTotal(page), `${aliceGetCount} matching`);
    await page.getByRole('button', { name: 'Show only malicious requests' }).click();
    await showsText(requestTotal(page), '1 matching');

    // when "Show all requests" is pressed, every filter goes
    await page.getByRole('button', { name: 'Show all requests' }).click();
    await showsText(requestTotal(page), `${aliceRequestCount} matching`);
    expect(await page.locator('.in-session-filters .chip').count()).toBe(0);

    // when "Apply filters" is pressed, the list's filters come back into the session
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await showsText(requestTotal(page), `${aliceGetCount} matching`);
    expect(new URL(page.url()).searchParams.getAll('method')).toEqual(['GET']);
    expect(new URL(page.url()).searchParams.getAll('application')).toEqual([application]);
    await page.close();
  }, 60_000);

  it('finds the sessions that requested an endpoint, and narrows a session to one endpoint from its statistics', async () => {
    const page = await open(`/sessions?application=${application}`);
    await showsText(page.getByTestId('session-total'), '2 sessions');
    // when the endpoint search asks for GET /search (only Alice searched)
    await page.getByLabel('Sessions that requested an endpoint').fill('GET /search');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await showsText(page.getByTestId('session-total'), '1 session');
    expect(new URL(page.url()).searchParams.get('endpoint')).toBe('GET /search');
    await showsText(sessionRows(page).first(), '192.0.2.10');

    // when Alice's whole session is shown and its endpoint row "GET shop.example.com /api/items/42" is picked
    await page.getByRole('link', { name: /Open session of/ }).first().click();
    await page.getByRole('button', { name: 'Show all requests' }).click();
    await showsText(requestTotal(page), `${aliceRequestCount} matching`);
    await page.getByRole('button', { name: 'Show only endpoints GET shop.example.com /api/items/42' }).click();
    await showsText(requestTotal(page), '1 matching');
    expect(new URL(page.url()).searchParams.get('endpoint')).toBe('GET /api/items/42');
    expect(new URL(page.url()).searchParams.get('host')).toBe('shop.example.com');
    await page.close();
  }, 60_000);

  it('links the parts of a session that outlived the maximum length', async () => {
    // given the session list of an application whose one client stayed longer than the maximum length
    const page = await open(`/sessions?application=${partsApplication}`);
    await showsText(page.getByTestId('session-total'), '2 sessions');
    // when the older part is opened (the list shows the newest activity first)
    await page.getByRole('link', { name: /Open session of/ }).last().click();
    const parts = page.getByRole('navigation', { name: 'Session parts' });
    await showsText(parts, 'Part 1 (this one)');
    const firstPartUrl = page.url();
    // then the next part is one click away, and it names the first one
    await parts.getByRole('link', { name: /Part 2/ }).click();
    await showsText(page.getByRole('navigation', { name: 'Session parts' }), 'Part 2 (this one)');
    expect(page.url()).not.toBe(firstPartUrl);
    await shot(page, '09-session-parts');
    await page.close();
  }, 60_000);

  it('serves the console at its routes and leaves the API and its errors alone', async () => {
    const console_ = await fetch(`${stack.gateway.url}/sessions/any-id?method=GET`);
    expect(console_.status).toBe(200);
    expect(console_.headers.get('content-type')).toMatch(/text\/html/);
    expect(await console_.text()).toContain('<div id="root">');
    const api = await fetch(`${stack.gateway.url}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
  });

  it('works with the keyboard alone and in the dark theme', async () => {
    const page = await open(`/sessions?application=${application}`);
    await showsText(page.getByTestId('session-total'), '2 sessions');
    // Tab to the first session link and open it with Enter
    const focusedClass = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.className ?? '');
    for (let presses = 0; presses < 60 && !(await focusedClass()).includes('row-link'); presses++) await page.keyboard.press('Tab');
    expect(await focusedClass()).toContain('row-link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sessions\/[^?]+/);
    await showsText(requestTotal(page), /\d+ matching/);
    // Tab to the first request's expander and open its details with Enter
    for (let presses = 0; presses < 120 && !(await focusedClass()).includes('expander'); presses++) await page.keyboard.press('Tab');
    expect(await focusedClass()).toContain('expander');
    await page.keyboard.press('Enter');
    await page.locator('.request-details').waitFor();
    expect(new URL(page.url()).searchParams.get('open')).not.toBeNull();

    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot(page, '08-session-details-dark');
    await page.close();
  }, 60_000);

  it('says clearly when the gateway does not answer', async () => {
    const page = await browser.context.newPage();
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${stack.gateway.url}/sessions`);
    await page.getByText('The gateway is not answering').first().waitFor({ timeout: 20_000 });
    await shot(page, '10-gateway-down');
    await page.close();
  }, 60_000);
});
