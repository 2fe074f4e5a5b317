-- CreateTable
CREATE TABLE "GroupContact" (
    "userId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "chosen" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "chatId")
);

-- CreateIndex
CREATE INDEX "GroupContact_chatId_idx" ON "GroupContact"("chatId");
