import { csvDownloadRoute } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { exportDeadLettersCsv } from "@/server/dead-letters/export-dead-letters-csv";
import { deadLetterViewInput } from "@/server/dead-letters/schemas";

export const dynamic = "force-dynamic";

/** Dead letters as CSV: the page's view (its URL's filter and order), every page of it, payloads included. */
export const GET = csvDownloadRoute("dead-letters", "staff", deadLetterViewInput, (view) => exportDeadLettersCsv(db, view));
