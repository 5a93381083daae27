import type { InspectedValue } from '../types';
import { scannerDetector } from './scanner.detector';

function inspect(text: string, point = 'header.user-agent') {
  const value: InspectedValue = { point, value: text, raw: text };
  return scannerDetector.inspect(value, { paranoia: 1 });
}

describe('scanner detector', () => {
  it.each([
    ['sqlmap/1.7.2#stable (https://sqlmap.org)', 'scanner/user-agent:sqlmap'],
    ['Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)', 'scanner/user-agent:nikto'],
    ['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'scanner/user-agent:nmap'],
    ['Fuzz Faster U Fool v2.1.0', 'scanner/user-agent:fuzz faster'],
    ['WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)', 'scanner/user-agent:wpscan'],
  ])('given the user agent %j, when inspected, then it is a scanner', (agent, detector) => {
    const hit = inspect(agent);
    expect(hit?.type).toBe('scanner');
    expect(hit?.detector).toBe(detector);
    expect(hit?.payload).toBe(agent);
  });

  it('given a header only scanners send, when inspected, then it is a scanner', () => {
    expect(inspect('1', 'header.acunetix-product')?.detector).toBe('scanner/header');
  });

  it.each([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Las Vegas travel app/1.0',
    'curl/8.5.0',
  ])('given the ordinary user agent %j, when inspected, then nothing fires', (agent) => {
    expect(inspect(agent)).toBeNull();
  });

  it('given a scanner name in a parameter, when inspected, then the scanner detector ignores it', () => {
    expect(inspect('sqlmap', 'query.q')).toBeNull();
  });
});
