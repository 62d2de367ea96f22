import { apiUser } from "@/app/_lib/api-user";
import { db } from "@/server/db";
import { getReadingsExportFile } from "@/server/exports/get-readings-export-file";
import { readingsExportIdInput } from "@/server/exports/schemas";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await apiUser(req, "viewer");
  if (user instanceof Response) return user;
  const parsed = readingsExportIdInput.safeParse(await params);
  if (!parsed.success) return Response.json({ error: "Not an export id." }, { status: 400 });
  // Someone else's export answers as if it did not exist.
  const file = await getReadingsExportFile(db, { id: parsed.data.id, user });
  if (!file) return Response.json({ error: "No finished export with this id." }, { status: 404 });
  const stamp = file.createdAt.toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": "application/zip",
      "content-length": String(file.content.length),
      "content-disposition": `attachment; filename="gristmill-readings-${stamp}.zip"`,
      "cache-control": "no-store",
    },
  });
}
