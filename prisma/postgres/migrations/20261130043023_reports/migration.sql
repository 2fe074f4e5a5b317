-- DropIndex
DROP INDEX "Report_chatId_unit_year_key";

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "subject" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ChatCurrent" (
    "chatId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatCurrent_pkey" PRIMARY KEY ("chatId")
);

-- CreateIndex
CREATE INDEX "ChatCurrent_reportId_idx" ON "ChatCurrent"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_chatId_unit_year_subject_key" ON "Report"("chatId", "unit", "year", "subject");

-- AddForeignKey
ALTER TABLE "ChatCurrent" ADD CONSTRAINT "ChatCurrent_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
