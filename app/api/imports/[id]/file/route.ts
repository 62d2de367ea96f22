import { importCaller } from "@/app/_lib/import-caller";
import { db } from "@/server/db";
import { getImportOriginal } from "@/server/imports/get-import-original";
import { guardRoute } from "@/server/http/route-errors";
import { importIdParams } from "@/server/imports/schemas";

export const dynamic = "force-dynamic";

/** `GET /api/imports/<id>/file`: the original logger file, byte for byte, as an attachment. */
export const GET = guardRoute("imports.original", async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const caller = await importCaller(req);
  if (caller instanceof Response) return caller;
  const parsed = importIdParams.safeParse(await params);
  if (!parsed.success) return Response.json({ error: "Not an import id." }, { status: 400 });
  const file = await getImportOriginal(db, { id: parsed.data.id, sourceId: caller.source?.id });
  if (!file) return Response.json({ error: "No kept file for this import (unknown, or expired under the logger files retention)." }, { status: 404 });
  // The name as an RFC 5987 parameter, and an ASCII fallback: a name can hold anything a logger wrote.
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.bytes.length),
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
});
