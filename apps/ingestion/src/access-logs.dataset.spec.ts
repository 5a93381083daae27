import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraffic } from '@sessionscope/ingestion/domain';

/**
 * The real access logs of ../shared/datasets (beside the project root) through the log parser. A
 * fresh clone has no ../shared: then these tests are skipped, saying so.
 */
const datasets = join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'access-logs');
const apacheLogs = join(datasets, 'apache_logs.log');
const hackersLog = join(datasets, 'hackers-access.log');
const present = existsSync(apacheLogs) && existsSync(hackersLog);
if (!present) console.warn(`skipping the access log dataset tests: ${datasets} is absent (it lives in ../shared beside the project)`);
const describeWithDatasets = present ? describe : describe.skip;

function parseFile(file: string) {
  let ids = 0;
  return parseTraffic(readFileSync(file), { format: 'combined', tenant: 'default', host: 'example.com', maxLineBytes: 512 * 1024 }, { newId: () => `id-${++ids}` });
}

describeWithDatasets('real access logs', () => {
  it('reads all 10,000 lines of apache_logs.log but the truncated line 8899', () => {
    const { requests, rejections } = parseFile(apacheLogs);
    expect(rejections).toEqual([{ line: 8899, field: 'userAgent', message: 'the user agent has no closing quote (is the line truncated?)' }]);
    expect(requests).toHaveLength(9999);
    expect(new Set(requests.map((request) => request.clientIp)).size).toBe(1753);
    expect(requests.every((request) => request.timestamp.startsWith('2015-05-') && request.timestamp.slice(14, 16) === '05')).toBe(true);
  });

  it('reads every line of hackers-access.log, with its +0100 times in UTC', () => {
    const { requests, rejections } = parseFile(hackersLog);
    expect(rejections).toEqual([]);
    expect(requests).toHaveLength(3456);
    expect(requests[0]).toMatchObject({ timestamp: '2015-10-25T03:11:25.000Z', clientIp: '195.154.46.135', path: '/linux/doing-pxe-without-dhcp-control' });
    expect(requests.filter((request) => request.method === 'POST').length).toBeGreaterThan(0);
  });
});
