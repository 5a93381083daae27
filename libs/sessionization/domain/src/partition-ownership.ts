/**
 * Which sessionization instance owns which partition of the request stream, decided by every instance
 * alike from the same facts: the live members and the leases in a shared key-value bucket.
 *
 * - A partition's preferred owner is the live member at `partition mod memberCount` in the sorted list of
 *   member ids, so the partitions spread evenly and every member computes the same spread.
 * - An instance renews the leases it holds while it is the preferred owner, releases (after stopping its
 *   worker) a lease whose preferred owner is another live member, and claims a partition it is preferred
 *   for once nobody holds its lease or the lease expired.
 * - A lease expires `leaseMs` after its last renewal. An instance that dies stops renewing, drops out of
 *   the live members, and its partitions go to the others once its leases expire: nothing is lost,
 *   because a partition resumes from its checkpoint, and the checkpoint is written with compare-and-set
 *   so that an owner that lost its lease cannot overwrite the work of the next one.
 */
export type Lease = { owner: string; expiresAtMs: number };

export type OwnershipFacts = {
  me: string;
  partitions: number;
  /** Member ids with a heartbeat younger than the lease time, this instance included. */
  liveMembers: string[];
  leases: Record<number, Lease | undefined>;
  nowMs: number;
};

export type OwnershipPlan = { renew: number[]; release: number[]; claim: number[] };

export function preferredOwner(partition: number, liveMembers: string[]): string {
  const members = [...liveMembers].sort();
  return members[partition % members.length];
}

export function planOwnership(facts: OwnershipFacts): OwnershipPlan {
  const members = facts.liveMembers.includes(facts.me) ? facts.liveMembers : [...facts.liveMembers, facts.me];
  const plan: OwnershipPlan = { renew: [], release: [], claim: [] };
  for (let partition = 0; partition < facts.partitions; partition++) {
    const lease = facts.leases[partition];
    const held = lease !== undefined && lease.expiresAtMs > facts.nowMs;
    const preferred = preferredOwner(partition, members) === facts.me;
    if (held && lease.owner === facts.me) {
      if (preferred) plan.renew.push(partition);
      else plan.release.push(partition);
    } else if (!held && preferred) {
      plan.claim.push(partition);
    }
  }
  return plan;
}
