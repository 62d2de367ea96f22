import { aptInstall, which } from "./common";

/** HAProxy balances several web processes in the multi-web browser test and drill; Debian's package, installed when missing. */
export function ensureHaproxy(): void {
  if (!which("haproxy")) aptInstall(["haproxy"], "HAProxy (for the several-web-process test and drill)", "PATH (a haproxy binary)");
}
