import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Offline-safe: the JS engine with the pg adapter lets the CLI use its bundled WASM
// schema engine instead of downloading a native binary (see README, "Database").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
