import type { DetectableRequest } from '../types';

/** Headers of an ordinary API client, so that only the value under test can trip a detector. */
const clientHeaders = {
  host: 'api.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  accept: 'application/json',
};

/** A parameter value as the query parameter `q` of a search: `GET /search?q=<URL-encoded value>`. */
export function valueInQuery(value: string): DetectableRequest {
  return { method: 'GET', path: '/search', query: `q=${encodeURIComponent(value)}`, requestHeaders: { ...clientHeaders }, requestBody: null };
}

/** A parameter value as the JSON body field `q`: `POST /api/items` with `{"q": value}`. */
export function valueInJsonBody(value: string): DetectableRequest {
  const requestBody = JSON.stringify({ q: value });
  return {
    method: 'POST',
    path: '/api/items',
    query: '',
    requestHeaders: { ...clientHeaders, 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(requestBody).length) },
    requestBody,
  };
}
