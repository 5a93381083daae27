import { Logger } from '@nestjs/common';
import { planOwnership } from '@sessionscope/sessionization/domain';
import { PartitionLeases } from '@sessionscope/sessionization/infra';

export type PartitionWorker = { start(): Promise<void>; stop(): Promise<void> };

export type CoordinatorOptions = {
  instanceId: string;
  partitions: number;
  /** A lease not renewed for this long expires, and its partition goes to another instance. */
  leaseMs: number;
};

/**
 * Runs the partitions this instance owns (see partition-ownership.ts): every third of a lease it sends
 * its heartbeat, reads the members and leases, and renews, releases or claims as the plan says.
 *
 * The round itself only writes to the bucket: starting and stopping workers (which waits for a batch in
 * flight, retries included) runs beside it, so that a slow stop never delays the heartbeat and the
 * renewals. A partition being released keeps its lease renewed until its worker has stopped, then the
 * lease is freed; a worker that cannot start frees its lease, so the partition is claimed again later.
 */
export class PartitionCoordinator {
  private readonly logger: Logger;
  private readonly workers = new Map<number, PartitionWorker>();
  /** Partitions whose worker is starting or stopping, with the work in flight. */
  private readonly transitions = new Map<number, Promise<void>>();
  private ticking: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private halted = false;

  constructor(
    private readonly leases: PartitionLeases,
    private readonly options: CoordinatorOptions,
    private readonly createWorker: (partition: number, onLost: (partition: number) => void) => PartitionWorker,
    private readonly clock: () => number = Date.now,
  ) {
    this.logger = new Logger(`Partitions ${options.instanceId}`);
  }

  /** Joins, takes the partitions it may take now, and keeps going every third of a lease. */
  async start(): Promise<void> {
    await this.tick();
    await this.settled();
    this.timer = setInterval(() => this.schedule(), Math.max(Math.floor(this.options.leaseMs / 3), 100));
  }

  ownedPartitions(): number[] {
    return [...this.workers.keys()].sort((a, b) => a - b);
  }

  /** Stops the workers, then frees their leases and leaves, so that the others take over at once. */
  async stop(): Promise<void> {
    this.halt();
    await this.ticking;
    await this.settled();
    const owned = this.ownedPartitions();
    await Promise.all(owned.map((partition) => this.stopWorker(partition)));
    // Each lease freed on its own: one that cannot be freed now expires, and the others are free at once.
    const freed = await Promise.allSettled(owned.map((partition) => this.leases.free(partition, this.options.instanceId)));
    for (const [index, result] of freed.entries()) if (result.status === 'rejected') this.logger.warn(`partition ${owned[index]}: lease not freed, it expires: ${(result.reason as Error).message}`);
    await this.leases.leaveMembers(this.options.instanceId).catch((error: unknown) => this.logger.warn(`leaving the members failed, the heartbeat expires: ${(error as Error).message}`));
  }

  /** As a dying instance would: stops working without freeing anything (the leases expire). For tests. */
  async crash(): Promise<void> {
    this.halt();
    await this.ticking;
    await this.settled();
    await Promise.all(this.ownedPartitions().map((partition) => this.stopWorker(partition)));
  }

  private halt(): void {
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async settled(): Promise<void> {
    while (this.transitions.size > 0) await Promise.all(this.transitions.values());
  }

  private schedule(): void {
    if (this.halted) return;
    this.ticking = this.ticking.then(() => this.tick()).catch((error: unknown) => this.logger.warn(`ownership round failed, retried: ${(error as Error).message}`));
  }

  private async tick(): Promise<void> {
    const { instanceId: me, partitions, leaseMs } = this.options;
    const nowMs = this.clock();
    await this.leases.heartbeat(me, nowMs);
    const liveMembers = await this.leases.liveMembers(nowMs, leaseMs);
    const leases = await this.leases.leases(partitions);
    const plan = planOwnership({ me, partitions, liveMembers, leases, nowMs });
    const lease = { owner: me, expiresAtMs: nowMs + leaseMs };
    // A partition on its way out stays leased until its worker has stopped.
    const releasing = plan.release.filter((partition) => this.workers.has(partition) || this.transitions.has(partition));
    for (const partition of [...plan.renew, ...releasing]) {
      const written = await this.writeLease(partition, lease);
      // Unknown (the bucket did not answer): the worker goes on, and the next round tries again.
      if (written === null) continue;
      if (written) {
        if (plan.renew.includes(partition)) this.transition(partition, () => this.startWorker(partition));
      } else {
        this.transition(partition, () => this.stopWorker(partition));
      }
    }
    for (const partition of plan.release) {
      this.transition(partition, async () => {
        await this.stopWorker(partition);
        await this.leases.free(partition, me);
        this.logger.log(`released partition ${partition} to ${liveMembers.length} members`);
      });
    }
    for (const partition of plan.claim) {
      if (await this.writeLease(partition, lease)) this.transition(partition, () => this.startWorker(partition));
    }
    // A worker whose lease another instance holds now (this one was too slow to renew) stops.
    for (const partition of this.ownedPartitions()) {
      if (!plan.renew.includes(partition) && !plan.claim.includes(partition) && !plan.release.includes(partition)) this.transition(partition, () => this.stopWorker(partition));
    }
  }

  /** Writes one lease: true when written, false when another instance holds it, null when unknown. */
  private async writeLease(partition: number, lease: { owner: string; expiresAtMs: number }): Promise<boolean | null> {
    try {
      return await this.leases.write(partition, lease);
    } catch (error) {
      this.logger.warn(`partition ${partition}: lease not written this round: ${(error as Error).message}`);
      return null;
    }
  }

  /** Runs a start or stop of a partition's worker beside the rounds, one at a time per partition. */
  private transition(partition: number, work: () => Promise<void>): void {
    if (this.transitions.has(partition)) return;
    const running = work()
      .catch((error: unknown) => this.logger.warn(`partition ${partition}: ${(error as Error).message}`))
      .finally(() => this.transitions.delete(partition));
    this.transitions.set(partition, running);
  }

  private async startWorker(partition: number): Promise<void> {
    if (this.workers.has(partition) || this.halted) return;
    const worker = this.createWorker(partition, (lost) => {
      this.schedule();
      this.transition(lost, () => this.stopWorker(lost));
    });
    try {
      await worker.start();
    } catch (error) {
      await worker.stop().catch(() => undefined);
      // Free the lease: a later round claims the partition again and retries.
      await this.leases.free(partition, this.options.instanceId);
      throw new Error(`could not start, lease freed for a later try: ${(error as Error).message}`, { cause: error });
    }
    this.workers.set(partition, worker);
    this.logger.log(`took partition ${partition}`);
  }

  private async stopWorker(partition: number): Promise<void> {
    const worker = this.workers.get(partition);
    if (!worker) return;
    this.workers.delete(partition);
    await worker.stop();
  }
}
