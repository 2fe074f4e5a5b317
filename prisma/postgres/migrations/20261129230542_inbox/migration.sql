-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentQuestion" (
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "awaiting" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentQuestion_pkey" PRIMARY KEY ("chatId","messageId")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_doneAt_id_idx" ON "InboxUpdate"("doneAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboxUpdate_source_key_key" ON "InboxUpdate"("source", "key");

-- CreateIndex
CREATE INDEX "SentQuestion_at_idx" ON "SentQuestion"("at");
