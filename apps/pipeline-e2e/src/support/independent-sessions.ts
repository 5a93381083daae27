/**
 * The documented session rule for traffic without cookies or configured keys, computed here on its own
 * and deliberately without the project's parsers: same client IP and User-Agent, and a gap of more than
 * 30 minutes starts a new session. The test compares what the gateway serves with this.
 */
const monthIndex: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

export type LoggedRequest = { line: number; clientIp: string; userAgent: string; timeMs: number };

/** Reads the fields the rule needs from a combined-format line; null for a line that is not one. */
export function readCombinedLine(text: string, line: number): LoggedRequest | null {
  const clientIp = text.slice(0, text.indexOf(' '));
  const open = text.indexOf('[');
  const close = text.indexOf(']', open);
  const quoted = text.split('"');
  // A complete line has 6 quotes: request, referer, user agent.
  if (open < 0 || close < 0 || quoted.length < 7) return null;
  const stamp = text.slice(open + 1, close); // 17/May/2015:10:05:03 +0000
  const [day, month, rest] = stamp.split('/');
  const [year, hours, minutes, secondsAndZone] = rest.split(':');
  const [seconds, zone] = secondsAndZone.split(' ');
  const zoneMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const timeMs = Date.UTC(Number(year), monthIndex[month], Number(day), Number(hours), Number(minutes), Number(seconds)) - zoneMinutes * 60_000;
  return { line, clientIp, userAgent: quoted[5], timeMs };
}

export type ExpectedSession = { clientIp: string; userAgent: string; requestTimesMs: number[] };

export function expectedSessions(requests: LoggedRequest[], idleTimeoutMs = 30 * 60_000): ExpectedSession[] {
  const byClient = new Map<string, LoggedRequest[]>();
  for (const request of requests) {
    const key = `${request.clientIp}\n${request.userAgent}`;
    byClient.set(key, [...(byClient.get(key) ?? []), request]);
  }
  const sessions: ExpectedSession[] = [];
  for (const list of byClient.values()) {
    list.sort((a, b) => a.timeMs - b.timeMs);
    let current: ExpectedSession | undefined;
    for (const request of list) {
      const last = current?.requestTimesMs[current.requestTimesMs.length - 1];
      if (!current || last === undefined || request.timeMs - last > idleTimeoutMs) {
        current = { clientIp: request.clientIp, userAgent: request.userAgent, requestTimesMs: [] };
        sessions.push(current);
      }
      current.requestTimesMs.push(request.timeMs);
    }
  }
  return sessions;
}
