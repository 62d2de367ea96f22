// The web process (server/main.ts) with the test kinds registered, for the browser tests: the
// registry is on globalThis, so the Next.js bundle's routers see them too.
import "../../server/load-dotenv";
import "./test-job-kinds";
import "../../server/main";
