import { apiUser } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { getReadingsExportFile } from "@/server/exports/get-readings-export-file";
import { readingsExportIdInput } from "@/server/exports/schemas";
import { guardRoute } from "@/server/http/route-errors";

export const dynamic = "force-dynamic";

export const GET = guardRoute("exports.download", async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await apiUser(req, "viewer");
  if (user instanceof Response) return user;
  const parsed = readingsExportIdInput.safeParse(await params);
  if (!parsed.success) return Response.json({ error: "Not an export id." }, { status: 400 });
  // Someone else's export answers as if it did not exist.
  const file = await getReadingsExportFile(db, { id: parsed.data.id, user });
  if (!file) return Response.json({ error: "No finished export with this id." }, { status: 404 });
  const slices = file.slices();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await slices.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
    async cancel() {
      await slices.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
