-- CreateTable
CREATE TABLE "ReadingsExportChunk" (
    "exportId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ReadingsExportChunk_pkey" PRIMARY KEY ("exportId","seq")
);

-- Zip bytes do not compress: TOAST them out of line without trying.
ALTER TABLE "ReadingsExportChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;

-- AddForeignKey
ALTER TABLE "ReadingsExportChunk" ADD CONSTRAINT "ReadingsExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "ReadingsExport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Exports finished before this migration keep their zip, as one chunk.
INSERT INTO "ReadingsExportChunk" ("exportId", "seq", "data")
SELECT "id", 0, "content" FROM "ReadingsExport" WHERE "content" IS NOT NULL;

-- AlterTable
ALTER TABLE "ReadingsExport" DROP COLUMN "content";
