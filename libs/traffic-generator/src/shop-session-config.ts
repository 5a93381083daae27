import type { SessionConfig } from '@sessionscope/contracts';

export const shopApplication = 'shop';
export const shopHost = 'shop.example.com';

/**
 * The session configuration the generated `shop` traffic is made for. A signed-in user's session key
 * is their token: the login response carries it in its JSON body (`token`), and every later request
 * carries the same token, in the Authorization header (`Bearer <token>`), in a `token` query parameter
 * or in a `token` field of a JSON body. Anonymous visitors carry a `sid` cookie; everyone else falls
 * back to IP + User-Agent. User and Roles are claims of the bearer token.
 *
 * The token points read the token's `jti` claim (its unique id) rather than the raw value: the header
 * carries `Bearer <token>` where the login response and the query carry `<token>`, and the claim is
 * the same at all four points whatever prefix a point adds.
 *
 * The maximum session length is 4 hours rather than the product's default of 24, so that traffic of a
 * few hours already has sessions in several parts.
 */
export const shopSessionConfig: SessionConfig = {
  keyChain: [
    { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'jti' },
    { source: 'request', in: 'query', name: 'token', jwtClaim: 'jti' },
    { source: 'request', in: 'body', path: 'token', jwtClaim: 'jti' },
    { source: 'response', in: 'body', path: 'token', jwtClaim: 'jti' },
    { source: 'request', in: 'cookie', name: 'sid' },
  ],
  user: { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sub' },
  roles: { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'role' },
  idleTimeoutMs: 30 * 60_000,
  maxSessionMs: 4 * 60 * 60_000,
};
