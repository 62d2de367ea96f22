import type { JobsConfigPlan, PlannedChange } from "@/server/jobs/plan-jobs-config";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const tones: Record<PlannedChange["action"], Tone> = { create: "ok", update: "warn", delete: "bad", unchanged: "neutral" };
const show = (value: unknown) => JSON.stringify(value);

/** What applying a jobs file would do: one row per definition, each changed field with its old and new value. */
export function JobsConfigPlanTable({ plan }: { plan: JobsConfigPlan }) {
  const { create, update, unchanged, delete: deleted } = plan.counts;
  return (
    <>
      <p data-testid="jobs-config-counts">
        {create} to create, {update} to update, {unchanged} unchanged, {deleted} to delete
      </p>
      <table className="data" data-testid="jobs-config-plan">
        <thead>
          <tr>
            <th>Change</th>
            <th>Job</th>
            <th>Fields</th>
          </tr>
        </thead>
        <tbody>
          {plan.changes.map((change) => (
            <tr key={change.name} data-testid={`plan-${change.name}`} data-action={change.action}>
              <td>
                <StatusBadge tone={tones[change.action]}>{change.action}</StatusBadge>
              </td>
              <td>{change.name}</td>
              <td>
                {change.action === "update" ? (
                  <ul className="plain">
                    {change.changes.map((c) => (
                      <li key={c.path} className="mono">
                        {c.path}: {show(c.before)} → {show(c.after)}
                      </li>
                    ))}
                  </ul>
                ) : change.action === "create" ? (
                  <span className="mono">{change.fields.kind}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.notInFile.length > 0 && (
        <p className="muted" data-testid="jobs-config-kept">
          Not in the file, kept: {plan.notInFile.join(", ")}. Tick “Delete jobs not in the file” to delete them.
        </p>
      )}
    </>
  );
}
