-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';
