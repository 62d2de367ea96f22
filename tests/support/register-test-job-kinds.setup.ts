// vitest's setup file: every test file sees the product's kinds and the test kinds.
import "./test-job-kinds";
