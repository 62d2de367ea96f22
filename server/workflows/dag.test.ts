import { describe, expect, it } from "vitest";
import { dagProblem, findCycle, MAX_WORKFLOW_NODES, type Edge } from "./dag";
import { workflowState, type NodeRun } from "./node-states";

const e = (upstreamId: string, downstreamId: string, condition: Edge["condition"] = "success"): Edge => ({ upstreamId, downstreamId, condition });
const run = (definitionId: string, status: NodeRun["status"], at = 0, fanOutKey: string | null = null): NodeRun => ({
  id: `${definitionId}-${at}-${fanOutKey}`,
  definitionId,
  fanOutKey,
  status,
  queuedAt: new Date(at),
});

describe("workflow graph", () => {
  it("finds a cycle and names it, and accepts a diamond", () => {
    expect(findCycle([e("a", "b"), e("b", "c"), e("c", "a")])).toEqual(["a", "b", "c", "a"]);
    expect(findCycle([e("a", "b"), e("a", "c"), e("b", "d"), e("c", "d")])).toBeNull();
    expect(dagProblem([e("a", "a")], "a", (id) => id)).toMatch(/cannot depend on itself/);
    expect(dagProblem([e("a", "b"), e("b", "a")], "a", (id) => id)).toMatch(/cycle: [ab] → [ab] → [ab]/);
  });

  it("a hostile graph: a 100,000-node chain closing on itself is found without overflowing the stack, and a big workflow is refused", () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => e(`n${i}`, `n${i + 1}`));
    expect(findCycle(chain)).toBeNull();
    expect(findCycle([...chain, e("n100000", "n0")])?.length).toBe(100_002);
    const star = Array.from({ length: MAX_WORKFLOW_NODES }, (_, i) => e("root", `n${i}`));
    expect(dagProblem(star, "root", (id) => id)).toMatch(/at most 50 jobs/);
  });

  it("node states: success, failure and any edges; a failed upstream skips its success edge; a join waits for every child", () => {
    const nodes = new Set(["a", "b", "onFail", "always"]);
    const edges = [e("a", "b"), e("a", "onFail", "failure"), e("a", "always", "any")];
    const failed = workflowState(nodes, edges, new Set(["a"]), [run("a", "dead")]);
    expect(failed.ready.sort()).toEqual(["always", "onFail"]);
    expect(failed.states.get("b")).toBe("skipped");
    const ok = workflowState(nodes, edges, new Set(["a"]), [run("a", "succeeded")]);
    expect(ok.ready.sort()).toEqual(["always", "b"]);
    expect(ok.states.get("onFail")).toBe("skipped");
    // A retry (newer run of the same key) supersedes the failure.
    expect(workflowState(nodes, edges, new Set(["a"]), [run("a", "dead", 1), run("a", "succeeded", 2)]).ready.sort()).toEqual(["always", "b"]);
    const fan = new Set(["fan", "join"]);
    const children = [run("fan", "succeeded", 1, "north"), run("fan", "running", 1, "south")];
    expect(workflowState(fan, [e("fan", "join")], new Set(["fan"]), children).ready).toEqual([]);
    children[1].status = "succeeded";
    expect(workflowState(fan, [e("fan", "join")], new Set(["fan"]), children).ready).toEqual(["join"]);
    const done = workflowState(fan, [e("fan", "join")], new Set(["fan", "join"]), [...children, run("join", "succeeded", 3)]);
    expect(done).toMatchObject({ done: true, failed: false });
  });
});
