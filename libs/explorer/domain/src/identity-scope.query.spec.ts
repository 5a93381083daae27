import { AppError } from '@sessionscope/shared/errors';
import { noFilters } from './filter-parameters';
import { identityScopeSearch, withIdentityScope } from './identity-scope.query';

describe('identityScopeSearch', () => {
  it('finds the sessions of the users and roles that overlap the window, in the applications and sessions named', () => {
    const search = identityScopeSearch('acme', { ...noFilters, user: ['alice'], role: ['admin'], application: ['shop'], sessionId: ['s-1'], from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T11:00:00.000Z' });
    expect(search.query).toEqual({
      bool: {
        filter: [
          { term: { tenant: 'acme' } },
          { terms: { user: ['alice'] } },
          { terms: { roles: ['admin'] } },
          { terms: { application: ['shop'] } },
          { terms: { sessionId: ['s-1'] } },
          { range: { firstSeen: { lt: '2026-11-24T11:00:00.000Z', format: 'strict_date_optional_time' } } },
          { range: { lastSeen: { gte: '2026-11-24T10:00:00.000Z', format: 'strict_date_optional_time' } } },
        ],
      },
    });
  });
});

describe('withIdentityScope', () => {
  it('keeps the request queries to the sessions found, and refuses a user with more sessions than one search returns', () => {
    const found = { hits: { total: { value: 2 }, hits: [{ fields: { sessionId: ['s-1'] } }, { fields: { sessionId: ['s-2'] } }] } };
    expect(withIdentityScope({ ...noFilters, user: ['alice'] }, found).sessionScope).toEqual(['s-1', 's-2']);
    const tooMany = () => withIdentityScope({ ...noFilters, user: ['bot'] }, { hits: { total: { value: 10_001 }, hits: [] } });
    expect(tooMany).toThrow(AppError);
    expect(tooMany).toThrow(/10001 sessions match user=bot, more than 10000/);
  });
});
