import { handleTrpcRequest } from "@/server/api/handle-trpc-request";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return handleTrpcRequest(req);
}

export { handler as GET, handler as POST };
