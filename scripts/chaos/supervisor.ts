/**
 * The chaos itself: SIGKILLs the worker's process group every `killEveryMs` counted from the moment
 * the restarted worker is back up ("worker running"), and in the same loop, when due, right after a
 * worker kill, kills Temporal, PostgreSQL and the simulator once each and starts them again. One action at a time, so a
 * worker is never started against a server that is down on purpose. Any process that dies without
 * being killed is restarted too, and counted as an unplanned exit.
 */
import type { Component, ComponentName } from './components.js';
import type { FaultPlan, InfraFault } from './fault-plan.js';

export interface SupervisorTally {
  kills: Record<ComponentName, number>;
  restarts: Record<ComponentName, number>;
  /** Processes found dead that the supervisor had not killed. */
  unplannedExits: Record<ComponentName, number>;
  /** What happened when, in ms since the first order ("12.3 s kill worker"). */
  events: string[];
}

export interface SupervisorOptions {
  components: Record<ComponentName, Component>;
  plan: FaultPlan;
  killEveryMs: number;
  /** How long a killed server stays down before it is started again. */
  downtimeMs: number;
  signal: AbortSignal;
  log: (message: string) => void;
  /** The loop could not go on (a process that would not start again): the run must stop. */
  onFailure: (error: Error) => void;
}

/** Start order; a heal restarts in this order too, so each finds what it needs running. */
const ORDER: ComponentName[] = ['postgres', 'temporal', 'simulator', 'worker'];
const RESTART_PATIENCE_MS = 180_000;
const zero = (): Record<ComponentName, number> => ({ postgres: 0, temporal: 0, simulator: 0, worker: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Supervisor {
  readonly tally: SupervisorTally = { kills: zero(), restarts: zero(), unplannedExits: zero(), events: [] };
  private readonly pending: InfraFault[];
  private stopping = false;
  private wake: () => void = () => undefined;
  private loop: Promise<void> | undefined;
  /** When the first order was started: the plan's times count from it. */
  private t0 = Date.now();
  private failure: Error | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.pending = options.plan.infra.map((planned) => planned.fault);
  }

  /** Begins the kill loop at `t0`, the first order's start; the worker must be running. */
  begin(t0: number): void {
    this.t0 = t0;
    this.loop = this.run().catch((error: unknown) => {
      this.failure = error as Error;
      this.options.onFailure(error as Error);
    });
  }

  /** Stops the loop without any further fault (the run is over or aborted). */
  async halt(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  /**
   * Ends the loop after its current action, performs any server fault not yet due (every fault
   * happens once per run), and resolves once every process is up again.
   */
  async finish(): Promise<SupervisorTally> {
    this.stopping = true;
    this.wake();
    await this.loop;
    if (this.failure) throw this.failure;
    while (this.pending.length > 0) await this.serverFault(this.pending.shift()!);
    await this.heal();
    // From here on no more faults, but a process that dies on its own is still started again.
    this.stopping = false;
    this.loop = this.watch().catch((error: unknown) => {
      this.failure = error as Error;
      this.options.onFailure(error as Error);
    });
    return this.tally;
  }

  private async watch(): Promise<void> {
    while (!this.stopping && !this.options.signal.aborted) {
      await this.pause(1_000);
      if (this.stopping || this.options.signal.aborted) return;
      await this.heal();
    }
  }

  private note(message: string): void {
    const line = `${((Date.now() - this.t0) / 1000).toFixed(1)} s ${message}`;
    this.tally.events.push(line);
    this.options.log(line);
  }

  private async run(): Promise<void> {
    let upAt = Date.now();
    while (!this.stopping && !this.options.signal.aborted) {
      await this.pause(upAt + this.options.killEveryMs - Date.now());
      if (this.stopping || this.options.signal.aborted) return;
      await this.heal();
      await this.kill('worker');
      await this.restart('worker');
      // A server's turn comes right after a worker kill, so the worker's cadence is kept.
      const due = this.options.plan.infra.find(
        (planned) => this.pending.includes(planned.fault) && Date.now() - this.t0 >= planned.atMs,
      );
      if (due) {
        this.pending.splice(this.pending.indexOf(due.fault), 1);
        await this.serverFault(due.fault);
      }
      upAt = Date.now();
    }
  }

  /** Sleeps `ms`, or less when `finish` is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async serverFault(name: InfraFault): Promise<void> {
    await this.kill(name);
    await sleep(this.options.downtimeMs);
    await this.restart(name);
    // The worker rides out a server's absence; if it gave up, it is started again here.
    await this.heal();
  }

  private async kill(name: ComponentName): Promise<void> {
    const component = this.options.components[name];
    if (!component.alive()) {
      this.tally.unplannedExits[name]++;
      this.note(`${name} found dead before its kill`);
    }
    await component.kill();
    this.tally.kills[name]++;
    this.note(`SIGKILL ${name} (pid group ${component.pid ?? '?'})`);
  }

  /** Starts the component again, retrying until it serves (or the run is aborted). */
  private async restart(name: ComponentName): Promise<void> {
    const component = this.options.components[name];
    const deadline = Date.now() + RESTART_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await component.start(this.options.signal);
        this.tally.restarts[name]++;
        this.note(`${name} back up${attempt > 1 ? ` after ${attempt} attempts` : ''}`);
        return;
      } catch (error) {
        if (this.options.signal.aborted || this.stopping || Date.now() > deadline) throw error;
        this.note(`${name} start attempt ${attempt} failed: ${(error as Error).message.split('\n')[0]}`);
        await sleep(1_000);
      }
    }
  }

  /** Restarts whatever died without being killed. */
  private async heal(): Promise<void> {
    for (const name of ORDER) {
      if (this.options.components[name].alive()) continue;
      this.tally.unplannedExits[name]++;
      this.note(`${name} exited unplanned`);
      await this.restart(name);
    }
  }
}
