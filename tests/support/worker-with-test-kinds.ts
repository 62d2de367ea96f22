// A worker process (worker/main.ts) that also runs the test kinds, for tests, benchmarks and drills.
import "../../server/load-dotenv";
import "./test-job-kinds";
import "../../worker/main";
