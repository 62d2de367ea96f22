// Imported first by every entry point, before anything calls env().
import { config } from "dotenv";

config({ quiet: true });
