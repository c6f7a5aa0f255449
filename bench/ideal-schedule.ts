/**
 * The reference schedule a benchmark run is measured against: the same servers with the launch
 * durations DRS actually took, the same wave dependencies, the same rule for admitting plans and
 * the DRS quotas, but no orchestration overhead at all. A wave starts the instant its
 * dependencies end, and a job ends the instant its slowest server is final.
 *
 * The scheduler is greedy. While no quota delays a job, every wave starts when it is released and
 * no schedule can be shorter, so the result is optimal. `quotaWaits` counts the cases where a
 * quota made a job wait. Where it is not zero, the result is a good schedule but not a proven
 * optimum.
 */

export interface DrsQuotaLimits {
  /** Servers in one StartRecovery job. */
  maxServersPerJob: number;
  /** Jobs in progress per account and Region. */
  maxJobsInProgress: number;
  /** Servers in all active jobs per account and Region. */
  maxServersInActiveJobs: number;
}

export interface IdealServer {
  sourceServerId: string;
  /** `ACCOUNT/REGION`; quotas apply to each target separately. */
  target: string;
  /** From IN_PROGRESS to final, as DRS took it. */
  durationMs: number;
}

export interface IdealWave {
  name: string;
  dependsOn: string[];
  servers: IdealServer[];
}

export interface IdealPlan {
  name: string;
  waves: IdealWave[];
}

export interface IdealWorkload {
  /** Admitted in this order whenever fewer than `maxConcurrentPlans` are running. */
  plans: IdealPlan[];
  maxConcurrentPlans: number;
  quotas: DrsQuotaLimits;
  /** How long DRS keeps a new job PENDING before its servers start. */
  jobStartDelayMs: number;
}

export interface IdealJob {
  plan: string;
  wave: string;
  target: string;
  submittedAtMs: number;
  endedAtMs: number;
  sourceServerIds: string[];
}

export interface IdealSchedule {
  /** From the first job submitted to the last server final. */
  makespanMs: number;
  jobs: IdealJob[];
  /** When each plan's last wave ended, by plan name. */
  planEndedAtMs: Record<string, number>;
  /** Submissions that had to wait for a quota; zero means the schedule is optimal. */
  quotaWaits: number;
  peakJobsInProgress: number;
  peakServersInActiveJobs: number;
}

interface WaveState {
  plan: string;
  wave: IdealWave;
  released: boolean;
  /** Servers not yet in a job, longest first so that long launches share jobs. */
  unsubmitted: IdealServer[];
  openJobs: number;
  endedAtMs: number | null;
}

interface TargetState {
  jobs: number;
  servers: number;
}

/** Rejects a plan whose waves name an unknown dependency or form a cycle. */
function checkWaveGraph(plan: IdealPlan): void {
  const names = new Set(plan.waves.map((wave) => wave.name));
  if (names.size !== plan.waves.length) {
    throw new Error(`plan "${plan.name}": wave names must be unique`);
  }
  for (const wave of plan.waves) {
    const unknown = wave.dependsOn.filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `plan "${plan.name}": wave "${wave.name}" depends on unknown wave(s) ${unknown.join(', ')}`,
      );
    }
  }

  const visiting = new Set<string>();
  const done = new Set<string>();
  const byName = new Map(plan.waves.map((wave) => [wave.name, wave]));
  const visit = (name: string): void => {
    if (done.has(name)) {
      return;
    }
    if (visiting.has(name)) {
      throw new Error(`plan "${plan.name}": waves form a cycle through "${name}"`);
    }
    visiting.add(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      visit(dependency);
    }
    visiting.delete(name);
    done.add(name);
  };
  plan.waves.forEach((wave) => visit(wave.name));
}

function checkWorkload(workload: IdealWorkload): void {
  const { quotas } = workload;
  if (workload.maxConcurrentPlans < 1) {
    throw new Error(`maxConcurrentPlans must be at least 1, got ${workload.maxConcurrentPlans}`);
  }
  if (quotas.maxServersPerJob < 1 || quotas.maxJobsInProgress < 1 || quotas.maxServersInActiveJobs < 1) {
    throw new Error('every DRS quota must be at least 1');
  }
  const seen = new Set<string>();
  for (const plan of workload.plans) {
    checkWaveGraph(plan);
    for (const server of plan.waves.flatMap((wave) => wave.servers)) {
      // DRS allows one job per server at a time; a server launched twice would need two.
      if (seen.has(server.sourceServerId)) {
        throw new Error(`server ${server.sourceServerId} appears in more than one wave`);
      }
      seen.add(server.sourceServerId);
      if (!(server.durationMs >= 0)) {
        throw new Error(`server ${server.sourceServerId} has an invalid duration ${server.durationMs}`);
      }
    }
  }
}

/** Computes the zero-overhead schedule of a workload; see the file header for what it guarantees. */
export function computeIdealSchedule(workload: IdealWorkload): IdealSchedule {
  checkWorkload(workload);
  const { quotas, jobStartDelayMs } = workload;
  const queue = [...workload.plans];
  const running = new Map<string, WaveState[]>();
  const planEndedAtMs: Record<string, number> = {};
  const targets = new Map<string, TargetState>();
  const active: Array<IdealJob & { states: WaveState; serverCount: number }> = [];
  const jobs: IdealJob[] = [];
  let quotaWaits = 0;
  let peakJobs = 0;
  let peakServers = 0;
  let nowMs = 0;

  const targetState = (target: string): TargetState => {
    let state = targets.get(target);
    if (!state) {
      state = { jobs: 0, servers: 0 };
      targets.set(target, state);
    }

    return state;
  };

  const submitJob = (wave: WaveState, target: string, servers: IdealServer[]): void => {
    const longestMs = Math.max(...servers.map((server) => server.durationMs));
    const job = {
      plan: wave.plan,
      wave: wave.wave.name,
      target,
      submittedAtMs: nowMs,
      endedAtMs: nowMs + jobStartDelayMs + longestMs,
      sourceServerIds: servers.map((server) => server.sourceServerId),
      states: wave,
      serverCount: servers.length,
    };
    active.push(job);
    jobs.push({
      plan: job.plan,
      wave: job.wave,
      target,
      submittedAtMs: job.submittedAtMs,
      endedAtMs: job.endedAtMs,
      sourceServerIds: job.sourceServerIds,
    });
    wave.openJobs += 1;
    const state = targetState(target);
    state.jobs += 1;
    state.servers += servers.length;
    peakJobs = Math.max(peakJobs, state.jobs);
    peakServers = Math.max(peakServers, state.servers);
  };

  /** Sends as many servers of a released wave to DRS as the quotas allow now. */
  const submitWave = (wave: WaveState): void => {
    const byTarget = new Map<string, IdealServer[]>();
    for (const server of wave.unsubmitted) {
      byTarget.set(server.target, [...(byTarget.get(server.target) ?? []), server]);
    }
    const left: IdealServer[] = [];
    for (const [target, servers] of byTarget) {
      const state = targetState(target);
      let next = 0;
      while (next < servers.length) {
        const room = Math.min(quotas.maxServersPerJob, quotas.maxServersInActiveJobs - state.servers);
        if (state.jobs >= quotas.maxJobsInProgress || room <= 0) {
          quotaWaits += 1;
          break;
        }
        const size = Math.min(room, servers.length - next);
        submitJob(wave, target, servers.slice(next, next + size));
        next += size;
      }
      left.push(...servers.slice(next));
    }
    wave.unsubmitted = left;
  };

  /** Releases waves whose dependencies ended and ends empty waves, until nothing changes. */
  const releaseReadyWaves = (states: WaveState[]): void => {
    let changed = true;
    while (changed) {
      changed = false;
      const ended = new Set(
        states.filter((state) => state.endedAtMs !== null).map((state) => state.wave.name),
      );
      for (const state of states) {
        if (state.released || !state.wave.dependsOn.every((name) => ended.has(name))) {
          continue;
        }
        state.released = true;
        changed = true;
        if (state.wave.servers.length === 0) {
          state.endedAtMs = nowMs;
        }
      }
    }
  };

  const admitPlans = (): void => {
    while (running.size < workload.maxConcurrentPlans && queue.length > 0) {
      const plan = queue.shift() as IdealPlan;
      const states = plan.waves.map((wave) => ({
        plan: plan.name,
        wave,
        released: false,
        unsubmitted: [...wave.servers].sort((a, b) => b.durationMs - a.durationMs),
        openJobs: 0,
        endedAtMs: null,
      }));
      running.set(plan.name, states);
    }
  };

  const endFinishedPlans = (): boolean => {
    let ended = false;
    for (const [name, states] of running) {
      if (states.every((state) => state.endedAtMs !== null)) {
        planEndedAtMs[name] = Math.max(nowMs, ...states.map((state) => state.endedAtMs as number));
        running.delete(name);
        ended = true;
      }
    }

    return ended;
  };

  for (;;) {
    // Admitting a plan may end it at once (no servers), which frees its place for the next one.
    do {
      admitPlans();
      running.forEach((states) => releaseReadyWaves(states));
    } while (endFinishedPlans());

    for (const states of running.values()) {
      for (const state of states.filter((item) => item.released && item.unsubmitted.length > 0)) {
        submitWave(state);
      }
    }
    if (active.length === 0) {
      if (running.size > 0 || queue.length > 0) {
        throw new Error('the ideal schedule is stuck: waves are waiting but no job is active');
      }
      break;
    }

    nowMs = Math.min(...active.map((job) => job.endedAtMs));
    for (const job of active.filter((item) => item.endedAtMs === nowMs)) {
      active.splice(active.indexOf(job), 1);
      const state = targetState(job.target);
      state.jobs -= 1;
      state.servers -= job.serverCount;
      job.states.openJobs -= 1;
      if (job.states.openJobs === 0 && job.states.unsubmitted.length === 0) {
        job.states.endedAtMs = nowMs;
      }
    }
  }

  const firstSubmitMs = jobs.length === 0 ? 0 : Math.min(...jobs.map((job) => job.submittedAtMs));
  const lastEndMs = jobs.length === 0 ? 0 : Math.max(...jobs.map((job) => job.endedAtMs));

  return {
    makespanMs: lastEndMs - firstSubmitMs,
    jobs,
    planEndedAtMs,
    quotaWaits,
    peakJobsInProgress: peakJobs,
    peakServersInActiveJobs: peakServers,
  };
}

/**
 * Counts the fewest StartRecovery calls the waves need: one job per account and Region per
 * `maxServersPerJob` servers.
 */
export function minimumStartRecoveryCalls(waves: IdealWave[], maxServersPerJob: number): number {
  let calls = 0;
  for (const wave of waves) {
    const perTarget = new Map<string, number>();
    for (const server of wave.servers) {
      perTarget.set(server.target, (perTarget.get(server.target) ?? 0) + 1);
    }
    for (const count of perTarget.values()) {
      calls += Math.ceil(count / maxServersPerJob);
    }
  }

  return calls;
}
