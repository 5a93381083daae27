import { planOwnership, preferredOwner } from './partition-ownership';

const nowMs = 1_000_000;
const lease = (owner: string, inMs = 5000) => ({ owner, expiresAtMs: nowMs + inMs });

describe('planOwnership', () => {
  it('given one instance and no leases, when planned, then it claims every partition', () => {
    expect(planOwnership({ me: 'a', partitions: 4, liveMembers: ['a'], leases: {}, nowMs })).toEqual({ renew: [], release: [], claim: [0, 1, 2, 3] });
  });

  it('given three instances, when each plans, then every partition has exactly one claimant', () => {
    const members = ['c', 'a', 'b'];
    const claims = members.flatMap((me) => planOwnership({ me, partitions: 8, liveMembers: members, leases: {}, nowMs }).claim);
    expect(claims.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(planOwnership({ me: 'a', partitions: 8, liveMembers: members, leases: {}, nowMs }).claim).toEqual([0, 3, 6]);
  });

  it('given a second instance joins, when the first plans, then it releases what the newcomer is preferred for and renews the rest', () => {
    const leases = { 0: lease('a'), 1: lease('a'), 2: lease('a'), 3: lease('a') };
    expect(planOwnership({ me: 'a', partitions: 4, liveMembers: ['a', 'b'], leases, nowMs })).toEqual({ renew: [0, 2], release: [1, 3], claim: [] });
    // The newcomer waits until the leases are released or expire.
    expect(planOwnership({ me: 'b', partitions: 4, liveMembers: ['a', 'b'], leases, nowMs }).claim).toEqual([]);
  });

  it('given an instance died, when its leases expire, then the survivors claim its partitions', () => {
    const leases = { 0: lease('a'), 1: lease('b', -1), 2: lease('a'), 3: lease('b', -1) };
    expect(planOwnership({ me: 'a', partitions: 4, liveMembers: ['a'], leases, nowMs })).toEqual({ renew: [0, 2], release: [], claim: [1, 3] });
  });

  it('given a lease held by another instance, when it has not expired, then nobody else claims it', () => {
    expect(planOwnership({ me: 'a', partitions: 1, liveMembers: ['a'], leases: { 0: lease('b') }, nowMs }).claim).toEqual([]);
  });

  it('spreads partitions by the sorted member ids, whatever order they are listed in', () => {
    expect(preferredOwner(5, ['b', 'a', 'c'])).toBe(preferredOwner(5, ['c', 'b', 'a']));
  });
});
