import { importCaller } from "@/app/_lib/import-caller";
import { db } from "@/server/db";
import { getImportStatus } from "@/server/imports/get-import-status";
import { guardRoute } from "@/server/http/route-errors";
import { importIdParams } from "@/server/imports/schemas";

export const dynamic = "force-dynamic";

/** `GET /api/imports/<id>`: status, progress, rows, points, period, report and columns of one import. */
export const GET = guardRoute("imports.status", async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const caller = await importCaller(req);
  if (caller instanceof Response) return caller;
  const parsed = importIdParams.safeParse(await params);
  if (!parsed.success) return Response.json({ error: "Not an import id." }, { status: 400 });
  // Another source's import answers as if it did not exist.
  const status = await getImportStatus(db, { id: parsed.data.id, sourceId: caller.source?.id });
  if (!status) return Response.json({ error: "No import with this id." }, { status: 404 });
  return Response.json(status, { headers: { "cache-control": "no-store" } });
});
