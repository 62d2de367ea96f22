import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets";

function nest(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { level: value };
  return value;
}

describe("redactSecrets", () => {
  it("replaces secret-looking fields and keeps the rest", () => {
    expect(redactSecrets({ email: "a@b", password: "hunter2", nested: { apiKey: "k", items: [{ token: "t", n: 1 }] } })).toEqual({
      email: "a@b",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", items: [{ token: "[redacted]", n: 1 }] },
    });
  });

  it.each([5, 9, 12, 40])("leaves no secret in the copy at depth %i", (levels) => {
    const copy = JSON.stringify(redactSecrets(nest(levels, { password: "hunter2", newPassword: "correct horse" })));
    expect(copy).not.toContain("hunter2");
    expect(copy).not.toContain("correct horse");
  });

  it("keeps scalars at the depth limit and marks what it dropped", () => {
    expect(JSON.stringify(redactSecrets(nest(12, { password: "x" })))).toContain("[redacted: nested too deep]");
    expect(redactSecrets(nest(3, "plain"))).toEqual(nest(3, "plain"));
  });
});
