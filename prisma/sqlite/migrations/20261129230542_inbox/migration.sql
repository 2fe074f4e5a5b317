-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "SentQuestion" (
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "awaiting" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("chatId", "messageId")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_doneAt_id_idx" ON "InboxUpdate"("doneAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboxUpdate_source_key_key" ON "InboxUpdate"("source", "key");

-- CreateIndex
CREATE INDEX "SentQuestion_at_idx" ON "SentQuestion"("at");
