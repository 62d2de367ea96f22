export type ProcessRole = "web" | "worker";

export interface BudgetInput {
  role: ProcessRole;
  /** This process's pool size. */
  mine: number;
  /** PostgreSQL's max_connections and superuser_reserved_connections. */
  maxConnections: number;
  superuserReserved: number;
  /** Connections kept for web processes: workers together may not claim them. */
  webReserve: number;
  /** The live claims of the other processes. */
  claims: ReadonlyArray<{ role: string; pgConnections: number }>;
}

export interface BudgetVerdict {
  ok: boolean;
  /** What all processes may claim, and what workers may. */
  capacity: number;
  workerLimit: number;
  claimed: number;
  claimedByWorkers: number;
  message: string;
}

/**
 * Pure: may a process with this pool start? All claims together stay within max_connections (less the
 * superusers' reserve); the workers' claims also stay out of the connections kept for web processes,
 * so a fleet of workers never takes the pool the console needs.
 */
export function budgetVerdict(input: BudgetInput): BudgetVerdict {
  const capacity = Math.max(0, input.maxConnections - input.superuserReserved);
  const workerLimit = Math.max(0, capacity - input.webReserve);
  const claimed = input.claims.reduce((sum, c) => sum + c.pgConnections, 0);
  const claimedByWorkers = input.claims.filter((c) => c.role === "worker").reduce((sum, c) => sum + c.pgConnections, 0);
  const figures = { capacity, workerLimit, claimed, claimedByWorkers };
  if (claimed + input.mine > capacity) {
    return {
      ok: false,
      ...figures,
      message: `PostgreSQL connection budget exceeded: this ${input.role} process would open up to ${input.mine}, running processes have claimed ${claimed} of the server's ${capacity} (max_connections ${input.maxConnections} less ${input.superuserReserved} for superusers). Lower DATABASE_POOL_MAX, stop a process or raise max_connections.`,
    };
  }
  if (input.role === "worker" && claimedByWorkers + input.mine > workerLimit) {
    return {
      ok: false,
      ...figures,
      message: `PostgreSQL connection budget exceeded: this worker would open up to ${input.mine}, workers have claimed ${claimedByWorkers} of the ${workerLimit} they may use (${input.webReserve} of ${capacity} are kept for web processes: DATABASE_WEB_RESERVE). Lower DATABASE_POOL_MAX, stop a worker or raise max_connections.`,
    };
  }
  return {
    ok: true,
    ...figures,
    message: `claimed ${input.mine} PostgreSQL connections (${claimed + input.mine} of ${capacity} claimed in all${input.role === "worker" ? `, workers ${claimedByWorkers + input.mine} of ${workerLimit}` : ""})`,
  };
}
